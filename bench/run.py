"""Benchmark the list pages at 10k, 50k and 200k positions, against the admin and the database.

Run (the README's command; PostgreSQL, in its own database, created and migrated here)::

    make bench
    # which runs:
    DATABASE_URL=postgres://root@127.0.0.1:5432/chinadebate_bench \\
        .venv/bin/python bench/run.py --sizes 10000,50000,200000

For each size, ascending, the synthetic-data generator grows the database to that many
positions (only what is missing is added, so a second run reuses the data; ``--fresh`` starts
over), then for the same filter selections (no filter, one facet, three facets, free text, free
text plus facets, a deep page) it measures in-process, with django.test.Client through the full
middleware stack (public pages as an anonymous visitor, the admin as a signed-in superuser):

- /healthz, the cheapest request Django answers here (one ``SELECT 1``, no template): what
  any page costs at least, for the *page / health check* ratio;
- /viewpoints/ as a full page and as the htmx partial (``HX-Request: true``);
- the same selection in the Django admin changelist of positions, as a logged-in superuser:
  the baseline a team would otherwise use;
- the busiest theme's page (stance matrices), /search/, and the page of the expert with most
  positions;
- the database floor: the SQL each page ran (captured with CaptureQueriesContext), re-run
  alone with a timed cursor, plus the ``SELECT 1`` with which Django checks a persistent
  connection before a request's first query (CONN_HEALTH_CHECKS; not captured, not in the
  query counts);
- for /viewpoints/, the SQL answer: the database alone computing what the page shows with the
  reference SQL filters (match count, the page's ids, one GROUP BY per facet), the floor of any
  design that asks the database for the counts.

Each measurement is a median and 95th percentile over ``--repeat`` requests after
``--warmup`` ones (warm: the cached counts and rendered fragments are reused), then a median
over ``--cold`` requests each made after emptying the cache (cold: the first visitor of a
selection nobody asked for yet), with its database floor, and over as many requests each made
right after a write (a position saved, as a researcher does: every cached value is stale, and
the facet index reads that position again). URLs that answer 404 are
skipped with a notice. The tables go to stdout; every number also goes to
bench/results/bench-<time>.json (gitignored).

Options: ``--sizes`` (comma-separated position counts), ``--repeat`` (default 15),
``--warmup`` (default 3), ``--cold`` (default 3), ``--fresh`` (clear synthetic data first),
``--seed``, ``--slow`` (default 3 s: a page slower than that on its first request is measured
over 3 runs only, so
that a run at 200k positions does not take hours; the table notes it).
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

import harness

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
        return self.status == 200 and bool(self.times_ms)

    @property
    def median(self) -> float:
        return _median(self.times_ms)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def floor(self) -> float:
        return _median(self.floor_ms)

    @property
    def cold(self) -> float:
        return _median(self.cold_ms)

    @property
    def answer(self) -> float:
        return _median(self.answer_ms)

    @property
    def after_write(self) -> float:
        return _median(self.write_ms)

    @property
    def cold_floor(self) -> float:
        return _median(self.cold_floor_ms)


def _median(values: list[float]) -> float:
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
    result.floor_ms, result.slowest_sql = database_floor(_selects(captured), repeat)
    measure_cold(client, result, url, args.cold, htmx)
    if page.startswith("viewpoints"):
        result.answer_ms = sql_answer(url.partition("?")[2], args.cold)
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
    result.cold_floor_ms, _ = database_floor(_selects(captured), repeat)
    edited = Position.objects.order_by("-pk").first()
    for _ in range(repeat):
        edited.save()  # a researcher's edit: a new data version, one position logged as changed
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            _get(client, url, htmx)
        result.write_ms.append((time.perf_counter() - started) * 1000)
        result.write_queries = len(captured.captured_queries)


# Each facet's values, as a path from Position, for the SQL reference counts.
FACET_PATHS = {
    "theme": "themes",
    "question": "question",
    "stance": "stance",
    "expert": "holders__expert",
    "institution": "holders__institution",
    "kind": "holders__institution__kind",
    "pubkind": "source_kind",
    "year": "source_year",
    "tag": "tags",
    "chapter": "chapter",
}


def sql_answer(query_string: str, repeat: int) -> list[float]:
    """Time the database alone answering what /viewpoints/ shows for this selection with the
    reference SQL filters: the count, the page's ids, one GROUP BY per facet (compiled first,
    so only execution and fetching are timed)."""
    from django.db import connection
    from django.db.models import Count
    from django.http import QueryDict

    from apps.debate import filters

    query = filters.parse_viewpoint_params(QueryDict(query_string))
    start = (query.page - 1) * query.size
    matches = filters._filtered(query).order_by()
    querysets = (
        [
            matches.values("pk").annotate(n=Count("pk")),  # the count, read as rows
            filters.filter_positions(query).values_list("pk")[start : start + query.size],
        ]
        + [
            filters._filtered(query, skip=name)
            .order_by()
            .values(path)
            .annotate(n=Count("pk", distinct=True))
            for name, path in FACET_PATHS.items()
        ]
    )
    statements = [qs.query.sql_with_params() for qs in querysets]
    statements[0] = (f"SELECT COUNT(*) FROM ({statements[0][0]}) AS matches", statements[0][1])
    totals = []
    with connection.cursor() as cursor:
        for _ in range(repeat + 1):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            totals.append((time.perf_counter() - started) * 1000)
    return totals[1:]  # the first run warms the cache


# Django's check of a persistent connection (CONN_HEALTH_CHECKS), run before a request's first
# query and not captured with the others: part of what the database does for every page.
CONNECTION_CHECK = "SELECT 1"


def _selects(captured) -> list[str]:
    """The SELECTs a request ran, with the connection check Django ran before them."""
    from django.db import connection

    selects = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
    ]
    checked = connection.settings_dict["CONN_HEALTH_CHECKS"] and captured.captured_queries
    return [CONNECTION_CHECK, *selects] if checked else selects


def database_floor(statements: list[str], repeat: int) -> tuple[list[float], list[tuple]]:
    """Re-run a page's SELECTs alone: total time per run, and the slowest statements."""
    from django.db import connection

    totals: list[float] = []
    per_statement = [0.0] * len(statements)
    with connection.cursor() as cursor:
        for _ in range(repeat + 1):
            total = 0.0
            for i, sql in enumerate(statements):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                elapsed = (time.perf_counter() - started) * 1000
                total += elapsed
                per_statement[i] += elapsed
            totals.append(total)
    totals = totals[1:]  # the first run warms the cache
    slowest = sorted(
        ((ms / (repeat + 1), sql) for ms, sql in zip(per_statement, statements, strict=True)),
        reverse=True,
    )[:3]
    return totals, slowest


def run_size(visitor, researcher, growth: harness.Growth, args) -> list[Measurement]:
    """The public pages as an anonymous visitor (policy staff browsing), the admin as the
    signed-in superuser a team would use it as."""
    subjects = harness.pick_subjects()
    print(
        f"\nMeasuring at {growth.positions:,} synthetic positions "
        f"({subjects.total_positions:,} in all); theme {subjects.theme_slug}, "
        f"expert {subjects.expert_slug} ({subjects.expert_positions:,} positions)...",
        flush=True,
    )
    # The cheapest request Django answers here: one trivial query, no template.
    results = [measure(visitor, "health check", "SELECT 1", "/healthz", args)]
    for selection in harness.selections(subjects):
        query = f"?{urlencode(selection.params)}" if selection.params else ""
        admin_query = f"?{urlencode(selection.admin_params)}" if selection.admin_params else ""
        viewpoints = f"/viewpoints/{query}"
        results.append(measure(visitor, "viewpoints", selection.name, viewpoints, args))
        results.append(
            measure(visitor, "viewpoints htmx", selection.name, viewpoints, args, htmx=True)
        )
        admin = f"/admin/debate/position/{admin_query}"
        results.append(measure(researcher, "admin", selection.name, admin, args))
    results.append(
        measure(visitor, "theme page", "no filter", f"/themes/{subjects.theme_slug}/", args)
    )
    for q in (harness.FREE_TEXT, "数据治理"):
        search = f"/search/?{urlencode({'q': q})}"
        results.append(measure(visitor, "search", f"q={q}", search, args))
    results.append(
        measure(visitor, "expert page", "most positions", f"/experts/{subjects.expert_slug}/", args)
    )
    for skipped in {(r.page, r.note) for r in results if not r.ok}:
        print(f"  notice: skipped {skipped[0]} ({skipped[1]})", flush=True)
    return results


def _number(ms: float) -> float | None:
    return None if ms != ms else round(ms, 2)  # NaN is not JSON


def _fmt(ms: float) -> str:
    if ms != ms:
        return "—"  # NaN
    return f"{ms:.2f}" if ms < 1 else f"{ms:,.1f}"  # a warm page's one query is ~0.05 ms


def _ratio(a: float, b: float) -> str:
    return "—" if not (a == a and b == b and b > 0) else f"{a / b:.1f}×"


def print_size_table(growth: harness.Growth, results: list[Measurement]) -> None:
    admin = {r.selection: r for r in results if r.page == "admin" and r.ok}
    health = next((r.median for r in results if r.page == "health check" and r.ok), float("nan"))
    print(
        f"\n### {growth.positions:,} positions "
        f"({growth.counts.get('experts', 0):,} experts, "
        f"{growth.counts.get('publications', 0):,} publications; "
        f"generated in {growth.seconds:.0f} s)\n"
    )
    print(
        "| page | selection | median ms | p95 ms | queries | db floor ms | page / admin "
        "| page / db | page / health check | cold ms | cold queries | cold db floor ms | cold / admin | cold / db "
        "| after write ms | after write queries | SQL answer ms | cold / SQL answer | note |"
    )
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
    for r in results:
        if not r.ok:
            continue
        base = admin.get(r.selection) if r.page.startswith("viewpoints") else None
        print(
            f"| {r.page} | {r.selection} | {_fmt(r.median)} | {_fmt(r.p95)} | {r.queries} "
            f"| {_fmt(r.floor)} | {_ratio(r.median, base.median) if base else '—'} "
            f"| {_ratio(r.median, r.floor)} | {_ratio(r.median, health)} "
            f"| {_fmt(r.cold)} | {r.cold_queries} "
            f"| {_fmt(r.cold_floor)} | {_ratio(r.cold, base.median) if base else '—'} "
            f"| {_ratio(r.cold, r.cold_floor)} | {_fmt(r.after_write)} | {r.write_queries} "
            f"| {_fmt(r.answer)} | {_ratio(r.cold, r.answer)} | {r.note} |"
        )


def print_growth_table(runs: list[tuple[harness.Growth, list[Measurement]]]) -> None:
    if len(runs) < 2:
        return
    sizes = [g.positions for g, _ in runs]
    labels = [f"{s // 1000}k" if s >= 1000 else str(s) for s in sizes]
    by_key = [{(r.page, r.selection): r for r in results if r.ok} for _, results in runs]
    print(f"\n### Growth from {labels[0]} to {labels[-1]} positions (median ms; queries)\n")
    print(
        "| page | selection | "
        + " | ".join(labels)
        + f" | {labels[-1]} / {labels[0]} | cold "
        + " | cold ".join(labels)
        + " | after write "
        + " | after write ".join(labels)
        + f" | queries {' → '.join(labels)} | cold queries |"
    )
    print("|---|---|" + "--:|" * (3 * len(labels) + 1) + "---|---|")
    for key in by_key[0]:
        row = [b.get(key) for b in by_key]
        medians = [r.median if r else float("nan") for r in row]
        colds = [r.cold if r else float("nan") for r in row]
        writes = [r.after_write if r else float("nan") for r in row]
        queries = " → ".join(str(r.queries) if r else "—" for r in row)
        cold_queries = " → ".join(str(r.cold_queries) if r else "—" for r in row)
        print(
            f"| {key[0]} | {key[1]} | "
            + " | ".join(_fmt(m) for m in medians)
            + f" | {_ratio(medians[-1], medians[0])} | "
            + " | ".join(_fmt(m) for m in colds)
            + " | "
            + " | ".join(_fmt(m) for m in writes)
            + f" | {queries} | {cold_queries} |"
        )


def superuser_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client(raise_request_exception=False)  # a 500 is a finding, not a crash
    client.force_login(user)
    return client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--cold", type=int, default=3, help="requests measured after emptying the cache"
    )
    parser.add_argument("--seed", type=int, default=harness.SEED)
    parser.add_argument("--fresh", action="store_true", help="clear synthetic data first")
    parser.add_argument(
        "--slow",
        type=float,
        default=3.0,
        help=f"seconds: a page slower than this on its first request gets {SLOW_REPEAT} runs",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))

    url = harness.setup()
    if not harness.is_postgres():
        print("warning: not PostgreSQL; numbers will not say much about production.")
    version = harness.code_version()
    print(f"Measuring code {version}.")
    from django.test import Client

    visitor, researcher = Client(raise_request_exception=False), superuser_client()
    runs = []
    started = datetime.datetime.now()
    for n, size in enumerate(sizes):
        growth = harness.grow_to(size, seed=args.seed, fresh=args.fresh and n == 0)
        runs.append((growth, run_size(visitor, researcher, growth, args)))
        print_size_table(*runs[-1])
    print_growth_table(runs)

    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    path = harness.RESULTS / f"bench-{started:%Y%m%d-%H%M%S}.json"
    payload = {
        "started": started.isoformat(timespec="seconds"),
        "database": url.rsplit("@", 1)[-1],
        "code": version,
        "repeat": args.repeat,
        "warmup": args.warmup,
        "runs": [
            {
                "growth": asdict(growth),
                "results": [
                    {
                        **asdict(r),
                        "median_ms": _number(r.median),
                        "p95_ms": _number(r.p95),
                        "floor_ms_median": _number(r.floor),
                        "cold_ms_median": _number(r.cold),
                        "cold_floor_ms_median": _number(r.cold_floor),
                        "after_write_ms_median": _number(r.after_write),
                        "sql_answer_ms_median": _number(r.answer),
                    }
                    for r in results
                ],
            }
            for growth, results in runs
        ],
    }
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nResults written to {path.relative_to(harness.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
