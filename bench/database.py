"""The database's share of a page: the floor (the page's own SQL re-run alone) and the SQL
answer (the database alone computing what /viewpoints/ shows with the reference filters)."""

from __future__ import annotations

import time

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
    matches = filters.filtered_positions(query).order_by()
    querysets = (
        [
            matches.values("pk").annotate(n=Count("pk")),  # the count, read as rows
            filters.filter_positions(query).values_list("pk")[start : start + query.size],
        ]
        + [
            filters.filtered_positions(query, skip=name)
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


def selects(captured) -> list[str]:
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
