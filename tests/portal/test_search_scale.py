"""What keeps /search/ fast at 200k viewpoints: viewpoints searched by full-text search on
PostgreSQL, a trigram index under the publications' LIKE, counts that stop at a cap. What is
found is the same on SQLite and PostgreSQL, in the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.dataset.loading import rebuild_derived_fields
from apps.portal import search
from tests.factories import (
    ExpertFactory,
    GlossaryTermFactory,
    InstitutionFactory,
    PositionFactory,
    PositionHolderFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """Records on data governance, in English and hanzi, and others that are not."""
    expert = ExpertFactory(name="Li Governance", name_zh="李治理", slug="li")
    InstitutionFactory(name="Data Governance Institute", name_zh="数据治理研究院", slug="dgi")
    InstitutionFactory(name="Institute of Economics", slug="economics")
    governance = PublicationFactory(
        title="Data governance in China", title_original="中国数据治理", slug="data-governance"
    )
    PublicationFactory(title="Platform economy", title_original="平台经济", slug="platform")
    for n, summary in enumerate(["Governance of data must be local.", "数据治理需要立法。"]):
        PositionHolderFactory(
            expert=expert, position=PositionFactory(summary=summary, slug=f"gov-{n}")
        )
    PositionFactory(summary="The platform economy needs rules.", slug="platform-rules")
    PositionFactory(summary="Blacklists work.", slug="blacklists", source=governance)
    GlossaryTermFactory(hanzi="数据治理", slug="shuju-zhili", gloss="data governance")
    rebuild_derived_fields()  # search texts that plain factory saves leave stale


def found(client, q: str) -> dict[str, list[str]]:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return {g.kind.key: sorted(item.slug for item in g.items) for g in response.context["groups"]}


HANZI = {
    "experts": [],  # 李治理 has 治理, not 数据治理
    "institutions": ["dgi"],
    "publications": ["data-governance"],
    "viewpoints": ["blacklists", "gov-1"],  # by its summary; by its source's title
    "terms": ["shuju-zhili"],
}
# The lists are literal, so each database must find exactly these.
EXPECTED = {
    "governance": {
        "experts": ["li"],
        "institutions": ["dgi"],
        "publications": ["data-governance"],
        "viewpoints": ["blacklists", "gov-0", "gov-1"],  # source, summary, holder's name
        "terms": ["shuju-zhili"],
    },
    "数据治理": HANZI,
    "數據治理": HANZI,
    "shuju zhili": HANZI,  # hanzi are indexed with their pinyin
}


@pytest.mark.parametrize("q", EXPECTED)
def test_the_same_records_are_found_on_sqlite_and_postgresql(client, records, q):
    assert found(client, q) == {"themes": [], **EXPECTED[q]}


@pytest.mark.parametrize("matches", [1, 4])
def test_search_queries_do_not_grow_with_the_matches(client, django_assert_num_queries, matches):
    for n in range(matches):
        ThemeFactory(name=f"Governance {n}")
        ExpertFactory(name=f"Governance {n}")
        InstitutionFactory(name=f"Governance Institute {n}")
        PublicationFactory(title=f"Governance report {n}")
        PositionHolderFactory(position=PositionFactory(summary=f"Data governance {n}."))
        GlossaryTermFactory(gloss=f"governance {n}")
    rebuild_derived_fields()
    # Per kind the keys of its matches, the first few in order and their rows; experts
    # prefetch affiliations, publications authorships, viewpoints themes and holders; and the
    # data version (the key of the page's cached copy).
    with django_assert_num_queries(6 * 3 + 4 + 1):
        client.get("/search/", {"q": "governance"})


def test_a_kind_without_matches_costs_one_query(client, records, django_assert_num_queries):
    with django_assert_num_queries(1 + 6):  # the data version; a query per kind
        client.get("/search/", {"q": "xyzzy"})


def test_counts_stop_at_the_cap_and_say_so(client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(search, "COUNT_CAP", 6)  # above the five a group shows, as 1,000 is
    for n in range(8):
        PublicationFactory(title=f"Digital report {n}")
    for n in range(6):
        PositionFactory(summary=f"Digital rules {n}.")
    # Keys per kind; then, past the cap (publications) as up to it (viewpoints), the first
    # keys in order and the rows; authorships, and the viewpoints' themes and holders; and
    # the data version.
    with django_assert_num_queries(6 + 2 + 1 + 2 + 2 + 1):
        response = client.get("/search/", {"q": "digital"})
    groups = {g.kind.key: g for g in response.context["groups"]}
    assert groups["publications"].total_label == "6+"
    assert groups["viewpoints"].total_label == "6"
    # Past the cap (publications) and up to it (viewpoints, fetched by key): the first five.
    for key in ("publications", "viewpoints"):
        first = search.search_kind(search.KINDS_BY_KEY[key], ["digital"])[:5]
        assert groups[key].items == list(first)
    html = response.content.decode()
    assert '<a href="#group-publications">6+ publications</a>' in html
    assert "See all 6+ publications" in html
    # The page that lists one kind still counts every match.
    page = client.get("/search/", {"q": "digital", "type": "publications"})
    assert page.context["page_obj"].paginator.count == 8


def test_large_counts_are_grouped_by_thousands():
    group = search.ResultGroup(search.KINDS_BY_KEY["viewpoints"], 999, [])
    assert group.total_label == "999"
    assert search.ResultGroup(group.kind, search.COUNT_CAP + 1, []).total_label == "1,000+"


@pytest.mark.postgres
def test_viewpoints_are_searched_with_the_full_text_index(client, records):
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "数据治理"})
    position_queries = [q["sql"] for q in queries if 'FROM "debate_position"' in q["sql"]]
    assert any("search_vector" in sql for sql in position_queries)
    assert not any("LIKE" in sql for sql in position_queries)


@pytest.mark.postgres
@pytest.mark.parametrize("word", ["governance", "数据治理"])
def test_publications_like_is_served_by_the_trigram_index(records, word):
    queryset = search.search_kind(search.KINDS_BY_KEY["publications"], [word])
    with connection.cursor() as cursor:
        # The test tables are tiny: leave the planner only bitmap scans, which need an index
        # that can serve the LIKE.
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        plan = queryset.explain()
    assert "publication_search_trgm" in plan
