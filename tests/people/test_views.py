import re

import pytest

from apps.people.models import Expert, Institution
from apps.portal.people_pages import LIST_SIZE
from tests.factories import ExpertFactory, InstitutionFactory, PositionFactory
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(scale=2)


def test_expert_page_shows_names_aliases_note_and_origin(client, world):
    expert = world.expert
    html = client.get(expert.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert '<span lang="zh-Hans">王砚峰</span>' in html
    assert "Wáng Yànfēng" in html
    for alias in expert.aliases.all():
        assert alias.name in html
    assert "Hanzi read Wang Yanfeng." in html
    assert "Mainland China" in html


def test_expert_page_shows_affiliations_with_role_date_and_source(client, world):
    html = client.get(world.expert.get_absolute_url()).content.decode()
    affiliation = world.expert.affiliations.select_related("source").first()
    assert "Researcher 0" in html and "Researcher 1" in html
    assert "as of September 2017" in html
    assert f'href="{affiliation.source.get_absolute_url()}"' in html
    assert f'href="{world.institution.get_absolute_url()}"' in html


def test_expert_page_groups_positions_by_theme_and_lists_publications_and_coauthors(client, world):
    response = client.get(world.expert.get_absolute_url())
    html = response.content.decode()
    [(theme, positions)] = response.context["positions_by_theme"]
    assert theme == world.theme and len(positions) == 2
    for position in positions:
        assert f'href="{position.get_absolute_url()}"' in html
    assert f'href="{world.publication.get_absolute_url()}"' in html
    coauthors = list(response.context["coauthors"])
    assert len(coauthors) == 2 and all(c.joint == 2 for c in coauthors)


def test_expert_page_links_the_footnotes_citing_their_publications(client, world):
    html = client.get(world.expert.get_absolute_url()).content.decode()
    assert f'href="{world.chapter.get_absolute_url()}#fn-1"' in html
    assert f'href="{world.chapter.get_absolute_url()}#fn-2"' in html


def test_expert_list_separates_chinese_experts_from_foreign_authors(client, world):
    html = client.get("/experts/").content.decode()
    chinese = html.index("Chinese experts")
    foreign = html.index("Foreign authors cited for context")
    assert chinese < html.index("Wang Yufeng") < foreign
    foreign_names = [e.name for e in Expert.objects.filter(origin="foreign")]
    assert foreign_names and all(html.index(n) > foreign for n in foreign_names)


def test_expert_list_filters_by_kind_theme_and_origin(client, world):
    other = ExpertFactory(name="Unaffiliated")
    response = client.get("/experts/", {"theme": "social-credit", "kind": "academy"})
    listed = {e.slug for e in response.context["page_obj"].object_list}
    assert world.expert.slug in listed and other.slug not in listed
    response = client.get("/experts/", {"origin": "foreign"})
    assert {e.origin for e in response.context["page_obj"].object_list} == {"foreign"}


def test_expert_list_htmx_gets_results_and_out_of_band_facet_counts(client, world):
    response = client.get("/experts/", {"origin": "foreign"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="expert-results"' in html
    assert 'id="facet-kind-academy" href="?kind=academy&amp;origin=foreign"' in html
    assert 'hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_expert_list_counts_link_to_what_they_count(client, world):
    html = client.get("/experts/").content.decode()
    assert 'href="/viewpoints/?expert=wang-yufeng"' in html
    assert 'href="/experts/wang-yufeng/#publications"' in html


def test_institution_list_groups_by_kind_and_nests_sub_units(client, world):
    InstitutionFactory(name="Ministry of Everything", kind="state_body")
    html = client.get("/institutions/").content.decode()
    assert html.index('id="kind-academy"') < html.index("Ministry of Everything")
    parent = world.institution.parent
    nested = re.search(
        re.escape(parent.get_absolute_url())
        + r".*?<ul>.*?"
        + re.escape(world.institution.get_absolute_url()),
        html,
        re.S,
    )
    assert nested


def test_institution_page_shows_kind_chinese_name_parent_children_people_positions_and_issued(
    client, world
):
    response = client.get(world.institution.get_absolute_url())
    html = response.content.decode()
    assert '<dd lang="zh-Hans">经济研究所</dd>' in html
    assert f'href="{world.institution.parent.get_absolute_url()}"' in html
    assert len(response.context["children"]) == 2
    assert f'href="{world.expert.get_absolute_url()}"' in html
    assert len(response.context["speakers"]) == 2  # named in viewpoints, no affiliation
    assert len(response.context["positions"]) == 4
    assert len(response.context["publications"]) == 2
    assert len(response.context["venues"]) == 1


@pytest.mark.parametrize(
    "url", ["/experts/nobody/", "/institutions/nowhere/", "/experts/%E7%8E%8B/"]
)
def test_unknown_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


# Queries to read the facet index whole (apps/debate/facetindex.py).
FACET_INDEX = 10


@pytest.mark.parametrize("scale", [1, 3])
def test_expert_list_runs_a_constant_number_of_queries(client, django_assert_num_queries, scale):
    build_world(scale)
    url = "/experts/?theme=social-credit&kind=academy"
    # theme choices; the data version; three facets (origin, theme, kind); COUNT for the
    # paginator; the page of experts with counts; their affiliations with institutions; COUNT
    # of all.
    with django_assert_num_queries(9):
        client.get(url)
    # Then the whole page from its cached copy: the data version.
    with django_assert_num_queries(1):
        client.get(url)


@pytest.mark.parametrize("scale", [1, 3])
def test_expert_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the expert by its slug; the data version; the expert; aliases; affiliations
    # (+institution, parent, source); the facet index, read whole by this new process (10:
    # it gives the latest positions' ids, their count and their count per theme); the latest
    # positions; their themes; their holders (+expert, institution); the latest publications;
    # their authorships (+expert); publications counted; the top co-authors; the first
    # citations (+footnote, chapter, analysis, publication); citations counted.
    with django_assert_num_queries(14 + FACET_INDEX):
        client.get(world.expert.get_absolute_url())
    # Then the whole page from its cached copy: the data version.
    with django_assert_num_queries(1):
        client.get(world.expert.get_absolute_url())


@pytest.mark.parametrize("scale", [1, 3])
def test_institution_list_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, scale
):
    build_world(scale)
    # the data version (the key of the page's cached copy); all institutions with their three
    # counts, in one query.
    with django_assert_num_queries(2):
        client.get("/institutions/")
    with django_assert_num_queries(1):
        client.get("/institutions/")


@pytest.mark.parametrize("scale", [1, 3])
def test_institution_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, scale
):
    world = build_world(scale)
    # the institution by its slug; the data version; institution (+parent); the facet
    # index (its latest positions' ids and their count); affiliations (+expert, source);
    # speakers; children with counts; the latest positions; their themes; their holders;
    # issued publications; their authorships; venues it publishes.
    with django_assert_num_queries(12 + FACET_INDEX):
        client.get(world.institution.get_absolute_url())
    with django_assert_num_queries(1):  # the page's cached copy, by the data version
        client.get(world.institution.get_absolute_url())


def test_every_institution_and_expert_of_the_world_answers(client, world):
    for obj in [*Expert.objects.all(), *Institution.objects.all()]:
        assert client.get(obj.get_absolute_url()).status_code == 200


def test_expert_page_links_comparison_and_feed(client, world):
    html = client.get(world.expert.get_absolute_url()).content.decode()
    assert 'href="/compare/?experts=wang-yufeng"' in html
    assert 'type="application/atom+xml"' in html and 'href="/feeds/experts/wang-yufeng/"' in html


def test_expert_page_lists_the_latest_viewpoints_and_links_to_all(client, world):
    for _ in range(LIST_SIZE + 1):
        PositionFactory(themes=[world.theme]).holders.create(expert=world.expert, order=1)
    response = client.get(world.expert.get_absolute_url())
    html = response.content.decode()
    total = LIST_SIZE + 3  # the world's two and those above
    assert len(response.context["positions"]) == LIST_SIZE
    assert f"All {total} viewpoints of" in html
    assert f'href="/viewpoints/?expert={world.expert.slug}"' in html
    link = f"/viewpoints/?expert={world.expert.slug}&amp;theme={world.theme.slug}"
    assert re.search(rf'href="{re.escape(link)}">[^<]*<span class="count">{total}</span>', html)


def test_expert_page_shows_a_new_position_at_once(client, world):
    url = world.expert.get_absolute_url()
    before = client.get(url).context["position_count"]
    position = PositionFactory(summary="A viewpoint written after the page was cached.")
    position.holders.create(expert=world.expert, order=1)
    response = client.get(url)
    assert response.context["position_count"] == before + 1
    assert "A viewpoint written after the page was cached." in response.content.decode()


def test_expert_page_shows_a_renamed_expert_at_once(client, world):
    client.get(world.expert.get_absolute_url())
    world.expert.name = "Renamed"
    world.expert.save()
    assert "<h1>Renamed" in client.get(world.expert.get_absolute_url()).content.decode()


def test_institution_page_lists_the_latest_viewpoints_and_links_to_all(client, world):
    for _ in range(LIST_SIZE + 1):
        PositionFactory().holders.create(institution=world.institution, order=1)
    response = client.get(world.institution.get_absolute_url())
    html = response.content.decode()
    total = LIST_SIZE + 5  # the world's four and those above
    assert len(response.context["positions"]) == LIST_SIZE
    assert response.context["position_count"] == total
    link = f"/viewpoints/?institution={world.institution.slug}"
    assert f'<a href="{link}">All {total} viewpoints of' in html


def test_institution_page_shows_a_new_speaker_at_once(client, world):
    url = world.institution.get_absolute_url()
    before = client.get(url).context["people_count"]
    speaker = ExpertFactory(name="New Speaker")
    PositionFactory().holders.create(expert=speaker, institution=world.institution, order=1)
    response = client.get(url)
    assert response.context["people_count"] == before + 1
    assert f'href="{speaker.get_absolute_url()}"' in response.content.decode()


def test_expert_list_counts_a_new_expert_at_once(client, world):
    def foreign_count():
        response = client.get("/experts/")
        [origin] = [f for f in response.context["facets"] if f.key == "origin"]
        return next(o.count for o in origin.options if o.value == "foreign")

    before = foreign_count()
    ExpertFactory(origin="foreign")
    assert foreign_count() == before + 1
