import pytest
from django.urls import reverse

from tests.portal.world import build_world

pytestmark = pytest.mark.django_db


def test_home_says_where_the_data_comes_from_and_links_the_analysis(client):
    world = build_world()
    html = client.get("/").content.decode()
    assert world.analysis.title in html
    assert f'href="{world.analysis.get_absolute_url()}"' in html
    assert f'href="{world.chapter.get_absolute_url()}"' in html


def test_home_theme_counts_link_to_what_they_count(client, sample_dataset):
    html = client.get("/").content.decode()
    assert 'href="/viewpoints/?theme=digital-economy"' in html
    assert 'href="/experts/?theme=digital-economy"' in html


def test_home_theme_expert_count_matches_the_expert_list_it_links_to(client):
    build_world(scale=3)
    home = client.get("/")
    theme = next(t for t in home.context["themes"] if t.slug == "social-credit")
    experts = client.get("/experts/", {"theme": "social-credit"})
    assert experts.context["page_obj"].paginator.count == theme.expert_count


def test_home_has_entry_points_and_a_search_box(client):
    html = client.get("/").content.decode()
    for name in ("debate:viewpoints", "people:experts", "people:institutions", "analysis:index"):
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("debate:glossary")}"' in html
    assert 'action="/search/"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("scale", [1, 3])
def test_home_runs_a_constant_number_of_queries(client, django_assert_num_queries, scale):
    build_world(scale)
    # analysis (+publication, editor, publisher); its chapters; the data version (key of
    # the cached counts); themes with counts; counts of Chinese experts, foreign authors,
    # institutions, positions, publications, glossary terms; the stance overview's themes and
    # questions, and the facet index it counts from, read whole here (10 queries; a server
    # holds it, mapped from the host's file, and patches it after a write).
    with django_assert_num_queries(22):
        client.get("/")
    # Again, from the page's cached copy: the data version.
    with django_assert_num_queries(1):
        client.get("/")
