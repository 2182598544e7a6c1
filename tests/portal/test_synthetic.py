"""The synthetic-data generator: deterministic, additive, and harmless to shipped records."""

from collections import Counter

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag, TaggedItem

from apps.analysis.models import Citation, Footnote
from apps.core.models import DataVersion, DatePrecision
from apps.debate.models import IndexChange, Position, PositionHolder, Question, Theme
from apps.people.models import Expert, Institution, InstitutionKind
from apps.sources.models import Authorship, Publication
from apps.synthetic.clearing import clear, synthetic_counts
from apps.synthetic.generation import generate
from apps.synthetic.plan import PREFIX, Plan

SMALL = Plan(experts=12, publications=30, positions=50)
SNAPSHOT_APPS = ("people", "sources", "analysis", "debate", "taggit")


def fingerprint() -> dict[str, list]:
    """Slugs, names and links of every synthetic record, independent of primary keys."""
    position_slugs = dict(Position.objects.values_list("pk", "slug"))
    return {
        "experts": sorted(
            Expert.objects.filter(slug__startswith=PREFIX).values_list(
                "slug", "name", "name_zh", "pinyin", "origin"
            )
        ),
        "institutions": sorted(
            Institution.objects.filter(slug__startswith=PREFIX).values_list(
                "slug", "name", "name_zh", "kind", "parent__slug"
            )
        ),
        "publications": sorted(
            Publication.objects.filter(slug__startswith=PREFIX).values_list(
                "slug", "title", "title_original", "date", "date_precision", "venue__slug"
            )
        ),
        "authors": sorted(
            Authorship.objects.filter(publication__slug__startswith=PREFIX).values_list(
                "publication__slug", "order", "expert__slug"
            )
        ),
        "positions": sorted(
            Position.objects.filter(slug__startswith=PREFIX).values_list(
                "slug", "summary", "stance", "question__slug", "source__slug", "footnote__text"
            )
        ),
        "holders": sorted(
            PositionHolder.objects.filter(position__slug__startswith=PREFIX).values_list(
                "position__slug", "order", "expert__slug", "institution__slug", "role"
            )
        ),
        "themes": sorted(
            Position.themes.through.objects.filter(position__slug__startswith=PREFIX).values_list(
                "position__slug", "theme__slug"
            )
        ),
        "tags": sorted(
            (position_slugs[object_id], slug)
            for object_id, slug in TaggedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(Position)
            ).values_list("object_id", "tag__slug")
        ),
    }


def snapshot() -> dict[str, Counter]:
    """Every row of every domain model (history and link tables included), as plain values."""
    rows = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model in (DataVersion, IndexChange):  # a cache key and its log: every write adds
                continue
            rows[model._meta.label] = Counter(
                tuple(sorted(row.items())) for row in model._base_manager.values()
            )
    return rows


@pytest.mark.django_db
def test_same_seed_gives_same_slugs_names_and_links():
    generate(SMALL, seed=7)
    first = fingerprint()
    clear()
    generate(SMALL, seed=7)
    assert fingerprint() == first
    assert len(first["positions"]) == SMALL.positions


@pytest.mark.django_db
def test_different_seed_gives_different_records():
    generate(SMALL, seed=7)
    first = fingerprint()
    clear()
    generate(SMALL, seed=8)
    second = fingerprint()
    for part in ("experts", "publications", "positions", "holders"):
        assert second[part] != first[part], part


@pytest.mark.django_db
def test_generates_requested_counts_of_realistic_records():
    plan = Plan(experts=60, publications=300, positions=600)
    generate(plan, seed=1)

    assert synthetic_counts()["experts"] == plan.experts
    # Each analysis issue is recorded as a publication too, on top of the requested ones.
    ordinary = Publication.objects.filter(slug__startswith=PREFIX, analysis__isnull=True)
    assert ordinary.count() == plan.publications
    assert synthetic_counts()["positions"] == plan.positions
    assert Footnote.objects.filter(chapter__slug__startswith=PREFIX).count() == plan.footnotes

    chinese = Expert.objects.exclude(name_zh="")
    assert chinese.exists()
    assert all(e.pinyin and e.pinyin_plain and e.search_text for e in chinese)
    institutions = Institution.objects.filter(slug__startswith=PREFIX)
    assert set(institutions.values_list("kind", flat=True)) == set(InstitutionKind.values)
    assert institutions.filter(parent__isnull=False).exists()
    assert set(ordinary.values_list("date_precision", flat=True)) == set(DatePrecision.values)
    assert all(p.year == (p.date.year if p.date else None) for p in ordinary)
    authors = Counter(Authorship.objects.values_list("publication_id", flat=True))
    assert max(authors.values()) >= 3

    holders = Counter(PositionHolder.objects.values_list("position_id", flat=True))
    assert set(holders.values()) == {1, 2, 3}
    positions = Position.objects.all()
    assert positions.exclude(stance="").filter(question__isnull=True).count() == 0
    assert positions.exclude(stance="").exists() and positions.filter(stance="").exists()
    assert positions.filter(footnote__isnull=False).exists()
    assert Citation.objects.filter(footnote__chapter__slug__startswith=PREFIX).exists()
    assert not positions.filter(themes__isnull=True).exists()
    assert not positions.filter(search_text="").exists()
    assert TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Position)
    ).exists()


@pytest.mark.django_db
def test_search_text_includes_holders_and_authors():
    generate(SMALL, seed=3)
    holder = PositionHolder.objects.filter(expert__name_zh__gt="").select_related("expert").first()
    assert holder.expert.name_zh in Position.objects.get(pk=holder.position_id).search_text
    author = Authorship.objects.select_related("expert").first()
    assert (
        author.expert.name.lower() in Publication.objects.get(pk=author.publication_id).search_text
    )


@pytest.mark.django_db
def test_generating_again_adds_to_what_is_there():
    generate(SMALL, seed=7)
    generate(SMALL, seed=7)
    counts = synthetic_counts()
    assert counts["experts"] == 2 * SMALL.experts
    assert counts["positions"] == 2 * SMALL.positions
    assert Theme.objects.count() == 6  # themes, questions and tags are made once
    assert Question.objects.count() == 18


def test_shipped_records_are_reused_never_changed(sample_dataset):
    before = snapshot()
    shipped_theme = Theme.objects.get(slug="digital-economy")

    generate(SMALL, seed=5)
    during = snapshot()
    for label, rows in before.items():
        assert not rows - during[label], f"{label}: a shipped row changed or vanished"
    assert not Theme.objects.filter(slug__startswith=PREFIX).exists()
    assert Position.objects.filter(slug__startswith=PREFIX, themes=shipped_theme).exists()
    assert Question.objects.filter(theme=shipped_theme, slug__startswith=PREFIX).exists()

    clear()
    assert snapshot() == before
    assert not any(synthetic_counts().values())


def test_clear_keeps_a_synthetic_tag_a_researcher_has_used(sample_dataset):
    generate(SMALL, seed=5)
    blockchain = Tag.objects.get(name="blockchain")
    assert blockchain.slug.startswith(PREFIX)
    shipped = Publication.objects.get(slug="wang-2017-digital-economy")
    shipped.tags.add(blockchain)

    clear()
    assert Tag.objects.filter(pk=blockchain.pk).exists()
    assert set(shipped.tags.names()) == {"blockchain", "digital economy", "platforms"}
    assert not Tag.objects.filter(slug__startswith=PREFIX).exclude(pk=blockchain.pk).exists()


@pytest.mark.django_db
def test_command_generates_and_clears():
    call_command(
        "generate_synthetic", positions=50, experts=12, publications=30, seed=2, verbosity=0
    )
    assert synthetic_counts()["positions"] == 50
    call_command("generate_synthetic", clear=True, verbosity=0)
    assert not any(synthetic_counts().values())


@pytest.mark.django_db
def test_command_without_counts_explains_itself():
    with pytest.raises(CommandError, match="Nothing to do"):
        call_command("generate_synthetic", verbosity=0)


@pytest.mark.django_db
def test_positions_without_experts_are_refused():
    with pytest.raises(CommandError, match="need experts"):
        call_command("generate_synthetic", positions=10, experts=0, publications=0, verbosity=0)


def _queries(client, url: str) -> list[str]:
    client.get(url)  # warm caches (content types, sessions) that a running site has warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code == 404:
        pytest.skip(f"{url} answers 404: the page is not built yet")
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/viewpoints/",
        "/viewpoints/?stance=supports&kind=academy",
        "/viewpoints/?q=governance&pubkind=journal_article",
        "theme",
    ],
)
def test_list_pages_run_the_same_queries_at_two_sizes(client, url):
    generate(Plan(experts=10, publications=20, positions=50), seed=1)
    if url == "theme":
        url = Theme.objects.order_by("order").first().get_absolute_url()
    small = _queries(client, url)

    generate(Plan(experts=30, publications=60, positions=150), seed=1)
    assert synthetic_counts()["positions"] == 200
    # Measured the same way as the small one: warm (/viewpoints/ counts cached for this data).
    assert len(_queries(client, url)) == len(small)


@pytest.mark.django_db
def test_generating_and_clearing_change_the_data_version_of_cached_counts():
    before = DataVersion.current()
    generate(SMALL, seed=3)
    generated = DataVersion.current()
    clear()
    assert len({before, generated, DataVersion.current()}) == 3
