"""Shared by bench/run.py and bench/loadtest.py: the bench database, its data, the selections.

The bench runs against its own PostgreSQL database (``chinadebate_bench`` unless DATABASE_URL
says otherwise), created and migrated here, and filled by the synthetic-data generator
(apps/synthetic/) up to the requested number of positions.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_DATABASE_URL = "postgres://root@127.0.0.1:5432/chinadebate_bench"
SEED = 2018  # the year of the analysis; any fixed seed gives reproducible data


def setup(database_url: str | None = None) -> str:
    """Point Django at the bench database (creating it if needed), migrate it, return its URL."""
    url = database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinadebate.settings")
    os.environ.pop("DJANGO_ENV", None)
    # The project is not an installed package: scripts in bench/ import it from the checkout.
    sys.path.insert(0, str(ROOT))
    if url.startswith(("postgres://", "postgresql://")):
        _create_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return url


def _create_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created database {config['NAME']}.")


def code_version() -> str:
    """The commit measured, marked ``+changes`` when the working tree differs from it."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (
        "+changes" if git("status", "--porcelain") else ""
    )


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def shared_buffers() -> str:
    """PostgreSQL's shared buffers: whether the positions stay in them decides how fast a
    first free-text search is (deploy/postgresql/chinadebate.conf)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        return cursor.fetchone()[0]


@dataclass
class Growth:
    positions: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


def grow_to(positions: int, *, seed: int = SEED, fresh: bool = False) -> Growth:
    """Make the database hold ``positions`` synthetic positions, adding only what is missing.

    Experts and publications grow in proportion (apps.synthetic.default_plan), so
    10k → 50k → 200k in one run gives the same proportions as loading 200k at once.
    """
    from django.db import connection

    from apps.synthetic.clearing import clear, synthetic_counts
    from apps.synthetic.generation import generate
    from apps.synthetic.plan import default_plan

    have = synthetic_counts()["positions"]
    if fresh or have > positions:
        print(f"Clearing {have} synthetic positions (and what hangs from them)...", flush=True)
        clear(progress=True)
        have = 0
    started = time.perf_counter()
    if positions > have:
        print(f"Generating {positions - have} positions (have {have})...", flush=True)
        generate(default_plan(positions - have), seed=seed, progress=True)
    seconds = time.perf_counter() - started
    # Fresh planner statistics, as autovacuum would give a long-lived database.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if is_postgres() else "ANALYZE")
    return Growth(positions, seconds, synthetic_counts())


@dataclass(frozen=True)
class Subjects:
    """The records the selections point at: the busiest theme, expert, question..."""

    theme_slug: str
    theme_id: int
    question_param: str
    question_id: int
    expert_slug: str
    expert_positions: int
    total_positions: int
    institution_slug: str
    publication_slug: str
    chapter_path: str  # /analysis/<analysis>/<chapter>/ of the chapter with most footnotes


def pick_subjects() -> Subjects:
    from django.db.models import Count

    from apps.analysis.models import Chapter
    from apps.debate.models import Position, PositionHolder, Question, Theme
    from apps.sources.models import Publication

    theme = Theme.objects.annotate(n=Count("positions")).order_by("-n", "slug").first()
    question = (
        Question.objects.filter(theme=theme)
        .annotate(n=Count("positions"))
        .order_by("-n", "slug")
        .first()
    )
    expert = (
        PositionHolder.objects.filter(expert__isnull=False)
        .values("expert__slug")
        .annotate(n=Count("position", distinct=True))
        .order_by("-n", "expert__slug")
        .first()
    )
    institution = (
        PositionHolder.objects.filter(institution__isnull=False)
        .values("institution__slug")
        .annotate(n=Count("position", distinct=True))
        .order_by("-n", "institution__slug")
        .first()
    )
    publication = Publication.objects.annotate(n=Count("positions")).order_by("-n", "slug").first()
    chapter = (
        Chapter.objects.select_related("analysis")
        .annotate(n=Count("footnotes"))
        .order_by("-n", "slug")
        .first()
    )
    return Subjects(
        institution_slug=institution["institution__slug"] if institution else "",
        publication_slug=publication.slug if publication else "",
        chapter_path=chapter.get_absolute_url() if chapter else "",
        theme_slug=theme.slug,
        theme_id=theme.pk,
        question_param=f"{theme.slug}.{question.slug}" if question else "",
        question_id=question.pk if question else 0,
        expert_slug=expert["expert__slug"],
        expert_positions=expert["n"],
        total_positions=Position.objects.count(),
    )


FREE_TEXT = "governance"
PAGE_SIZE = 20  # /viewpoints/ default page size
ADMIN_PAGE_SIZE = 100  # Django admin's list_per_page


@dataclass(frozen=True)
class Selection:
    """One filter selection, as /viewpoints/ and as the admin changelist spell it."""

    name: str
    params: dict[str, str]
    admin_params: dict[str, str]


def selections(subjects: Subjects) -> list[Selection]:
    """No filter, one facet, three facets, free text, free text plus facets, a deep page."""
    theme = {"theme": subjects.theme_slug}
    admin_theme = {"themes__id__exact": str(subjects.theme_id)}
    # Half-way through the unfiltered list, at the same offset in both.
    middle = subjects.total_positions // 2
    return [
        Selection("no filter", {}, {}),
        Selection("one facet", theme, admin_theme),
        Selection(
            "three facets",
            {**theme, "stance": "supports", "pubkind": "journal_article"},
            {**admin_theme, "stance__exact": "supports", "source__kind__exact": "journal_article"},
        ),
        Selection("free text", {"q": FREE_TEXT}, {"q": FREE_TEXT}),
        Selection(
            "free text + facets",
            {"q": FREE_TEXT, **theme, "stance": "supports"},
            {"q": FREE_TEXT, **admin_theme, "stance__exact": "supports"},
        ),
        Selection(
            "deep page",
            {"page": str(max(1, middle // PAGE_SIZE))},
            {"p": str(max(1, middle // ADMIN_PAGE_SIZE))},
        ),
    ]


def loadtest_urls(subjects: Subjects) -> list[dict[str, object]]:
    """The URL mix of the load test: facet selections a policy officer would click through."""
    from urllib.parse import urlencode

    from django.db.models import Count

    from apps.debate.models import Question, Theme
    from apps.people.models import InstitutionKind

    urls: list[dict[str, object]] = []

    def add(name: str, path: str, params: dict[str, str] | None = None, htmx: bool = False):
        query = f"?{urlencode(params)}" if params else ""
        urls.append({"name": name, "url": f"{path}{query}", "htmx": htmx})

    for selection in selections(subjects):
        add(f"viewpoints: {selection.name}", "/viewpoints/", selection.params)
        add(f"viewpoints (htmx): {selection.name}", "/viewpoints/", selection.params, htmx=True)
    for kind in (InstitutionKind.STATE_BODY, InstitutionKind.ACADEMY, InstitutionKind.UNIVERSITY):
        add("viewpoints: institution kind", "/viewpoints/", {"kind": kind}, htmx=True)
    for question in Question.objects.select_related("theme").order_by("pk")[:6]:
        params = {"question": f"{question.theme.slug}.{question.slug}", "stance": "opposes"}
        add("viewpoints: question + stance", "/viewpoints/", params, htmx=True)
    for theme in Theme.objects.annotate(n=Count("positions")).order_by("-n")[:3]:
        add("theme page", f"/themes/{theme.slug}/")
        add("theme map SVG", f"/themes/{theme.slug}/map.svg")
    add("stance overview SVG", "/themes/overview.svg")
    add("timeline", "/timeline/")
    add("network", "/network/")
    add("network (widest)", "/network/", {"size": "240"})
    add("expert page", f"/experts/{subjects.expert_slug}/")
    add("search", "/search/", {"q": FREE_TEXT})
    return urls
