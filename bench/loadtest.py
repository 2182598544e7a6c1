"""Load test: gunicorn on loopback, 32 concurrent locust users for 60 s over facet URLs.

Run (after bench/run.py has filled the bench database, or with --positions to fill it)::

    DATABASE_URL=postgres://root@127.0.0.1:5432/chinadebate_bench \\
        .venv/bin/python bench/loadtest.py

One command: it picks the URL mix from the bench database, starts
``gunicorn chinadebate.wsgi -w 3 -b 127.0.0.1:8017`` (DJANGO_ENV unset, DEBUG off), drops URLs
that do not answer 200 (pages not built yet) with a notice, runs
``locust -f bench/locustfile.py --headless -u 32 -r 8 -t 60s`` against it, stops gunicorn, and
prints throughput, median and 95th percentile per URL kind. It exits non-zero if any request
failed. Locust's CSV files land in bench/results/ (gitignored).

The workers share one Redis cache (``REDIS_URL``, or ``redis://127.0.0.1:6379/1`` when unset)
under a key prefix of this run's own, whose keys are deleted before and after the run (nothing
else in that Redis database is touched). ``--no-redis`` leaves each worker its own local-memory
cache, for the per-process comparison.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import harness
import redis

BIN = harness.ROOT / ".venv" / "bin"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


def delete_cache_keys(redis_url: str, prefix: str) -> int:
    """Delete this run's keys (Django's Redis keys are ``<prefix>:<version>:<key>``)."""
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return len(keys)
    except redis.ConnectionError as error:
        raise SystemExit(f"No Redis at {redis_url} ({error}); or run with --no-redis") from error
    finally:
        client.close()


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {process.returncode}")
        try:  # a light page: the home page counts over every position
            urllib.request.urlopen(f"{base}/admin/login/", timeout=5)
            return
        except OSError:  # refused while gunicorn boots
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {base} within {timeout:.0f} s")


def answering(base: str, urls: list[dict]) -> list[dict]:
    """Only URLs that answer 200: a page not built yet is a notice, not a load-test error."""
    kept = []
    for item in urls:
        request = urllib.request.Request(
            base + item["url"], headers={"HX-Request": "true"} if item["htmx"] else {}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status == 200:
            kept.append(item)
        else:
            print(f"notice: skipping {item['url']} (HTTP {status})")
    return kept


def summarise(stats_csv) -> int:
    """Print locust's per-name stats; return the number of failed requests."""
    with open(stats_csv, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    print("\n| requests | name | count | failures | req/s | median ms | p95 ms | max ms |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        print(
            f"| {row['Type'] or 'all'} | {row['Name']} | {row['Request Count']} "
            f"| {row['Failure Count']} | {float(row['Requests/s']):.1f} "
            f"| {float(row['Median Response Time']):.0f} | {row['95%']} "
            f"| {float(row['Max Response Time']):.0f} |"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return int(total["Failure Count"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--spawn-rate", type=int, default=8)
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8017)
    parser.add_argument("--positions", type=int, help="grow the bench data to this size first")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL,
        help=f"the cache the workers share (default: $REDIS_URL or {DEFAULT_REDIS_URL})",
    )
    parser.add_argument(
        "--no-redis",
        action="store_true",
        help="each worker caches in its own local memory (the per-process comparison)",
    )
    args = parser.parse_args(argv)

    harness.setup()
    if args.positions:
        harness.grow_to(args.positions)
    subjects = harness.pick_subjects()
    print(
        f"Load test of code {harness.code_version()} over {subjects.total_positions:,} positions."
    )
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = f"{datetime.datetime.now():%Y%m%d-%H%M%S}"
    urls_file = harness.RESULTS / f"loadtest-{stamp}-urls.json"
    prefix = harness.RESULTS / f"loadtest-{stamp}"

    base = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "chinadebate.settings"}
    env.pop("DJANGO_ENV", None)
    cache_prefix = f"chinadebate-loadtest-{stamp}-{os.getpid()}"
    if args.no_redis:
        env.pop("REDIS_URL", None)
        print(f"Cache: local memory, one per worker ({args.workers} workers).")
    else:
        env.update(REDIS_URL=args.redis_url, CACHE_KEY_PREFIX=cache_prefix)
        delete_cache_keys(args.redis_url, cache_prefix)
        print(f"Cache: Redis at {args.redis_url}, prefix {cache_prefix}, shared by the workers.")
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "chinadebate.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=harness.ROOT,
        env=env,
    )
    try:
        wait_until_up(base, gunicorn)
        urls = answering(base, harness.loadtest_urls(subjects))
        if not urls:
            raise SystemExit("No URL answers 200: nothing to load-test.")
        urls_file.write_text(json.dumps(urls, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{len(urls)} URLs; {args.users} users for {args.duration} against {base}...")
        with open(f"{prefix}.log", "w", encoding="utf-8") as log:
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(harness.ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    args.duration,
                    "--host",
                    base,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=harness.ROOT,
                env={**env, "BENCH_URLS": str(urls_file)},
                check=False,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        if not args.no_redis:
            deleted = delete_cache_keys(args.redis_url, cache_prefix)
            print(f"Deleted the run's {deleted} cache keys from Redis.")
    failures = summarise(f"{prefix}_stats.csv")
    print(f"\nCSV: {prefix.relative_to(harness.ROOT)}_stats.csv; failures: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
