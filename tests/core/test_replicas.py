"""Reads from replicas, writes and researchers on the primary (apps/core/replicas.py).

The routing rules are checked in this process; the whole router against a real PostgreSQL
streaming standby (``REPLICA_TEST_URL``, made by deploy/replica/local-standby.sh, which
.ci/run runs) in a process of its own, since the test runner reads through replicas as
mirrors of its test database. Without a standby that test is skipped, saying why.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.test import RequestFactory, override_settings

from apps.core.replicas import PIN_COOKIE, pinned_to_primary

ROOT = Path(__file__).resolve().parents[2]
PRIMARY_URL = "postgres://root@127.0.0.1:5432"
requests = RequestFactory()


@pytest.mark.parametrize(
    ("request_", "pinned"),
    [
        (requests.get("/viewpoints/"), False),
        (requests.get("/admin/people/expert/"), True),
        (requests.post("/admin/login/"), True),
        (requests.get("/viewpoints/", HTTP_COOKIE=f"{PIN_COOKIE}={time.time() + 3600}"), True),
        (requests.get("/viewpoints/", HTTP_COOKIE=f"{PIN_COOKIE}={time.time() - 1}"), False),
        (requests.get("/viewpoints/", HTTP_COOKIE=f"{PIN_COOKIE}=soon"), False),
    ],
)
def test_the_admin_writes_and_a_browser_that_just_wrote_read_from_the_primary(request_, pinned):
    assert pinned_to_primary(request_) == pinned


@pytest.mark.django_db
@override_settings(DATABASE_REPLICAS=["replica_1"])
def test_a_write_pins_its_browser_to_the_primary_for_a_few_seconds(client):
    """/healthz reads nothing through the router: the answer says where reads would go."""
    assert client.get("/healthz")["X-Read-From"] == "replica"
    posted = client.post("/healthz")  # any write: here refused (GET only), still a write
    assert posted["X-Read-From"] == "primary"
    assert float(posted.cookies[PIN_COOKIE].value) > time.time()
    assert posted.cookies[PIN_COOKIE]["max-age"] == 5
    assert client.get("/healthz")["X-Read-From"] == "primary"  # the cookie came back


@pytest.mark.django_db
def test_without_replicas_every_read_goes_to_the_primary(client):
    response = client.get("/healthz")
    assert "X-Read-From" not in response
    assert PIN_COOKIE not in client.post("/healthz").cookies


def _scratch_database(url: str, name: str, *, drop: bool = False) -> None:
    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')


def _on_standby(url: str, name: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(f"{url}/{name}") as connection:
                if connection.execute("SELECT count(*) FROM debate_position").fetchone()[0]:
                    return
        except psycopg.Error:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the standby at {url} did not receive {name}")


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("REPLICA_TEST_URL"),
    reason="no streaming standby: run deploy/replica/local-standby.sh, set REPLICA_TEST_URL",
)
def test_against_a_real_standby_visitors_read_the_replica_and_an_author_the_primary():
    standby = os.environ["REPLICA_TEST_URL"].rstrip("/")
    name = f"chinadebate_replica_{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PRIMARY_URL}/{name}",
        "DATABASE_REPLICA_URLS": f"{standby}/{name}",
        "DJANGO_SETTINGS_MODULE": "chinadebate.settings",
    }
    env.pop("DJANGO_ENV", None)
    _scratch_database(PRIMARY_URL, name)
    try:
        for command in (["migrate", "--noinput", "-v0"], ["load_dataset", "-v0"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
            )
        _on_standby(standby, name)
        probe = subprocess.run(
            [sys.executable, "-m", "tests.core.replica_probe"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert probe.returncode == 0, probe.stderr[-3000:]
        seen = json.loads(probe.stdout)
    finally:
        _scratch_database(PRIMARY_URL, name, drop=True)
    # A visitor's page is drawn from the standby alone.
    assert seen["visitor"]["status"] == 200
    assert (seen["visitor"]["read_from"], seen["visitor"]["aliases"]) == ("replica", ["replica_1"])
    # Signing in, the admin and a save go to the primary; the save pins its browser there.
    assert seen["login"] == {"status": 302, "aliases": ["default"], "pin_cookie": True}
    assert seen["admin"]["aliases"] == ["default"]
    assert seen["save"]["status"] == 302 and seen["save"]["aliases"] == ["default"]
    assert seen["save"]["pins"]
    # While the standby has not replayed the save, its author sees it (primary) and a
    # visitor the page as it was (the replica's own, older, data version).
    assert seen["author_after_save"]["aliases"] == ["default"]
    assert seen["author_after_save"]["has_new_name"]
    assert seen["visitor_while_replica_lags"]["aliases"] == ["replica_1"]
    assert not seen["visitor_while_replica_lags"]["has_new_name"]
    # Once it has, the visitor sees the save too, still from the standby.
    assert seen["visitor_after_replay"]["has_new_name"]
    assert seen["visitor_after_replay"]["aliases"] == ["replica_1"]
