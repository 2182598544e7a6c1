import re

import pytest

from apps.portal.search import query_terms
from tests.factories import GlossaryTermFactory, PublicationFactory
from tests.pages import drawn
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    GlossaryTermFactory(
        hanzi="社会信用体系", slug="shehui-xinyong-tixi", gloss="social credit system"
    )
    GlossaryTermFactory(hanzi="诚信", slug="chengxin", gloss="integrity, trustworthiness")
    PublicationFactory(
        title="Building the social credit system",
        title_original="社会信用体系建设",
        slug="social-credit-building",
    )
    return world


def found(client, q: str, kind: str) -> list[str]:
    response = drawn(client, "/search/", {"q": q})
    assert response.status_code == 200
    group = next(g for g in response.context["groups"] if g.kind.key == kind)
    return [item.slug for item in group.items]


@pytest.mark.parametrize("q", ["王砚峰", "wangyufeng", "Wang Yufeng", "WANG yufeng", "Wáng Yùfēng"])
def test_expert_is_found_by_hanzi_name_and_pinyin_with_or_without_spaces(client, world, q):
    assert "wang-yufeng" in found(client, q, "experts")


@pytest.mark.parametrize("q", ["xinyong", "社會信用", "社会信用", "shehui xinyong"])
def test_social_credit_is_found_by_pinyin_and_by_traditional_or_simplified_hanzi(client, world, q):
    assert "shehui-xinyong-tixi" in found(client, q, "terms")
    assert "social-credit-building" in found(client, q, "publications")


@pytest.mark.parametrize("q", ["chéngxìn", "chengxin", "誠信"])
def test_glossary_term_is_found_by_toned_or_toneless_pinyin_and_traditional_hanzi(client, world, q):
    assert "chengxin" in found(client, q, "terms")


def test_institutions_publications_and_viewpoints_are_found_by_english_words(client, world):
    assert world.institution.slug in found(client, "institute economics", "institutions")
    assert world.publication.slug in found(client, "digital economy global change", "publications")
    response = client.get("/search/", {"q": "王砚峰"})
    viewpoints = next(g for g in response.context["groups"] if g.kind.key == "viewpoints")
    assert viewpoints.total >= 1


def test_every_word_must_match(client, world):
    assert found(client, "wang nonexistentword", "experts") == []


def test_results_are_grouped_by_type_with_a_see_all_link_when_there_are_more(client):
    build_world(scale=3)
    for n in range(7):
        PublicationFactory(title=f"Digital report {n}")
    response = client.get("/search/", {"q": "digital"})
    html = response.content.decode()
    assert [g.kind.label for g in response.context["groups"]] == [
        "Themes",
        "Experts",
        "Institutions",
        "Publications",
        "Viewpoints",
        "Glossary terms",
    ]
    for group in response.context["groups"]:
        if group.total:
            assert f">{group.kind.label} <" in html
        else:
            assert re.search(rf"No [^<]*{group.kind.label.lower()}[^<]* match\.", html)
    assert '<a href="#group-publications">' in html
    assert 'href="/search/?q=digital&amp;type=publications"' in html
    assert "See all" in html


def test_see_all_lists_one_type_paginated(client, world):
    for n in range(25):
        PublicationFactory(title=f"Digital report {n}")
    response = client.get("/search/", {"q": "digital report", "type": "publications"})
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"].object_list) == 20
    second = client.get("/search/", {"q": "digital report", "type": "publications", "page": 2})
    assert len(second.context["page_obj"].object_list) == 5


def test_htmx_request_gets_only_the_results_fragment(client, world):
    response = client.get("/search/", {"q": "wangyufeng"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="search-results"' in html
    assert "Wang Yufeng" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, world):
    response = client.get(
        "/search/",
        {"q": "wangyufeng"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("scale", [1, 3])
def test_search_runs_a_constant_number_of_queries(client, django_assert_num_queries, scale):
    build_world(scale)
    # Per kind the keys of its matches (their count), the first few in order and their rows:
    # themes (with viewpoint counts), experts (+affiliations), institutions, publications
    # (+authorships), viewpoints (+themes, +holders), glossary terms; and the data version
    # (the key of the page's cached copy).
    with django_assert_num_queries(6 * 3 + 4 + 1):
        client.get("/search/", {"q": "a"})


def test_query_terms_fold_case_tones_punctuation_and_traditional_characters():
    assert query_terms("Chéngxìn, 社會信用!") == ["chengxin", "社会信用"]
    assert query_terms("\x00\x01 ☃ 🙂") == []


@pytest.mark.parametrize("q", ["xinyong", "社會信用", "Social credit", "shehui"])
def test_a_theme_is_found_by_name_hanzi_and_the_pinyin_of_its_description(client, world, q):
    world.theme.description = "The social credit system (shehui xinyong tixi) and its critics."
    world.theme.save()
    assert found(client, q, "themes") == ["social-credit"]


def test_a_found_theme_links_its_page_and_counts_its_viewpoints_as_a_link(client, world):
    html = client.get("/search/", {"q": "社會信用"}).content.decode()
    assert f'href="{world.theme.get_absolute_url()}">Social credit</a>' in html
    count = world.theme.positions.count()
    assert f'href="/viewpoints/?theme=social-credit"><span class="num">{count}</span>' in html


def test_result_counts_agree_in_number(client, world):
    html = client.get("/search/", {"q": "social credit"}).content.decode()
    assert '<a href="#group-themes">1 theme</a>' in html
    assert "1 themes" not in html
    html = client.get("/search/", {"q": "social credit", "type": "themes"}).content.decode()
    assert "<strong>1</strong> theme matches" in html
