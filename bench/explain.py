"""EXPLAIN ANALYZE the slowest SQL of a page, on the bench database: where its time goes.

Run (on the data bench/run.py left behind)::

    DATABASE_URL=postgres://root@127.0.0.1:5432/chinadebate_bench \\
        .venv/bin/python bench/explain.py "/viewpoints/?theme=syn-digital-economy" --top 3

It requests the URL once in-process (django.test.Client), captures its queries, times each
alone, and prints the plan of the ``--top`` slowest with ``EXPLAIN (ANALYZE, BUFFERS)``.
"""

from __future__ import annotations

import argparse
import sys
import time

import harness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--htmx", action="store_true", help="send HX-Request: true")
    args = parser.parse_args(argv)

    harness.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    headers = {"HX-Request": "true"} if args.htmx else {}
    client.get(args.url, headers=headers)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(args.url, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
    statements = [q["sql"] for q in captured.captured_queries]
    print(f"{args.url}: HTTP {response.status_code}, {elapsed:,.0f} ms, {len(statements)} queries")

    timed = []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            timed.append(((time.perf_counter() - started) * 1000, sql))
        timed.sort(reverse=True)
        print(f"database floor: {sum(ms for ms, _ in timed):,.0f} ms")
        for ms, sql in timed:
            print(f"  {ms:9,.1f} ms  {sql[:150]}")
        if not harness.is_postgres():
            return 0
        for ms, sql in timed[: args.top]:
            print(f"\n--- {ms:,.1f} ms ---\n{sql}\n")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            print("\n".join(row[0] for row in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
