import os
import subprocess
import sys
from pathlib import Path

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
