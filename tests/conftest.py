"""Shared fixtures, and the rules for which tests run where.

- ``postgres`` tests need PostgreSQL: they are skipped (with a reason) when DATABASE_URL is
  not a PostgreSQL URL, and under CI=true deselected there because CI runs them in its
  PostgreSQL pass.
- ``browser`` tests drive Debian's Chromium through Playwright: skipped with a reason when
  /usr/bin/chromium is missing, an error under CI=true.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings

from apps.dataset.loading import fixture_paths, load_dataset
from apps.debate import facetindex
from apps.research.roles import RESEARCHERS

CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SAMPLE_FIXTURES = Path(__file__).parent / "fixtures" / "sample"
AXE_SCRIPT = Path(__file__).parent / "assets" / "axe-4.14.1.min.js"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Passwords hashed with MD5 in tests, from the first fixture on: the production hasher
    (PBKDF2, a million rounds) costs ~0.2 s per hash here, and tests sign in, create
    researchers and fail logins by the hundred. Nothing here tests the hasher's strength,
    only that passwords are checked."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def pytest_collection_modifyitems(config, items):
    deselected, kept = [], []
    for item in items:
        if "postgres" in item.keywords and not on_postgres():
            if CI:
                deselected.append(item)
                continue
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
            )
        if "browser" in item.keywords and not chromium_available():
            if CI:
                raise pytest.UsageError(f"CI=true but no Chromium at {CHROMIUM}")
            item.add_marker(
                pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
            )
        kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached counts and the facet index held are keyed by the data version, which a
    rolled-back test can repeat."""
    cache.clear()
    facetindex.forget()
    yield
    cache.clear()
    facetindex.forget()


@pytest.fixture
def researcher(db):
    """A member of the researchers group, as `create_researcher` makes one."""
    user = User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    return user


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def sample_dataset(db):
    """The tiny dataset under tests/fixtures/sample, loaded through the real loader."""
    return load_dataset(sorted(SAMPLE_FIXTURES.glob("*.yaml")))


@pytest.fixture
def shipped_dataset(db):
    """The whole shipped dataset, as `make run` loads it."""
    return load_dataset(fixture_paths())


@pytest.fixture(scope="module")
def shipped_dataset_once(django_db_setup, django_db_blocker):
    """The shipped dataset loaded once for a module whose tests only read it.

    Same loader and files as ``shipped_dataset``, but loaded once, inside a transaction
    rolled back after the module: reloading ~600 records for every check would dominate the
    run. Only for modules where every test reads the shipped data and writes nothing (the
    database stays open to the whole module).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_dataset(fixture_paths())
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def open_strict_page(browser, **options):
    """A page under the site's own Content-Security-Policy (``page`` bypasses it), with the
    policy's violations reported in the console collected in ``csp_violations``."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return context, page


@pytest.fixture
def strict_page(browser):
    context, page = open_strict_page(browser)
    yield page
    context.close()


@pytest.fixture
def axe():
    """Run axe-core in a page; returns the serious and critical violations."""

    def run(page):
        page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
        )
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

    return run


@pytest.fixture
def vendor():
    return connection.vendor
