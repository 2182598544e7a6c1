"""Load test through a real reverse proxy: Debian's nginx (deploy/nginx/) in front of gunicorn.

Run (the README's command; the bench database at 200k positions, made by ``make bench``)::

    make loadtest-proxy

One command: it starts gunicorn in production mode on the bench database (collected static
files, the shared Redis cache under a prefix of its own), renders
``deploy/nginx/chinadebate.conf.template`` into a throwaway nginx prefix and starts nginx in
front of it, warms each URL of the read mix once, then measures with ``wrk`` for
``--duration`` seconds: through nginx, then against gunicorn alone for the comparison. Last,
it saves a record as a researcher would and polls the page through nginx until readers see
the change, which must happen within the max-age (``HTTP_CACHE_MAX_AGE``), then puts the
record back. It prints a table (requests/s, latency percentiles, errors, cache hits) and
exits non-zero if a request failed, the throughput through nginx is under ``--target``, or
the save stayed invisible past the max-age. Results also go to bench/results/ (gitignored).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import harness
from loadtest import delete_cache_keys, wait_until_up

BIN = harness.ROOT / ".venv" / "bin"
TEMPLATE = harness.ROOT / "deploy" / "nginx" / "chinadebate.conf.template"
NGINX_MAIN = """user root;
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    include {prefix}/chinadebate.conf;
}}
"""
WRK_SCRIPT = """-- the read mix: each thread walks the URLs in turn
local urls = {urls}
local i = 0
request = function()
  i = i + 1
  local item = urls[(i % #urls) + 1]
  return wrk.format("GET", item[1], item[2])
end
"""


def lua_table(urls: list[dict]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    rows = []
    for item in urls:
        headers = '{["HX-Request"]="true"}' if item["htmx"] else "{}"
        rows.append(f"{{{quoted(item['url'])}, {headers}}}")
    return "{\n  " + ",\n  ".join(rows) + "\n}"


def run_wrk(base: str, script: Path, seconds: int, connections: int, threads: int) -> dict:
    """wrk's figures: requests/s, latency percentiles (ms), requests, errors."""
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def latency(pct: str) -> float:
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
        return float(match.group(1)) * scale

    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "non_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(n) for n in socket.groups()) if socket else 0,
        "p50_ms": latency("50"),
        "p90_ms": latency("90"),
        "p99_ms": latency("99"),
        "raw": output,
    }


def cache_status(base: str, urls: list[dict]) -> dict[str, int]:
    """What nginx says of each URL now (X-Cache): HIT once warm."""
    seen: dict[str, int] = {}
    for item in urls:
        request = urllib.request.Request(
            base + item["url"], headers={"HX-Request": "true"} if item["htmx"] else {}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.headers.get("X-Cache", "-")
        seen[status] = seen.get(status, 0) + 1
    return seen


def save_becomes_visible(base: str, max_age: int, poll: float = 0.5) -> float:
    """Seconds until a researcher's save shows through nginx (the record put back after)."""
    from apps.people.models import Expert

    expert = Expert.objects.exclude(description="").order_by("pk").first() or Expert.objects.first()
    url = f"{base}{expert.get_absolute_url()}"
    urllib.request.urlopen(url, timeout=60).read()  # in nginx's cache before the save
    marker = f"Load-test edit {time.time_ns()}"
    before = expert.description
    expert.description = marker
    expert.save()
    saved = time.monotonic()
    try:
        while time.monotonic() - saved < max_age + 30:
            if marker in urllib.request.urlopen(url, timeout=60).read().decode():
                return time.monotonic() - saved
            time.sleep(poll)
        return float("inf")
    finally:
        expert.description = before
        expert.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of wrk per target")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--positions", type=int, help="grow the bench data to this size first")
    parser.add_argument("--target", type=float, default=3000.0, help="req/s through nginx")
    parser.add_argument("--port", type=int, default=8027, help="nginx; gunicorn on port + 1")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
    )
    parser.add_argument("--no-save-check", action="store_true")
    args = parser.parse_args(argv)
    for program in ("nginx", "wrk"):
        if shutil.which(program) is None:
            raise SystemExit(f"{program} is not installed: apt-get install -y nginx wrk")

    harness.setup()
    if args.positions:
        harness.grow_to(args.positions)
    subjects = harness.pick_subjects()
    stamp = f"{datetime.datetime.now():%Y%m%d-%H%M%S}"
    print(
        f"Proxy load test of code {harness.code_version()}, {subjects.total_positions:,} positions."
    )
    max_age = int(os.environ.get("HTTP_CACHE_MAX_AGE", "60"))
    work = Path(tempfile.mkdtemp(prefix="chinadebate-proxy-"))
    cache_prefix = f"chinadebate-proxy-{stamp}-{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # nginx here speaks plain HTTP on loopback
        "STATIC_ROOT": str(work / "static"),
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": cache_prefix,
        "DJANGO_SETTINGS_MODULE": "chinadebate.settings",
        "HTTP_CACHE_MAX_AGE": str(max_age),
    }
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=harness.ROOT,
        env=env,
        check=True,
    )
    app_port, proxy_port = args.port + 1, args.port
    (work / "cache").mkdir()
    site = string.Template(TEMPLATE.read_text()).safe_substitute(
        CHINADEBATE_LISTEN=f"127.0.0.1:{proxy_port}",
        CHINADEBATE_SERVER_NAME="localhost",
        CHINADEBATE_UPSTREAMS=f"server 127.0.0.1:{app_port};",
        CHINADEBATE_STATIC_ROOT=str(work / "static"),
        CHINADEBATE_CACHE_DIR=str(work / "cache"),
    )
    (work / "chinadebate.conf").write_text(site)
    (work / "nginx.conf").write_text(NGINX_MAIN.format(prefix=work))
    delete_cache_keys(args.redis_url, cache_prefix)
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "chinadebate.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{app_port}",
            "--log-level",
            "warning",
        ],
        cwd=harness.ROOT,
        env=env,
    )
    nginx = None
    results: dict[str, object] = {"positions": subjects.total_positions, "max_age": max_age}
    try:
        app, proxy = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{proxy_port}"
        wait_until_up(app, gunicorn, timeout=120)
        subprocess.run(
            ["nginx", "-t", "-q", "-p", str(work), "-c", str(work / "nginx.conf")], check=True
        )
        nginx = subprocess.Popen(
            ["nginx", "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"]
        )
        wait_until_up(proxy, nginx)
        urls = harness.loadtest_urls(subjects)
        script = work / "mix.lua"
        script.write_text(WRK_SCRIPT.format(urls=lua_table(urls)))
        print(f"{len(urls)} URLs; warming them through nginx...")
        cache_status(proxy, urls)
        results["x_cache_after_warming"] = cache_status(proxy, urls)
        for name, base in (("nginx + gunicorn", proxy), ("gunicorn alone", app)):
            print(f"wrk {args.duration} s, {args.connections} connections: {name}...")
            results[name] = run_wrk(base, script, args.duration, args.connections, args.threads)
        if not args.no_save_check:
            print("A researcher's save, polled through nginx...")
            results["save_visible_after_s"] = save_becomes_visible(proxy, max_age)
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=30)
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        delete_cache_keys(args.redis_url, cache_prefix)
        shutil.rmtree(work, ignore_errors=True)
    return report(results, args, stamp)


def report(results: dict, args, stamp: str) -> int:
    print("\n| target | req/s | requests | p50 ms | p90 ms | p99 ms | errors |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    failed = False
    for name in ("nginx + gunicorn", "gunicorn alone"):
        r = results[name]
        errors = r["non_2xx_3xx"] + r["socket_errors"]
        failed |= errors > 0
        print(
            f"| {name} | {r['requests_per_second']:,.0f} | {r['requests']:,} | {r['p50_ms']:.2f} "
            f"| {r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {errors} |"
        )
    through = results["nginx + gunicorn"]["requests_per_second"]
    print(f"\nnginx X-Cache after warming: {results['x_cache_after_warming']}")
    print(f"Through nginx: {through:,.0f} req/s (target >= {args.target:,.0f}).")
    failed |= through < args.target
    if "save_visible_after_s" in results:
        seconds = results["save_visible_after_s"]
        print(
            f"A researcher's save seen by readers after {seconds:.1f} s (max-age {results['max_age']} s)."
        )
        failed |= seconds > results["max_age"]
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    out = harness.RESULTS / f"loadtest-proxy-{stamp}.json"
    out.write_text(json.dumps(results, indent=1, default=str))
    print(f"Results: {out.relative_to(harness.ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
