"""A write killed halfway leaves the database as it was.

The import runs in a process of its own against a scratch database (migrated for the test),
and is ended with SIGKILL once its transaction has written rows but not committed: SQLite's
write lock is held (a second writer cannot begin), or PostgreSQL's backend has a transaction
id. Afterwards the database holds exactly what it held before, and the same import run to its
end succeeds (the kill left nothing half-written that would stop it).
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.conftest import on_postgres

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgres://root@127.0.0.1:5432"


@pytest.fixture
def scratch(tmp_path):
    """The URL of an empty, migrated database of the kind the suite runs on."""
    if on_postgres():
        name = f"cd_crash_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}"')
        url = f"{PG_SERVER}/{name}"
    else:
        url = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    manage(url, "migrate", "--noinput", "-v0")
    yield url
    if on_postgres():
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def manage(url: str, *args: str, **popen) -> subprocess.CompletedProcess | subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": "", "PYTHONWARNINGS": "ignore"}
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    if popen:
        return subprocess.Popen(command, cwd=ROOT, env=env, **popen)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)


def csl_json(path: Path, entries: int, first: int = 0) -> Path:
    records = [
        {
            "id": f"crash{n}",
            "type": "article-journal",
            "title": f"A study of platform governance, part {n}",
            "author": [{"family": "Li", "given": f"Wei {n}"}],
            "container-title": "Journal of Test Imports",
            "issued": {"date-parts": [[2019, 1 + n % 12]]},
            "URL": f"https://example.org/articles/{n}",
        }
        for n in range(first, first + entries)
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def snapshot(url: str) -> dict[str, list]:
    """Every row of the tables an import writes, and their counts."""
    tables = ["sources_publication", "people_expert", "sources_authorship", "core_dataversion"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        connection = psycopg.connect(url)
    with connection:
        cursor = connection.cursor()
        return {
            table: sorted(map(repr, cursor.execute(f"SELECT * FROM {table}").fetchall()))
            for table in tables
        }


def writing_uncommitted(url: str) -> bool:
    """Whether some connection holds an open transaction that has written."""
    if url.startswith("sqlite"):
        probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # database is locked: a writer is inside
            return True
        finally:
            probe.close()
    with psycopg.connect(url, autocommit=True) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        ).fetchone()
        return count > 0


def wait_for_rollback(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while writing_uncommitted(url):
        assert time.monotonic() < deadline, "the killed transaction is still open"
        time.sleep(0.05)


def test_an_import_killed_halfway_leaves_the_database_as_before(scratch, tmp_path):
    manage(scratch, "import_sources", str(csl_json(tmp_path / "first.json", 50, first=10**6)))
    before = snapshot(scratch)
    assert len(before["sources_publication"]) == 50

    importing = manage(
        scratch,
        "import_sources",
        str(csl_json(tmp_path / "second.json", 800)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not writing_uncommitted(scratch):
        assert importing.poll() is None, "the import ended before it was caught writing"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    importing.send_signal(signal.SIGKILL)
    assert importing.wait(timeout=30) == -signal.SIGKILL
    wait_for_rollback(scratch)

    assert snapshot(scratch) == before
    manage(scratch, "import_sources", str(tmp_path / "second.json"))  # nothing left in the way
    assert len(snapshot(scratch)["sources_publication"]) == 50 + 800
