"""After a write, /viewpoints/ renders again only the cards that write may have changed
(apps/debate/cards.py): the others are carried over from the version the facet index was
patched from. Each test edits as a researcher does and reads the page as a visitor."""

import pytest

from apps.debate import cards
from tests import factories
from tests.debate.conftest import drawn_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(monkeypatch):
    """The positions whose card was rendered (not taken from the cache), in order."""
    return drawn_by(monkeypatch, cards, lambda context: context["position"].pk)


def page(client, query: str = "") -> str:
    response = client.get(f"/viewpoints/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_position_saved_is_the_only_card_drawn_again(client, debate_with_positions, rendered):
    page(client)
    shown = len(rendered)
    assert shown >= 10  # the first page of cards, each drawn once
    position = debate_with_positions.positions[-1]  # the newest: on the first page
    position.summary = "A summary written again by a researcher."
    position.save()
    rendered.clear()
    html = page(client)
    assert rendered == [position.pk]
    assert "A summary written again by a researcher." in html
    assert html.count('class="vp-card"') == shown
    rendered.clear()
    html = page(client, "sort=oldest")  # another page of the same version: from the cache
    assert position.pk not in rendered


def test_every_card_is_drawn_again_after_a_label_changes(client, debate_with_positions, rendered):
    page(client)
    shown = len(rendered)
    expert = debate_with_positions.experts[0]
    expert.name = "Wang Yufeng (renamed)"
    expert.save()
    rendered.clear()
    html = page(client)
    assert len(rendered) == shown
    assert "Wang Yufeng (renamed)" in html and "Wang Yufeng<" not in html


def test_a_publication_retitled_draws_the_cards_of_its_positions_again(
    client, debate_with_positions, rendered
):
    page(client)
    position = debate_with_positions.positions[-1]
    source = position.source
    source.title = "A retitled source"
    source.save()
    rendered.clear()
    html = page(client)
    assert rendered == [position.pk]
    assert "A retitled source" in html


def test_a_holder_added_draws_that_card_again(client, debate_with_positions, rendered):
    page(client)
    position = debate_with_positions.positions[-1]
    newcomer = factories.ExpertFactory(name="Zhao Newcomer")  # a label: every card again
    page(client)
    rendered.clear()
    factories.PositionHolderFactory(position=position, expert=newcomer, order=9)
    html = page(client)
    assert rendered == [position.pk]
    assert "Zhao Newcomer" in html


def test_a_write_that_names_no_position_draws_every_card_again(
    client, debate_with_positions, rendered
):
    page(client)
    shown = len(rendered)
    venue = factories.VenueFactory()  # logged with no position: anything shown may change
    rendered.clear()
    page(client)
    assert len(rendered) == shown
    assert venue.pk
