"""The facet column's blocks are cached by what they show (apps/debate/facet_blocks.py):
after a write only the facets whose counts changed are drawn again, and what the page shows
is always the counts of its own version."""

import re

import pytest

from apps.debate import facet_blocks
from tests.debate.conftest import drawn_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(monkeypatch):
    """The facets whose block was drawn (not taken from the cache), in order."""
    return drawn_by(monkeypatch, facet_blocks, lambda context: context["facet"].name)


def stance_counts(html: str) -> dict[str, int]:
    return {
        value: int(count)
        for value, count in re.findall(
            r'name="stance" value="(\w+)".*?<span class="count">(\d+)</span>', html, re.S
        )
    }


def test_after_a_stance_changes_only_the_facets_it_counts_in_are_drawn_again(
    client, debate_with_positions, drawn
):
    before = stance_counts(client.get("/viewpoints/").content.decode())
    assert "stance" in drawn and "theme" in drawn
    position = next(p for p in debate_with_positions.positions if p.stance == "supports")
    position.stance = "opposes"
    position.save()
    drawn.clear()
    after = stance_counts(client.get("/viewpoints/").content.decode())
    assert drawn == ["stance"]
    assert after == {**before, "supports": before["supports"] - 1, "opposes": before["opposes"] + 1}


def test_a_block_opens_as_its_selection_says(client, debate_with_positions):
    """A facet closed by default opens where one of its values is chosen."""
    closed = client.get("/viewpoints/?pubkind=report&pubkind=journal_article").content.decode()
    assert '<details class="facet" id="facet-year">' in closed
    chosen = client.get("/viewpoints/?pubkind=report&pubkind=journal_article&year=2016")
    assert '<details class="facet" id="facet-year" open>' in chosen.content.decode()
