"""What the debate pages show, through the test client: viewpoint cards and facets, theme
matrices, position pages, the comparison and the glossary."""

import re

import pytest

from tests import factories
from tests.pages import drawn

HX = {"HTTP_HX_REQUEST": "true"}


def test_viewpoint_card_shows_holders_question_source_footnote_and_permalink(client, debate):
    debate.add_positions(1)
    position = debate.positions[0]
    html = client.get("/viewpoints/").content.decode()
    assert '<span class="holder__zh" lang="zh-Hans">王砚峰</span>' in html
    assert "Wang Yufeng" in html and "Liu Ruisheng" in html  # both holders, in order
    assert position.question.text in html
    assert 'class="stance stance--supports"' in html
    assert f'href="/publications/{position.source.slug}/"' in html
    assert f'href="{position.footnote.get_absolute_url()}"' in html
    assert f'href="{position.get_absolute_url()}"' in html
    assert f'href="{debate.institutions[0].get_absolute_url()}"' in html


def test_facets_are_checkboxes_in_a_get_form_that_htmx_submits(client, debate_with_positions):
    html = client.get("/viewpoints/?theme=social-credit").content.decode()
    form = re.search(r"<form class=\"vp\"[^>]*>", html).group(0)
    for attribute in ('method="get"', "hx-get=", 'hx-target="#vp-results"', 'hx-push-url="true"'):
        assert attribute in form
    assert 'hx-trigger="change' in form
    assert re.search(
        r'<input type="checkbox" name="theme" value="social-credit"[^>]* checked>', html
    )
    assert '<button type="submit"' in html  # for readers without JavaScript
    # The search box sits outside the swapped region, so it keeps focus while typing.
    assert html.index('id="vp-q"') < html.index('id="vp-results"')


def test_fragment_pushes_the_canonical_url(client, debate_with_positions):
    response = client.get("/viewpoints/?q=&sort=newest&theme=social-credit&page=1", **HX)
    assert response["HX-Push-Url"] == "/viewpoints/?theme=social-credit"
    assert 'id="vp-results"' in response.content.decode()


def test_selected_values_appear_as_removable_chips(client, debate_with_positions):
    html = client.get("/viewpoints/?theme=social-credit&expert=wang-yufeng").content.decode()
    assert 'href="/viewpoints/?expert=wang-yufeng"' in html  # removes the theme
    assert 'href="/viewpoints/?theme=social-credit"' in html  # removes the expert
    assert "Clear all" in html


def test_selection_links_to_its_exports(client, debate_with_positions):
    html = client.get("/viewpoints/?sort=newest&theme=social-credit&q=credit").content.decode()
    assert 'href="/viewpoints/export.csv?q=credit&amp;theme=social-credit"' in html
    assert 'href="/viewpoints/export.json?q=credit&amp;theme=social-credit"' in html


def test_result_count_matches_the_filter(client, debate_with_positions):
    expected = sum("social-credit" in r["theme"] for r in debate_with_positions.records)
    html = client.get("/viewpoints/?theme=social-credit").content.decode()
    assert f'<span class="count-figure">{expected}</span>' in html


def test_paging_links_keep_the_selection(client, debate_with_positions):
    html = client.get(
        "/viewpoints/?stance=supports&stance=qualified&sort=oldest&size=10&page=1"
    ).content.decode()
    assert (
        "/viewpoints/?stance=supports&amp;stance=qualified&amp;sort=oldest&amp;size=10&amp;page=2"
        in html
    )
    assert 'aria-current="page">1<' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "Page “abc” is not a number"),
        (f"page={10**9}", "There is no page 1000000000"),
        ("expert=nobody", "No expert “nobody”"),
        ("sort=random", "Unknown sort"),
        ("q=" + "x" * 10_000, "cut to its first 200 characters"),
    ],
)
def test_bad_parameters_get_a_clear_message(client, debate_with_positions, query, message):
    response = client.get(f"/viewpoints/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


# --- Theme pages -------------------------------------------------------------------------------


def test_theme_page_has_a_stance_matrix_whose_counts_link_to_what_they_count(
    client, debate_with_positions
):
    html = client.get("/themes/social-credit/").content.decode()
    assert 'id="q-q1"' in html and 'id="q-q2"' in html  # Question.get_absolute_url anchors
    for stance in ("supports", "qualified", "opposes"):
        assert f"matrix__col--{stance}" in html
    records = debate_with_positions.records
    supporting = sum(
        r["question"] == {"social-credit.q1"} and r["stance"] == {"supports"} for r in records
    )
    assert supporting
    link = "/viewpoints/?question=social-credit.q1&amp;stance=supports"
    assert re.search(rf'href="{re.escape(link)}"[^>]*>{supporting}</a>', html)


def test_theme_page_matrix_cells_show_institution_kind_and_source(client, debate):
    debate.add_positions(1)
    position = debate.positions[0]
    html = client.get("/themes/social-credit/").content.decode()
    assert debate.institutions[0].get_kind_display() in html
    assert f'href="/publications/{position.source.slug}/"' in html
    assert f'href="{position.get_absolute_url()}"' in html


def test_theme_page_lists_glossary_terms(client, debate):
    html = client.get("/themes/social-credit/").content.decode()
    term = debate.terms[0]
    assert f'href="/glossary/#{term.slug}"' in html
    assert f'lang="zh-Hans" class="term__hanzi">{term.hanzi}<' in html


def test_theme_list_counts_link_to_viewpoints_and_experts(client, debate_with_positions):
    html = client.get("/themes/").content.decode()
    expected = sum("digital-economy" in r["theme"] for r in debate_with_positions.records)
    assert re.search(
        rf'href="/viewpoints/\?theme=digital-economy"><span class="figure">{expected}</span>', html
    )
    # The experts figure leads to those experts, as many as it says.
    experts = re.search(
        r'href="(/experts/\?theme=digital-economy)"><span class="figure">(\d+)</span> experts?<',
        html,
    )
    listed = drawn(client, experts[1]).context["page_obj"].paginator.count
    assert listed == int(experts[2]) > 0


# --- Position page -----------------------------------------------------------------------------


def test_position_page_shows_quote_reading_source_and_related(client, debate):
    debate.add_positions(7)
    position = debate.positions[0]
    position.quote_zh, position.quote_en = (
        "数字经济是新的增长引擎。",
        "The digital economy is a new engine.",
    )
    position.is_analyst_reading, position.reading_note = True, "Read by the chapter's author."
    position.save()
    position.tags.add("platforms")
    related = [p for p in debate.positions[1:] if p.question_id == position.question_id]
    html = client.get(position.get_absolute_url()).content.decode()
    assert '<blockquote lang="zh-Hans"><p>数字经济是新的增长引擎。</p></blockquote>' in html
    assert "The digital economy is a new engine." in html
    assert "Read by the chapter&#x27;s author." in html
    assert f'href="/publications/{position.source.slug}/"' in html
    assert f'href="{position.footnote.get_absolute_url()}"' in html
    assert 'href="/viewpoints/?tag=platforms"' in html
    assert related and all(f'href="{p.get_absolute_url()}"' in html for p in related)


# --- Compare -----------------------------------------------------------------------------------


def test_compare_shows_agreement_and_difference(client, debate):
    question = debate.questions[0]
    first, second = debate.experts[:2]
    for expert, stance in [(first, "supports"), (second, "opposes")]:
        position = factories.PositionFactory(
            question=question, stance=stance, themes=[question.theme]
        )
        position.holders.create(expert=expert, order=1)
    html = client.get("/compare/?experts=wang-yufeng,liu-ruisheng").content.decode()
    assert "verdict-row--differ" in html and "differ" in html
    assert '<option value="wang-yufeng" selected>' in html


def test_compare_form_submission_redirects_to_the_shareable_url(client, debate):
    response = client.get("/compare/?experts=wang-yufeng&experts=liu-ruisheng&experts=")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?experts=wang-yufeng,liu-ruisheng"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("experts=wang-yufeng", "Choose one or two experts above to compare with Wang Yufeng"),
        ("experts=wang-yufeng,nobody", "No expert “nobody”"),
        ("experts=wang-yufeng,nobody", "Choose 2 or 3 experts"),
        ("experts=wang-yufeng,wang-yufeng", "Choose one or two experts above to compare with"),
        ("experts=a,b,c,d", "Up to 3 experts"),
    ],
)
def test_compare_explains_bad_requests(client, debate, query, message):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


# --- Glossary ----------------------------------------------------------------------------------


def test_glossary_terms_have_anchors_hanzi_and_links(client, debate_with_positions):
    html = client.get("/glossary/").content.decode()
    for term in debate_with_positions.terms:
        assert f'id="{term.slug}"' in html
        assert f'lang="zh-Hans">{term.hanzi}</span>' in html
        assert f'<span lang="zh-Latn-pinyin" class="term__pinyin">{term.pinyin}</span>' in html
        for theme in term.themes.all():
            assert f'href="{theme.get_absolute_url()}"' in html
        for position in term.positions.all():
            assert f'href="{position.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_theme_page_keeps_the_theme_name_as_written(client):
    factories.ThemeFactory(name="Competition with the US", slug="us-competition")
    html = client.get("/themes/us-competition/").content.decode()
    assert "Competition with the US" in html and "with the us" not in html


@pytest.mark.django_db
def test_compare_with_one_expert_asks_for_another_without_a_warning(client, debate):
    html = client.get("/compare/?experts=wang-yufeng").content.decode()
    assert 'class="notice"' not in html and "Choose 2 or 3" not in html


def test_theme_page_links_its_feed(client, debate):
    html = client.get("/themes/social-credit/").content.decode()
    feed = "/feeds/themes/social-credit/"
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}">Atom feed of new viewpoints' in html
    assert client.get(feed).status_code == 200


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/viewpoints/?stance=supports", "Viewpoints (filtered) · chinadebate"),
        ("/search/?q=credit", "Search: credit · chinadebate"),
        ("/publications/?kind=report", "Publications (filtered) · chinadebate"),
        ("/compare/?experts=wang-yufeng,liu-ruisheng", "Compare experts: Wang Yufeng, Liu"),
    ],
)
def test_an_htmx_fragment_carries_the_page_title_once(client, debate, url, title):
    page = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    restored = client.get(
        url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith(f"<title>{title}") and fragment.count("<title>") == 1
    assert page.count("<title>") == restored.count("<title>") == 1
    assert f"<title>{title}" in page
