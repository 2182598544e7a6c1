"""Timing one page: warm (cached parts reused), cold (cache emptied) and after a write."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

from database import database_floor, selects, sql_answer

SLOW_REPEAT = 3


@dataclass
class Measurement:
    page: str
    selection: str
    url: str
    status: int = 0
    queries: int = 0
    times_ms: list[float] = field(default_factory=list)
    floor_ms: list[float] = field(default_factory=list)
    slowest_sql: list[tuple[float, str]] = field(default_factory=list)
    note: str = ""
    first_ms: float = float("nan")  # the first request of this URL in this run
    # Requests after emptying the cache (counts, rendered fragments): a selection nobody asked
    # for since the data last changed.
    cold_ms: list[float] = field(default_factory=list)
    cold_floor_ms: list[float] = field(default_factory=list)
    cold_queries: int = 0
    # Requests right after a write (a position saved): every cache is stale and each process
    # patches its facet index with what changed, once, whatever the selection.
    write_ms: list[float] = field(default_factory=list)
    write_queries: int = 0
    # /viewpoints/ only: the database alone answering the page's question in SQL (match count,
    # the page's ids, each facet's GROUP BY against the other facets), as the reference floor.
    answer_ms: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in (200, 304) and bool(self.times_ms)

    @property
    def median(self) -> float:
        return median(self.times_ms)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def floor(self) -> float:
        return median(self.floor_ms)

    @property
    def cold(self) -> float:
        return median(self.cold_ms)

    @property
    def answer(self) -> float:
        return median(self.answer_ms)

    @property
    def after_write(self) -> float:
        return median(self.write_ms)

    @property
    def cold_floor(self) -> float:
        return median(self.cold_floor_ms)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def _get(client, url: str, htmx: bool):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(url, headers=headers)


def measure(client, page: str, selection: str, url: str, args, htmx: bool = False) -> Measurement:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = Measurement(page, selection, url)
    started = time.perf_counter()
    response = _get(client, url, htmx)
    first = time.perf_counter() - started
    result.first_ms = first * 1000
    result.status = response.status_code
    if response.status_code != 200:
        result.note = f"HTTP {response.status_code}"
        if response.status_code in (301, 302):
            result.note += f" → {response.get('Location')}"
        return result
    warmup, repeat = args.warmup, args.repeat
    if first > args.slow:  # keep a run at 200k from taking hours; the table says so
        warmup, repeat = 0, min(repeat, SLOW_REPEAT)
        result.note = f"slow: {repeat} runs"
    for _ in range(warmup):
        _get(client, url, htmx)
    for _ in range(repeat):
        started = time.perf_counter()
        _get(client, url, htmx)
        result.times_ms.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url, htmx)
    result.queries = len(captured.captured_queries)
    result.floor_ms, result.slowest_sql = database_floor(selects(captured), repeat)
    measure_cold(client, result, url, args.cold, htmx)
    if page.startswith("viewpoints"):
        result.answer_ms = sql_answer(url.partition("?")[2], args.cold)
    return result


def measure_revalidation(client, url: str, args) -> Measurement:
    """A conditional GET of a page the client holds, answered 304 without rendering: warm,
    and right after a write (the first request after it gets the new page, 200)."""
    result = Measurement("viewpoints 304", "If-None-Match", url)
    etag = client.get(url).headers.get("ETag", "")
    headers = {"If-None-Match": etag}
    result.status = client.get(url, headers=headers).status_code
    if result.status != 304:
        result.note = f"HTTP {result.status}, not 304"
        return result
    for _ in range(args.warmup):
        client.get(url, headers=headers)
    for _ in range(args.repeat):
        started = time.perf_counter()
        client.get(url, headers=headers)
        result.times_ms.append((time.perf_counter() - started) * 1000)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers=headers)
    result.queries = len(captured.captured_queries)
    result.floor_ms, result.slowest_sql = database_floor(selects(captured), args.repeat)
    return result


def measure_cold(client, result: Measurement, url: str, repeat: int, htmx: bool) -> None:
    """Requests with an empty cache, and their database floor; then requests after a write."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.debate.models import Position

    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        _get(client, url, htmx)
        result.cold_ms.append((time.perf_counter() - started) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        _get(client, url, htmx)
    result.cold_queries = len(captured.captured_queries)
    result.cold_floor_ms, _ = database_floor(selects(captured), repeat)
    edited = Position.objects.order_by("-pk").first()
    for _ in range(repeat):
        edited.save()  # a researcher's edit: a new data version, one position logged as changed
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            _get(client, url, htmx)
        result.write_ms.append((time.perf_counter() - started) * 1000)
        result.write_queries = len(captured.captured_queries)
