"""The debate pages through the test client: full pages, htmx fragments, query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.debate import facetindex
from apps.debate.models import Position
from tests import factories
from tests.pages import drawn

HX = {"HTTP_HX_REQUEST": "true"}
HX_RESTORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}


def page_urls(data) -> list[str]:
    return [
        "/viewpoints/",
        "/viewpoints/?theme=social-credit&kind=academy&q=credit&sort=expert",
        data.positions[0].get_absolute_url(),
        "/themes/",
        "/themes/social-credit/",
        "/compare/?experts=wang-yufeng,liu-ruisheng",
        "/glossary/",
    ]


def test_every_page_answers_in_full_as_a_fragment_and_on_history_restore(
    client, debate_with_positions
):
    for url in page_urls(debate_with_positions):
        full = client.get(url)
        fragment = client.get(url, **HX)
        restored = client.get(url, **HX_RESTORE)
        for response in (full, fragment, restored):
            assert response.status_code == 200, url
            assert "HX-Request" in response["Vary"], url
            assert "HX-History-Restore-Request" in response["Vary"], url
        assert full.content.decode().count("<h1") == 1, url
        assert "<html" in full.content.decode(), url
        assert "<html" not in fragment.content.decode(), url
        assert "<html" in restored.content.decode(), url


def test_url_names_the_other_pages_rely_on():
    assert reverse("debate:viewpoints") == "/viewpoints/"
    assert reverse("debate:position", args=[7]) == "/viewpoints/7/"
    assert reverse("debate:themes") == "/themes/"
    assert reverse("debate:theme", args=["social-credit"]) == "/themes/social-credit/"
    assert reverse("debate:compare") == "/compare/"
    assert reverse("debate:glossary") == "/glossary/"


def test_unknown_theme_and_position_are_404(client, debate):
    assert client.get("/themes/no-such-theme/").status_code == 404
    assert client.get("/viewpoints/999999/").status_code == 404


# --- Query counts: constant in the number of rows ----------------------------------------------

# /viewpoints/ without filters, the first request after a write (data version changed):
#   1 the data version
#   10 the facet index, read again for the new version (apps/debate/facetindex.py): positions'
#      facet columns, theme, holder and tag links, then the labels of themes, questions,
#      experts, institutions, tags and chapters
#   1 the page's positions whose cards are not cached (question, theme, source, venue,
#     footnote, chapter joined)
#   2 prefetches: themes; holders with their experts and institutions
VIEWPOINTS = 14
# Again, same data version: the whole page from its cached copy (apps.core.cache.cached_page),
# so only the data version. (A new selection at the same version: the index is held in memory
# and the cards are cached, so the data version and a lookup per slug facet.)
VIEWPOINTS_CACHED = 1
# With ?theme=…&expert=…: + 1 lookup per slug facet (validates and labels the chips).
VIEWPOINTS_FILTERED = VIEWPOINTS + 2
# After a write, the same process: the data version, the change log since the index's version,
# the changed positions' facet columns and theme, holder and tag links (4), the page's
# positions + 2 prefetches. (A change to a name or kind adds the six label tables.)
VIEWPOINTS_AFTER_WRITE = 9
# With ?q=…: + 1 for the ids matching the search; kind and year need no lookup.
VIEWPOINTS_SEARCH = VIEWPOINTS + 1
# Theme page after a write: the theme, the data version, its questions; the facet index (10,
# see above), which gives each cell's count and latest few and the latest unplaced positions;
# those positions + 2 prefetches; its glossary terms.
THEME = 17
# Every other page reads the data version too, the key of its cached copy (cached_page).
# Theme list: themes with counted subqueries, questions with stance counts (prefetch).
THEMES = 1 + 2
# Compare: experts by slug, their positions + 2 prefetches, the experts for the picker.
COMPARE = 1 + 5
# Glossary: terms, their themes, their positions, those positions' holders.
GLOSSARY = 1 + 4
# Position page: the position with its question, theme, source, footnote; prefetches of
# themes, holders, tags, glossary terms, source authors; related positions + 2 prefetches.
POSITION = 1 + 9


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/viewpoints/", VIEWPOINTS),
        (
            "/viewpoints/?q=position&sort=expert&kind=academy&year=2015&year=2018",
            VIEWPOINTS_SEARCH,
        ),
        (
            "/viewpoints/?theme=social-credit&expert=wang-yufeng&stance=supports",
            VIEWPOINTS_FILTERED,
        ),
        ("/themes/", THEMES),
        ("/themes/social-credit/", THEME),
        ("/compare/?experts=wang-yufeng,liu-ruisheng,xiang-debao", COMPARE),
        ("/glossary/", GLOSSARY),
    ],
)
def test_queries_do_not_grow_with_rows(client, debate, django_assert_num_queries, url, queries):
    debate.add_positions(6)
    for term, position in zip(debate.terms, debate.positions, strict=False):
        term.positions.add(position)
    facetindex.forget()  # read whole, as by a new process
    with django_assert_num_queries(queries):
        small = client.get(url)
    debate.add_positions(12)  # three times as many
    for term in debate.terms:
        term.positions.add(*debate.positions[6:])
    facetindex.forget()
    with django_assert_num_queries(queries):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.content != small.content  # the larger data set is really on the page


def test_position_page_queries_do_not_grow_with_related_positions(
    client, debate, django_assert_num_queries
):
    debate.add_positions(12)
    position = debate.positions[0]
    with django_assert_num_queries(POSITION):
        client.get(position.get_absolute_url())
    debate.add_positions(24)
    with django_assert_num_queries(POSITION):
        client.get(position.get_absolute_url())


def test_viewpoints_counts_are_cached_until_the_data_changes(
    client, debate, django_assert_num_queries
):
    debate.add_positions(6)
    client.get("/viewpoints/")
    with django_assert_num_queries(VIEWPOINTS_CACHED):
        cached = client.get("/viewpoints/", {"page": 1, "sort": "oldest"})
    assert cached.context["page"].paginator.count == 6
    debate.add_positions(1)
    with django_assert_num_queries(VIEWPOINTS_AFTER_WRITE):
        fresh = client.get("/viewpoints/")
    assert fresh.context["page"].paginator.count == 7
    stance = fresh.context["facets"]["stance"]
    assert sum(v.count for v in stance.values) == Position.objects.exclude(stance="").count()


def test_only_the_cards_not_yet_rendered_are_read(client, debate):
    debate.add_positions(20)
    client.get("/viewpoints/", {"size": 10})  # the ten newest cards are rendered
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/viewpoints/", {"size": 20}).content.decode()
    for position in debate.positions:
        assert f'href="{position.get_absolute_url()}"' in html
    (read,) = [q["sql"] for q in queries.captured_queries if 'FROM "debate_position"' in q["sql"]]
    older = sorted(debate.positions, key=lambda p: (p.source.date, p.pk))[:10]
    assert sorted(map(int, re.search(r"IN \(([^)]*)\)", read).group(1).split(", "))) == sorted(
        p.pk for p in older
    )


def test_after_writes_the_index_reads_only_what_changed(client, debate, django_assert_num_queries):
    """However many positions there are, a write costs the next request the same few queries,
    and what it shows equals an index read whole."""
    debate.add_positions(6)
    client.get("/viewpoints/")
    for more in (1, 12):
        debate.add_positions(more)
        position = debate.positions[-1]
        position.themes.add(debate.themes[2])
        with django_assert_num_queries(VIEWPOINTS_AFTER_WRITE + 1):  # + the theme's slug
            patched = client.get("/viewpoints/", {"theme": debate.themes[2].slug})
        facetindex.forget()
        whole = drawn(client, "/viewpoints/", {"theme": debate.themes[2].slug})
        assert patched.context["facets"] == whole.context["facets"]
        assert list(patched.context["page"]) == list(whole.context["page"])


def test_viewpoints_rendered_filters_and_cards_follow_the_data(client, debate):
    debate.add_positions(2)
    position = debate.positions[0]
    before = client.get("/viewpoints/").content.decode()
    assert position.summary in before and "1 chosen" not in before
    position.summary = "A summary edited after the page was cached."
    position.save()
    after = client.get("/viewpoints/").content.decode()
    assert "A summary edited after the page was cached." in after
    stance = client.get("/viewpoints/", {"stance": position.stance}).content.decode()
    assert "(1 chosen)" in stance  # another selection, another rendered filter column


def test_viewpoints_fragment_runs_the_same_queries(client, debate, django_assert_num_queries):
    debate.add_positions(6)
    with django_assert_num_queries(VIEWPOINTS):
        client.get("/viewpoints/", **HX)


# --- /viewpoints/ ------------------------------------------------------------------------------


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


def test_theme_page_is_cached_until_the_data_changes(client, debate, django_assert_num_queries):
    debate.add_positions(3)
    first = client.get("/themes/social-credit/").content
    with django_assert_num_queries(1):  # the data version: the page's cached copy
        assert client.get("/themes/social-credit/").content == first
    debate.add_positions(1)
    # the facet index patched (change log + 4, see VIEWPOINTS_AFTER_WRITE) instead of read whole
    with django_assert_num_queries(THEME - 10 + 5):
        assert client.get("/themes/social-credit/").content != first


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
