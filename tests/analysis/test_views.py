import re

import pytest

from apps.analysis.models import Chapter
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(scale=3)


def chapter_html(client, world) -> str:
    response = client.get(world.chapter.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_markers_and_notes_pair_up(client, world):
    html = chapter_html(client, world)
    marker_targets = set(re.findall(r'<sup class="fnref" id="[^"]+"><a href="#(fn-\d+)"', html))
    note_ids = set(re.findall(r'<li id="(fn-\d+)"', html))
    marker_ids = set(re.findall(r'<sup class="fnref" id="(fnref-[\d-]+)"', html))
    back_targets = set(re.findall(r'<a class="backref" href="#(fnref-[\d-]+)"', html))
    assert marker_targets == note_ids == {"fn-1", "fn-2", "fn-3"}
    assert marker_ids == back_targets
    assert {"fnref-1", "fnref-1-2", "fnref-1-3"} <= marker_ids
    for ref in back_targets:
        assert html.count(f'id="{ref}"') == 1


def test_back_links_are_labelled_and_tooltips_are_referenced(client, world):
    html = chapter_html(client, world)
    assert '<a class="backref" href="#fnref-1" aria-label="Back to text">↩</a>' in html
    for tip in re.findall(r'aria-describedby="([^"]+)"', html):
        assert f'role="tooltip" id="{tip}"' in html


def test_notes_print_their_text_link_their_sources_and_positions(client, world):
    html = chapter_html(client, world)
    note = world.chapter.footnotes.get(number=1)
    assert note.text in html
    assert '<li id="fn-1" value="1">' in html
    assert f'href="{world.publication.get_absolute_url()}"' in html
    for position in note.positions.all():
        assert f'href="{position.get_absolute_url()}"' in html


def test_reconstruction_and_unresolved_notes_are_shown(client, world):
    world.chapter.footnotes.filter(number=1).update(reconstruction_note="Rejoined the URL.")
    world.chapter.footnotes.filter(number=2).update(unresolved_reason="Not found online.")
    html = chapter_html(client, world)
    assert "Rejoined the URL." in html and "Not found online." in html


def test_paragraph_headings_are_h2_and_there_is_one_h1(client, world):
    html = chapter_html(client, world)
    assert html.count("<h1") == 1
    assert '<h2 id="section-1">Section 1</h2>' in html


def test_chapter_links_previous_and_next_chapters(client, world):
    chapters = list(Chapter.objects.filter(analysis=world.analysis).order_by("order"))
    middle = chapters[1]
    html = client.get(middle.get_absolute_url()).content.decode()
    assert f'href="{chapters[0].get_absolute_url()}" rel="prev"' in html
    assert f'href="{chapters[2].get_absolute_url()}" rel="next"' in html
    first = client.get(chapters[0].get_absolute_url()).content.decode()
    assert 'rel="prev"' not in first


def test_analysis_page_shows_issue_facts_chapters_and_analysts_with_bios(client, world):
    analysis = world.analysis
    analysis.series_number = "ECFR/268"
    analysis.isbn = "978-1-911544-72-6"
    analysis.save()
    response = client.get(analysis.get_absolute_url())
    html = response.content.decode()
    assert "ECFR/268" in html and "978-1-911544-72-6" in html and "October 2018" in html
    assert analysis.editor.name in html
    for chapter in analysis.chapters.all():
        assert f'href="{chapter.get_absolute_url()}"' in html
    for author in response.context["authors"]:
        assert f'id="analyst-{author.slug}"' in html


def test_analysis_index_lists_the_issue(client, world):
    html = client.get("/analysis/").content.decode()
    assert f'href="{world.analysis.get_absolute_url()}"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/analysis/nothing/",
        "/analysis/china-dream-goes-digital/no-chapter/",
        "/analysis/nothing/chinas-digital-revolution/",
    ],
)
def test_unknown_analysis_or_chapter_is_404(client, world, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("scale", [1, 3])
def test_chapter_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the data version (the key of the page's cached copy); chapter (+analysis); footnotes;
    # their citations (+publication); their positions; paragraphs; sibling chapters; bylines
    # (+analyst).
    with django_assert_num_queries(8):
        client.get(world.chapter.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(world.chapter.get_absolute_url())


@pytest.mark.parametrize("scale", [1, 3])
def test_analysis_pages_run_a_constant_number_of_queries(client, django_assert_num_queries, scale):
    world = build_world(scale)
    # the data version; analysis (+publication, editor, publisher); chapters with note
    # counts; bylines.
    with django_assert_num_queries(4):
        client.get(world.analysis.get_absolute_url())
    # the data version; analyses (+publisher, editor); their chapters.
    with django_assert_num_queries(3):
        client.get("/analysis/")
