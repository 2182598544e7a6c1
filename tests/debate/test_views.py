"""The debate pages through the test client: full pages, htmx fragments, query counts and
caching."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.debate import facetindex
from apps.debate.models import Position
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
#      experts, institutions, tags and chapters (with their analyses, joined)
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
# those positions + 2 prefetches; its glossary terms; the relations on its questions (and,
# when there are some, the positions at either end and their holders: 4 prefetches).
THEME = 18
# Every other page reads the data version too, the key of its cached copy (cached_page).
# Theme list: themes with counted subqueries, questions with stance counts (prefetch).
THEMES = 1 + 2
# Compare: experts by slug, their positions + 2 prefetches, the experts for the picker.
COMPARE = 1 + 5
# Glossary: terms, their themes, their positions, those positions' holders.
GLOSSARY = 1 + 4
# Position page: the position with its question, theme, source, footnote; prefetches of
# themes, holders, tags, glossary terms, source authors; related positions + 2 prefetches;
# its relations (and, when it has some, the positions at either end and their holders).
POSITION = 1 + 10


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
        ("/viewpoints/?analysis=dream&analysis=platform-state&stance=supports", VIEWPOINTS + 1),
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


def test_the_analysis_facet_as_a_page_a_fragment_and_a_chip(client, debate_with_positions):
    later = debate_with_positions.chapters[2]
    in_later = [p for p in debate_with_positions.positions if p.chapter_id == later.pk]
    url = "/viewpoints/?analysis=platform-state"
    for response in (client.get(url), client.get(url, **HX)):
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="platform-state" id="f-analysis-platform-state" checked' in html
        assert re.search(r'class="chip"[^>]*>.*?Analysis</span> ' + later.analysis.title, html)
        assert all(p.summary in html for p in in_later)
        assert response.context["page"].paginator.count == len(in_later)
    assert "<html" not in client.get(url, **HX).content.decode()
    every = client.get("/viewpoints/").content.decode()
    assert re.search(r'id="f-analysis-dream"', every)  # offered with nothing chosen


# --- /viewpoints/ ------------------------------------------------------------------------------


def test_theme_page_is_cached_until_the_data_changes(client, debate, django_assert_num_queries):
    debate.add_positions(3)
    first = client.get("/themes/social-credit/").content
    with django_assert_num_queries(1):  # the data version: the page's cached copy
        assert client.get("/themes/social-credit/").content == first
    debate.add_positions(1)
    # the facet index patched (change log + 4, see VIEWPOINTS_AFTER_WRITE) instead of read whole
    with django_assert_num_queries(THEME - 10 + 5):
        assert client.get("/themes/social-credit/").content != first
