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
- the busiest theme's page (stance matrices), /search/, the pages of the expert, the
  institution and the publication with most positions, and the chapter with most footnotes;
- the pictures: the busiest theme's map and the stance overview as SVG, the timeline, and the
  network with its strongest 60 and 240 nodes;
- a conditional GET of /viewpoints/ with its ETag (*viewpoints 304*): a browser or proxy
  revalidating its copy, answered without rendering;
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
bench/results/bench-<time>.json (gitignored). Last, at the largest size, bench/memory.py
starts gunicorn with 1 and with 4 workers and prints each process's resident, unique and
proportional memory after ``--memory-writes`` writes (default 100; 0 skips it).

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
import subprocess
import sys
from dataclasses import asdict
from urllib.parse import urlencode

import harness
from measuring import SLOW_REPEAT, Measurement, measure, measure_revalidation
from tables import number, print_growth_table, print_size_table


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
    theme_map = f"/themes/{subjects.theme_slug}/map.svg"
    results.append(measure(visitor, "theme map SVG", "every question", theme_map, args))
    results.append(
        measure(visitor, "stance overview SVG", "every theme", "/themes/overview.svg", args)
    )
    results.append(measure(visitor, "timeline", "per year", "/timeline/", args))
    results.append(measure(visitor, "network", "strongest 60", "/network/", args))
    results.append(measure(visitor, "network", "strongest 240", "/network/?size=240", args))
    for q in (harness.FREE_TEXT, "数据治理"):
        search = f"/search/?{urlencode({'q': q})}"
        results.append(measure(visitor, "search", f"q={q}", search, args))
    results.append(
        measure(visitor, "expert page", "most positions", f"/experts/{subjects.expert_slug}/", args)
    )
    institution = f"/institutions/{subjects.institution_slug}/"
    results.append(measure(visitor, "institution page", "most positions", institution, args))
    publication = f"/publications/{subjects.publication_slug}/"
    results.append(measure(visitor, "publication page", "most positions", publication, args))
    results.append(measure(visitor, "chapter page", "most footnotes", subjects.chapter_path, args))
    # A browser or proxy revalidating its copy: If-None-Match with the page's ETag.
    results.append(measure_revalidation(visitor, "/viewpoints/", args))
    for skipped in {(r.page, r.note) for r in results if not r.ok}:
        print(f"  notice: skipped {skipped[0]} ({skipped[1]})", flush=True)
    return results


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
    parser.add_argument(
        "--memory-writes",
        type=int,
        default=100,
        help="after the largest size, gunicorn's memory per worker with 1 and 4 workers after "
        "this many writes (bench/memory.py); 0 skips it",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))

    url = harness.setup()
    if not harness.is_postgres():
        print("warning: not PostgreSQL; numbers will not say much about production.")
    else:
        print(f"PostgreSQL shared_buffers: {harness.shared_buffers()} (make postgres-settings)")
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
                        "median_ms": number(r.median),
                        "p95_ms": number(r.p95),
                        "floor_ms_median": number(r.floor),
                        "cold_ms_median": number(r.cold),
                        "cold_floor_ms_median": number(r.cold_floor),
                        "after_write_ms_median": number(r.after_write),
                        "sql_answer_ms_median": number(r.answer),
                    }
                    for r in results
                ],
            }
            for growth, results in runs
        ],
    }
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nResults written to {path.relative_to(harness.ROOT)}")
    if args.memory_writes:
        print("\n### Memory per gunicorn worker (bench/memory.py)\n", flush=True)
        memory = [sys.executable, str(harness.ROOT / "bench" / "memory.py")]
        subprocess.run([*memory, "--workers", "1,4", "--writes", str(args.memory_writes)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
