"""A viewpoint saved before its holders are recorded still reads cleanly everywhere."""

import pytest

from tests.factories import PositionFactory, PublicationFactory, QuestionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unattributed():
    theme = ThemeFactory(name="Content filtering")
    question = QuestionFactory(theme=theme, text="Should filtering widen?")
    source = PublicationFactory(title="Online content governance")
    return PositionFactory(
        source=source, themes=[theme], question=question, stance="supports", summary="Widen it."
    )


def test_lists_start_the_meta_line_with_the_question_not_a_separator(client, unattributed):
    html = client.get(unattributed.source.get_absolute_url()).content.decode()
    assert '<p class="record__meta"> · ' not in html
    assert '<p class="record__meta"><span class="stance-label stance-label--supports">' in html


def test_position_page_says_the_holders_are_not_recorded(client, unattributed):
    html = client.get(unattributed.get_absolute_url()).content.decode()
    assert '<ul class="plain"></ul>' not in html
    assert '<dt>Held by</dt><dd><span class="muted">Not recorded yet</span></dd>' in html
    assert "<title>Viewpoint: unattributed on “Should filtering widen?”" in html
