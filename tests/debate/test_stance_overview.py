"""The home page's stance overview: every theme's questions x stances, and each count is the
count of the viewpoints page it links to."""

import re
from html import unescape

import pytest

from apps.debate.models import Question
from apps.debate.themes import stance_overview

pytestmark = pytest.mark.django_db

CELL = re.compile(r'<td class="qt-num"><a href="(/viewpoints/\?[^"]+)" aria-label="(\d+) [^"]*">')


def results_count(client, url: str) -> int:
    page = client.get(url).content.decode()
    # The page's heading: "<N> viewpoints match".
    return int(re.search(r'id="vp-count"[^>]*><span class="count-figure">(\d+)<', page).group(1))


@pytest.fixture(scope="module", autouse=True)
def shipped(shipped_dataset_once):
    return shipped_dataset_once


def test_the_home_page_shows_every_question_with_counts_that_match_their_pages(client):
    home = client.get("/").content.decode()
    assert "Where the debate is split" in home
    for question in Question.objects.all():
        assert question.text in unescape(home)
    cells = CELL.findall(home)
    assert len(cells) >= Question.objects.count()
    for url, count in cells:
        assert results_count(client, unescape(url)) == int(count), url


def test_a_question_with_more_than_one_stance_is_marked_split():
    tallies = [t for _, theme_tallies in stance_overview() for t in theme_tallies]
    split = [t for t in tallies if t.split]
    assert split and len(split) < len(tallies)
    for tally in tallies:
        assert tally.split == (sum(1 for cell in tally.cells if cell.count) > 1)
