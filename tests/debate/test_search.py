"""Free-text search on /viewpoints/: what a reader types finds the positions it should, on
SQLite (LIKE) and on PostgreSQL (full-text search on a GIN index), and the search text stays
in step with the records a position is searched by."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.debate.models import GlossaryTerm, Position, Theme
from apps.debate.search import search_positions, tsquery_terms
from apps.people.models import Expert, Institution
from apps.research.roles import RESEARCHERS
from apps.sources.models import Publication
from apps.synthetic.generation import generate
from apps.synthetic.plan import Plan
from tests.factories import (
    ExpertFactory,
    GlossaryTermFactory,
    InstitutionFactory,
    PositionFactory,
    PositionHolderFactory,
    PublicationFactory,
    QuestionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate():
    """A social-credit position searchable through each related record, and another."""
    credit = ThemeFactory(slug="social-credit", name="Social credit", name_zh="社会信用体系")
    economy = ThemeFactory(slug="digital-economy", name="Digital economy", name_zh="数字经济")
    question = QuestionFactory(theme=credit, text="Should blacklists be published?")
    source = PublicationFactory(
        title="Legislating for trust",
        title_original="以信用立法推进建设",
        title_transliterated="Yǐ xìnyòng lìfǎ tuījìn jiànshè",
    )
    social = PositionFactory(
        summary="Courts, not agencies, should decide who is listed.",
        question=question,
        stance="supports",
        source=source,
        themes=[credit],
    )
    PositionHolderFactory(
        position=social, expert=ExpertFactory(name="Liu Ruisheng", name_zh="刘瑞生")
    )
    term = GlossaryTermFactory(
        hanzi="黑名单", pinyin="hēimíngdān", gloss="list of the untrustworthy"
    )
    term.positions.add(social)
    platform = PositionFactory(
        summary="Platforms should share their data with regulators.",
        source=PublicationFactory(title="Platform power"),
        themes=[economy],
    )
    # Themes, holders and terms are saved after the position, as the admin saves them.
    for position in (social, platform):
        position.save()
    return SimpleNamespace(social=social, platform=platform, credit=credit, economy=economy)


def found(client, q: str) -> set[str]:
    response = client.get("/viewpoints/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    return {p.slug for p in Position.objects.all() if f'href="{p.get_absolute_url()}"' in html}


@pytest.mark.parametrize(
    "q",
    [
        "credit",  # theme name
        "cred",  # the start of a word
        "xinyong",  # pinyin of the theme's Chinese name, part of a phrase
        "Xìnyòng",  # with tones and capitals
        "shehuixinyong",  # run together
        "she hui xin yong",  # spaced
        "社会信用",  # simplified
        "社會信用",  # traditional
        "信用",  # part of a hanzi phrase
        "信",  # one character
        "published",  # question text
        "legislating",  # source title
        "立法",  # source's Chinese title
        "tuijin",  # its pinyin
        "untrustworthy",  # glossary term's gloss
        "名单",  # part of the term's hanzi
        "heimingdan",  # the term's pinyin
        "ruisheng",  # holder
        "刘瑞生",
        "courts listed",  # every word, anywhere in the text
    ],
)
def test_a_social_credit_search_finds_the_social_credit_position(client, debate, q):
    assert found(client, q) == {debate.social.slug}


@pytest.mark.parametrize("q", ["platforms data", "数字", "shuzi jingji", "platform power"])
def test_the_other_position_is_found_by_its_own_words(client, debate, q):
    assert found(client, q) == {debate.platform.slug}


@pytest.mark.parametrize("q", ["platforms credit", "信用 数字", "blacklist courts regulators"])
def test_every_word_must_match(client, debate, q):
    assert found(client, q) == set()


@pytest.mark.parametrize(
    "q",
    [
        "a & b",
        "!",
        ":*",
        "'",
        "credit:*",
        "a | !c",
        "(credit",
        "credit <-> courts",
        "\\",
        "''''",
        "a\x00b",
        "x" * 5000,
        "信" * 500,
        "_",
        "½ ² ٣",
    ],
)
def test_hostile_search_text_never_fails(client, debate, q):
    found(client, q)


def test_hostile_words_given_straight_to_the_search_never_fail(debate):
    words = ["a & b", "!", ":*", "'", "a\x00b", "x" * 5000, "_", "credit:*"]
    assert list(search_positions(Position.objects.all(), words)) == []


def test_query_terms_are_prefixes_and_hanzi_bigrams():
    assert tsquery_terms("xinyong") == ["'xinyong':*"]
    assert tsquery_terms("社会信用") == ["'社会'", "'会信'", "'信用'"]
    assert tsquery_terms("信") == ["'信':*"]
    assert tsquery_terms("2019年") == ["'2019':*", "'年':*"]
    assert tsquery_terms("a'b:*&!c") == ["'a':*", "'b':*", "'c':*"]
    assert tsquery_terms("_\x00") == []


@pytest.mark.postgres
def test_on_postgresql_a_word_matches_only_the_start_of_indexed_words(client, debate):
    # 'redit' is inside 'credit': LIKE on SQLite would find it, full-text search does not.
    assert found(client, "redit") == set()


# --- PostgreSQL: the index ---------------------------------------------------------------------


@pytest.mark.postgres
def test_the_search_vector_is_generated_from_the_search_text_and_indexed():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns"
            " WHERE table_name = 'debate_position' AND column_name = 'search_vector'"
        )
        (generated,) = cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'position_search'")
        (index,) = cursor.fetchone()
    assert generated == "strip(to_tsvector('simple'::regconfig, search_text))"
    assert "USING gin (search_vector)" in index


@pytest.mark.postgres
def test_the_search_vector_follows_every_write(debate):
    Position.objects.filter(pk=debate.platform.pk).update(search_text="zhongguancun")
    assert list(search_positions(Position.objects.all(), ["zhongguan"])) == [debate.platform]


@pytest.mark.postgres
def test_the_search_query_uses_the_index(debate):
    with connection.cursor() as cursor:
        # The test table is tiny, so a sequential scan would win: make the index the only way.
        cursor.execute("SET LOCAL enable_seqscan = off")
    # Unordered, as the facet counts ask (a sort index could otherwise be walked instead).
    searched = search_positions(Position.objects.order_by(), ["社会信用", "xinyong", "cred"])
    plan = searched.explain()
    assert "Bitmap Index Scan on position_search" in plan


# --- Kept in step -----------------------------------------------------------------------------


@pytest.fixture
def researcher_client():
    user = User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    researcher = Client()
    researcher.force_login(user)
    return researcher


def position_change_form(position, **changes) -> dict:
    data = {
        "summary": position.summary,
        "themes": [str(t.pk) for t in position.themes.all()],
        "question": str(position.question_id or ""),
        "stance": position.stance,
        "source": str(position.source_id),
        "pinpoint": "",
        "footnote": "",
        "quote_zh": "",
        "quote_en": "",
        "reading_note": "",
        "slug": position.slug,
        "tags": "",
        "holders-TOTAL_FORMS": "0",
        "holders-INITIAL_FORMS": "0",
        "relations_made-TOTAL_FORMS": "0",
        "relations_made-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_adding_a_theme_in_the_admin_makes_the_position_findable_by_it(
    researcher_client, client, debate
):
    assert found(client, "xinyong") == {debate.social.slug}
    themes = [str(debate.economy.pk), str(debate.credit.pk)]
    url = reverse("admin:debate_position_change", args=[debate.platform.pk])
    response = researcher_client.post(url, position_change_form(debate.platform, themes=themes))
    assert response.status_code == 302, response.context["errors"]
    assert found(client, "xinyong") == {debate.social.slug, debate.platform.slug}
    assert found(client, "社會信用") == {debate.social.slug, debate.platform.slug}


def test_renaming_a_theme_in_the_admin_refreshes_its_positions(researcher_client, client, debate):
    url = reverse("admin:debate_theme_change", args=[debate.economy.pk])
    data = {
        "name": "Platform economy",
        "name_zh": "平台经济",
        "slug": debate.economy.slug,
        "description": debate.economy.description,
        "order": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }
    assert researcher_client.post(url, data).status_code == 302
    assert found(client, "平台经济") == {debate.platform.slug}
    assert found(client, "数字经济") == set()


def test_linking_and_unlinking_a_glossary_term_in_the_admin(researcher_client, client, debate):
    term = GlossaryTerm.objects.get(hanzi="黑名单")
    url = reverse("admin:debate_glossaryterm_change", args=[term.pk])
    data = {
        "hanzi": term.hanzi,
        "pinyin": term.pinyin,
        "gloss": term.gloss,
        "note": "",
        "slug": term.slug,
        "themes": [],
        "positions": [str(debate.platform.pk)],
    }
    assert researcher_client.post(url, data).status_code == 302
    assert found(client, "untrustworthy") == {debate.platform.slug}


def test_deleting_a_glossary_term_in_the_admin_forgets_it(researcher_client, client, debate):
    term = GlossaryTerm.objects.get(hanzi="黑名单")
    url = reverse("admin:debate_glossaryterm_delete", args=[term.pk])
    assert researcher_client.post(url, {"post": "yes"}).status_code == 302
    assert found(client, "untrustworthy") == set()


def test_synthetic_positions_get_the_search_text_their_records_give():
    """Derived from memory at generation, it must equal what the model derives from the rows."""
    generate(Plan(experts=12, publications=30, positions=50), seed=5)
    positions = Position.objects.prefetch_related(
        "holders__expert", "holders__institution", "themes", "glossary_terms"
    ).select_related("question", "source")
    for position in positions:
        stored = position.search_text
        position.refresh_search_text()
        assert stored == position.search_text
    theme = positions[0].themes.all()[0]
    assert theme.name.lower() in positions[0].search_text


def test_the_migration_rebuilds_every_search_text_as_the_models_do(debate):
    """Migration 0006 composes the documents itself: they must match the models'."""
    migration = importlib.import_module("apps.debate.migrations.0006_position_full_text_search")
    ExpertFactory(name="Wang Yufeng", name_zh="王砚峰", description="Editor of 人民网.")
    InstitutionFactory(name="Renmin University", name_zh="中国人民大学", abbreviation="RUC")
    searchable = [Institution, Expert, Publication, GlossaryTerm, Position]
    for model in searchable:
        model.objects.update(search_text="")
    migration.rebuild_search_texts(apps, SimpleNamespace(connection=connection))
    for model in searchable:
        for obj in model.objects.all():
            stored = obj.search_text
            if model is GlossaryTerm:
                obj.fill_derived_fields()
            else:
                obj.refresh_search_text()
            assert stored == obj.search_text, model
            assert stored


def test_the_search_works_inside_a_subquery(debate):
    # Subqueries give the positions table another alias (U0): the search must follow it.
    matching = search_positions(Position.objects.all(), ["credit"]).values("pk")
    themes = Theme.objects.filter(positions__in=matching).distinct()
    assert list(themes) == [debate.credit]
    assert list(Position.objects.filter(pk__in=matching)) == [debate.social]


@pytest.mark.parametrize("q", ["xinyong", "社會信用"])
def test_shipped_social_credit_positions_are_found_by_pinyin_and_traditional_hanzi(
    client, shipped_dataset, q
):
    social_credit = set(
        Position.objects.filter(themes__slug="social-credit").values_list("slug", flat=True)
    )
    assert social_credit
    response = client.get("/viewpoints/", {"q": q, "size": "100"})
    html = response.content.decode()
    shown = {p.slug for p in Position.objects.all() if f'href="{p.get_absolute_url()}"' in html}
    assert social_credit <= shown
