import json
import os
import subprocess
import sys
import uuid
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


def test_production_runs_under_gunicorn_with_hashed_compressed_static(tmp_path):
    import time
    import urllib.error
    import urllib.request

    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "css/site.css" in manifest
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "chinadebate.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        body = None
        for _ in range(50):
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/admin/login/",
                    headers={"X-Forwarded-Proto": "https"},
                )
                with urllib.request.urlopen(request, timeout=2) as response:
                    body = response.read().decode()
                    headers = response.headers
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert body is not None, "gunicorn did not answer"
        assert "Strict-Transport-Security" in headers
        # Stylesheets are served under their hashed names from the manifest.
        assert ".css" in body and "static/admin/css/base." in body
    finally:
        server.terminate()
        server.wait(timeout=10)
