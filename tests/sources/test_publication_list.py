"""/publications/: every source, faceted by kind, year, language and venue."""

import datetime
import re

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from apps.sources.models import Publication
from apps.synthetic.generation import generate
from apps.synthetic.plan import Plan
from tests.factories import PublicationFactory, VenueFactory
from tests.pages import drawn
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db

URL = "/publications/"


@pytest.fixture
def world():
    return build_world(scale=2)


def listed(response) -> list[str]:
    return [p.slug for p in response.context["page_obj"].object_list]


def test_lists_every_publication_with_both_titles_authors_and_citing_footnotes(client, world):
    response = client.get(URL)
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert response.context["page_obj"].paginator.count == Publication.objects.count()
    publication = world.publication
    assert f'href="{publication.get_absolute_url()}"' in html
    assert f'<span lang="zh-Hans">{publication.title_original}</span>' in html
    assert f'href="{world.expert.get_absolute_url()}">Wang Yufeng</a>' in html
    # Cited by one footnote of the focal chapter and one of another chapter per scale step.
    cited = re.search(
        re.escape(f'href="{publication.get_absolute_url()}#cited-in"') + r">cited in (.*?)</a>",
        html,
    )
    assert cited and re.sub(r"<[^>]+>", "", cited.group(1)) == "4 footnotes"


def test_each_facet_count_links_to_the_selection_it_counts(client, world):
    facets = client.get(URL, {"kind": "journal_article"}).context["facets"]
    options = [(facet, option) for facet in facets for option in facet.options]
    assert {facet.key for facet, _ in options} == {"kind", "year", "language", "venue"}
    for _, option in options:
        response = drawn(client, f"{URL}?{option.query}")
        assert response.context["page_obj"].paginator.count == option.count, option


def test_filters_combine_and_say_how_many_match_of_how_many(client, world):
    venue = world.publication.venue
    response = client.get(URL, {"venue": venue.slug, "language": "zh", "year": "2018"})
    assert set(listed(response)) == set(
        Publication.objects.filter(venue=venue, language="zh", year=2018).values_list(
            "slug", flat=True
        )
    )
    html = response.content.decode()
    count, total = response.context["page_obj"].paginator.count, Publication.objects.count()
    assert f"<strong>{count}</strong> of" in html and f"{total} publications</a>" in html
    assert "Clear filters" in html


def test_sorts_by_title_and_oldest_first(client):
    PublicationFactory(title="Beta", date=None, date_precision="unknown")
    PublicationFactory(title="Alpha")
    old = PublicationFactory(title="Gamma", date=datetime.date(2001, 1, 1), date_precision="year")
    response = client.get(URL, {"sort": "title"})
    assert [p.title for p in response.context["page_obj"]] == ["Alpha", "Beta", "Gamma"]
    response = client.get(URL, {"sort": "oldest"})
    assert response.context["page_obj"][0] == old
    assert "selected>title, A–Z" in client.get(URL, {"sort": "title"}).content.decode()


def test_pages_keep_the_selection_and_odd_page_numbers_are_clamped(client):
    venue = VenueFactory(slug="daily")
    PublicationFactory.create_batch(30, venue=venue, kind="news_article")
    html = client.get(URL, {"venue": "daily", "sort": "title"}).content.decode()
    assert 'href="?venue=daily&amp;sort=title&amp;page=2"' in html
    assert client.get(URL, {"page": "999"}).context["page_obj"].number == 2
    assert client.get(URL, {"page": "abc"}).context["page_obj"].number == 1


def test_htmx_gets_the_results_fragment_and_responses_vary_on_it(client, world):
    response = client.get(URL, {"kind": "report"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="publication-results"' in html
    assert "HX-Request" in response["Vary"]
    restore = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_htmx_pushes_the_selection_without_defaults_or_empty_fields(client, world):
    query = "sort=newest&kind=report&year=&language=zh"
    response = client.get(f"{URL}?{query}", headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == "/publications/?kind=report&language=zh"
    response = client.get(f"{URL}?sort=title", headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == "/publications/?sort=title"
    response = client.get(f"{URL}?sort=newest", headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == "/publications/"


def test_unknown_filter_values_are_named_not_fatal(client, world):
    response = client.get(URL, {"kind": "pamphlet", "venue": "nowhere", "year": "soon"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored unknown filter values" in html
    for shown in ("kind=“pamphlet”", "venue=“nowhere”", "year=“soon”"):
        assert shown in html


def test_nav_and_home_page_link_the_list(client, world):
    html = client.get("/").content.decode()
    assert '<a href="/publications/">Publications</a>' in html
    count = Publication.objects.count()
    assert f'<a class="count" href="/publications/">{count} publications</a>' in html
    nav = client.get(URL).content.decode()
    assert '<a href="/publications/" aria-current="page">Publications</a>' in nav
    detail = client.get(world.publication.get_absolute_url()).content.decode()
    assert '<a href="/publications/" aria-current="true">Publications</a>' in detail


@pytest.mark.parametrize("scale", [1, 3])
def test_runs_a_constant_number_of_queries(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the data version (the key of the page's cached copy); the chosen venue; four facets
    # (kind, year, language, venue); COUNT for the paginator; the page of publications
    # (+venue, issuer, footnote and viewpoint counts); their authorships (+expert); COUNT of
    # all publications.
    with django_assert_num_queries(10):
        client.get(URL, {"venue": world.publication.venue.slug, "kind": "journal_article"})


def test_runs_the_same_queries_on_a_larger_synthetic_dataset(client, django_assert_num_queries):
    generate(Plan(experts=10, publications=30, positions=10), seed=2)
    client.get(URL)
    with django_assert_num_queries(9) as small:
        client.get(URL, {"sort": "oldest", "language": "zh"})
    generate(Plan(experts=30, publications=150, positions=30), seed=2)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(URL, {"sort": "oldest", "language": "zh"})


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
KEYS = st.sampled_from(["kind", "year", "language", "venue", "sort", "page", "unknown"])
VALUES = st.one_of(
    ANY_TEXT,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["\x00", "report", "2018", "zh", "x" * 5_000, "1e9", "-1", "社會信用"]),
)


@settings(max_examples=60, deadline=None)
@given(params=st.lists(st.tuples(KEYS, VALUES), max_size=8), htmx=st.booleans())
def test_never_fails_on_odd_parameters(params, htmx):
    if not Publication.objects.exists():
        PublicationFactory.create_batch(3, venue=VenueFactory())
    query: dict[str, list[str]] = {}
    for key, value in params:
        query.setdefault(key, []).append(value)
    headers = {"HX-Request": "true"} if htmx else {}
    response = Client().get(URL, query, headers=headers)
    assert response.status_code == 200
