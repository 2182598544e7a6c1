import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import redis
from django.core.cache import cache
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="k" * 60 + "-production-secret-for-the-check-only",
        ALLOWED_HOSTS="chinadebate.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ENV="production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_serves_static_files_through_compressed_manifest_storage():
    code = "from django.conf import settings;print(settings.STORAGES['staticfiles']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 60,
            "DJANGO_SETTINGS_MODULE": "chinadebate.settings",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def cache_settings(**env) -> dict:
    code = "import json;from django.conf import settings;print(json.dumps(settings.CACHES))"
    environment = {
        k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_KEY_PREFIX"}
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "chinadebate.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["default"]


def test_redis_url_selects_the_shared_redis_cache_with_a_key_prefix():
    assert cache_settings(REDIS_URL="redis://127.0.0.1:6379/0") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": "chinadebate",
    }
    assert (
        cache_settings(REDIS_URL="redis://cache:6379/2", CACHE_KEY_PREFIX="staging")["KEY_PREFIX"]
        == "staging"
    )


def test_without_redis_url_each_process_caches_in_local_memory():
    assert cache_settings()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    production = cache_settings(DJANGO_ENV="production", SECRET_KEY="x" * 60)
    assert production["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_redis_backend_round_trips_through_the_machines_redis():
    """A real set, get and delete against Redis (REDIS_TEST_URL, database 15 by default)."""
    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
    prefix = f"chinadebate-test-{uuid.uuid4().hex}"
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
    }
    client = redis.Redis.from_url(url)
    try:
        with override_settings(CACHES={"default": backend}):
            value = {"facets": [("theme", "社会信用", 3)], "count": 2}
            cache.set("round-trip", value, 60)
            assert client.exists(f"{prefix}:1:round-trip")  # stored in Redis, not in memory
            assert cache.get("round-trip") == value
            cache.delete("round-trip")
            assert cache.get("round-trip") is None
            assert not client.exists(f"{prefix}:1:round-trip")
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(tmp_path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def manage(environment: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


@contextmanager
def gunicorn(environment: dict[str, str]):
    """gunicorn serving the app with its own settings (gunicorn.conf.py, read from the
    checkout), one worker; gives a GET function (over "HTTPS", as behind a proxy) and, once
    stopped, gunicorn's log in ``log[0]``."""
    port, log = free_port(), [""]
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "chinadebate.wsgi"]
        + ["-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def get(path: str):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return response.read().decode(), response.headers
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer")

    try:
        yield get, log
    finally:
        server.terminate()
        log[0] = server.communicate(timeout=10)[1]


def test_production_runs_under_gunicorn_with_hashed_compressed_static(tmp_path):
    environment = production_environment(tmp_path)
    manage(environment, "collectstatic", "--noinput", "-v0")
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "css/site.css" in manifest
    with gunicorn(environment) as (get, log):
        body, headers = get("/admin/login/")
        assert "Strict-Transport-Security" in headers
        # Stylesheets are served under their hashed names from the manifest, kept a year.
        assert ".css" in body and "static/admin/css/base." in body
        hashed = re.search(r"/static/admin/css/base\.[0-9a-f]{12}\.css", body).group(0)
        _, static_headers = get(hashed)
        assert static_headers["Cache-Control"] == "max-age=31536000, public, immutable"
    # The database has no tables: the master could not read the facet index, and said so.
    assert "Facet index not read before forking" in log[0]


def test_gunicorn_reads_the_facet_index_before_its_workers_fork(tmp_path):
    environment = production_environment(tmp_path)
    manage(environment, "collectstatic", "--noinput", "-v0")
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "load_dataset", "-v0")
    with gunicorn(environment) as (get, log):
        body, _ = get("/viewpoints/")
        assert '<span class="count-figure">71</span>' in body
    assert "Facet index read before forking: 71 positions." in log[0]
