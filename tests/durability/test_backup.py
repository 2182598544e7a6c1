"""A PostgreSQL backup restored (pg_dump -Fc, pg_restore into a new database, as
docs/security.md describes) serves the same pages and exports a byte-identical dataset."""

import filecmp
import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest

from tests.durability.test_crash import PG_SERVER, ROOT, manage

pytestmark = pytest.mark.postgres


@pytest.fixture
def databases():
    names = [f"cd_backup_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{names[0]}"')
    yield [f"{PG_SERVER}/{name}" for name in names]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
        for name in names:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pages(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": ""}
    probe = [sys.executable, "-m", "tests.durability.page_probe"]
    done = subprocess.run(probe, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_restored_backup_serves_the_same_pages_and_dataset(databases, tmp_path):
    original, restored = databases
    manage(original, "migrate", "--noinput", "-v0")
    manage(original, "load_dataset")
    dump = tmp_path / "chinadebate.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), original], check=True)
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "root", restored.rsplit("/", 1)[1]], check=True
    )
    subprocess.run(["pg_restore", "--no-owner", "-d", restored, str(dump)], check=True)

    served = pages(original)
    assert all(status == 200 for status, _ in served.values()), served
    assert pages(restored) == served
    manage(original, "export_dataset", str(tmp_path / "original"))
    manage(restored, "export_dataset", str(tmp_path / "restored"))
    files = sorted(p.name for p in (tmp_path / "original").iterdir())
    assert files
    _, mismatch, errors = filecmp.cmpfiles(
        tmp_path / "original", tmp_path / "restored", files, shallow=False
    )
    assert (mismatch, errors) == ([], [])
