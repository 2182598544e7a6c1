"""Memory of gunicorn's workers on the bench database, with 1 and with 4 workers, after writes.

Run (the bench database at 200k positions, made by ``make bench``)::

    DATABASE_URL=postgres://root@127.0.0.1:5432/chinadebate_bench \\
        .venv/bin/python bench/memory.py --workers 1,4 --writes 100

For each worker count it starts ``gunicorn chinadebate.wsgi`` (the checkout's
gunicorn.conf.py: the app and the facet index loaded in the master before forking; the
workers sharing one Redis cache), asks every page of the read mix so that each worker holds
what pages need, then makes ``--writes`` writes as a researcher's saves do (one position's
summary changed and put back) with a round of page requests after each, so every worker
brings its facet index up to date each time. Once the last version's shared file is written
(apps/debate/facetindex/held.py writes it WRITE_DELAY seconds after a write) and every worker
asked for a page again, at rest, it reads /proc/<pid>/smaps_rollup of the master and each
worker: resident (RSS), unique to the process (USS: private pages) and
proportional (PSS: shared pages divided among the processes sharing them), and prints them
per process and in total. The total PSS of the master and its workers is the memory the set
takes; the ratio of that total with 4 workers to that with 1 is the figure the scale issue
sets (<= 1.5).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import harness
from loadtest import delete_cache_keys, wait_until_up

BIN = harness.ROOT / ".venv" / "bin"


def smaps(pid: int) -> dict[str, float]:
    """RSS, USS and PSS of one process, and the PSS of its facet index mappings, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    index, in_index = 0.0, False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        parts = line.split()
        if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
            in_index = ".facets" in line  # "(deleted)" once a newer version replaced it
        elif in_index and parts[0] == "Pss:":
            index += int(parts[1]) / 1024
    return {"rss": fields["Rss"], "uss": uss, "pss": fields["Pss"], "index": index}


def mappings(pid: int) -> dict[str, float]:
    """Private MB per kind of mapping: the heap, anonymous memory, files (for a look inside)."""
    kinds: dict[str, float] = {}
    kind = ""
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        parts = line.split()
        if "-" in parts[0] and not parts[0].endswith(":"):
            kind = "index" if ".facets" in line else (parts[5] if len(parts) > 5 else "[anon]")
        elif parts[0] in ("Private_Clean:", "Private_Dirty:"):
            kinds[kind] = kinds.get(kind, 0) + int(parts[1]) / 1024
    return dict(sorted(kinds.items(), key=lambda item: -item[1])[:4])


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def ask(base: str, urls: list[dict]) -> None:
    for item in urls:
        request = urllib.request.Request(
            base + item["url"], headers={"HX-Request": "true"} if item["htmx"] else {}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()


def write_once(position_id: int, n: int) -> None:
    """A researcher's save: the summary changed, then put back (two data versions)."""
    from apps.debate.models import Position

    position = Position.objects.get(pk=position_id)
    summary = position.summary
    position.summary = f"{summary} (edit {n})"
    position.save()
    position.summary = summary
    position.save()


def measure(workers: int, writes: int, port: int, redis_url: str, urls: list[dict]) -> dict:
    from apps.debate.facetindex.held import WRITE_DELAY
    from apps.debate.models import Position

    stamp = f"{datetime.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{workers}"
    prefix = f"chinadebate-memory-{stamp}"
    env = {
        **os.environ,
        "DEBUG": "false",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "chinadebate.settings",
    }
    env.pop("DJANGO_ENV", None)
    base = f"http://127.0.0.1:{port}"
    master = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "chinadebate.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=harness.ROOT,
        env=env,
    )
    try:
        wait_until_up(base, master, timeout=180)
        for _ in range(workers):
            ask(base, urls)
        position_ids = list(Position.objects.order_by("?").values_list("pk", flat=True)[:writes])
        started = time.monotonic()
        for n, position_id in enumerate(position_ids):
            write_once(position_id, n)
            ask(base, urls[: 2 * workers + 2])
        time.sleep(WRITE_DELAY + 1)
        ask(base, urls)
        seconds = time.monotonic() - started
        processes = {"master": smaps(master.pid)}
        for i, pid in enumerate(children(master.pid), start=1):
            processes[f"worker {i}"] = smaps(pid)
            if os.environ.get("BENCH_MAPPINGS"):
                print(f"worker {i}: private MB by mapping {mappings(pid)}")
    finally:
        master.terminate()
        master.wait(timeout=60)
        delete_cache_keys(redis_url, prefix)
    total = {key: sum(p[key] for p in processes.values()) for key in ("rss", "uss", "pss", "index")}
    return {
        "workers": workers,
        "writes": writes,
        "seconds": seconds,
        "processes": processes,
        "total": total,
    }


def print_run(run: dict) -> None:
    print(f"\n{run['workers']} worker(s), after {run['writes']} writes ({run['seconds']:.0f} s):")
    print("| process | RSS MB | USS MB | PSS MB | of which facet index MB |")
    print("|---|--:|--:|--:|--:|")
    for name, p in [*run["processes"].items(), ("total", run["total"])]:
        print(f"| {name} | {p['rss']:.0f} | {p['uss']:.0f} | {p['pss']:.0f} | {p['index']:.0f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="1,4", help="comma-separated worker counts")
    parser.add_argument("--writes", type=int, default=100)
    parser.add_argument("--port", type=int, default=8037)
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
    )
    args = parser.parse_args(argv)
    harness.setup()
    subjects = harness.pick_subjects()
    urls = harness.loadtest_urls(subjects)
    print(f"Memory of code {harness.code_version()}, {subjects.total_positions:,} positions.")
    runs = [
        measure(int(n), args.writes, args.port, args.redis_url, urls)
        for n in args.workers.split(",")
    ]
    for run in runs:
        print_run(run)
    if len(runs) >= 2:
        ratio = runs[-1]["total"]["pss"] / runs[0]["total"]["pss"]
        print(
            f"\nTotal PSS, {runs[-1]['workers']} workers / {runs[0]['workers']}: {ratio:.2f} "
            "(target <= 1.5)"
        )
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    out = harness.RESULTS / f"memory-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(runs, indent=1))
    print(f"Results: {out.relative_to(harness.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
