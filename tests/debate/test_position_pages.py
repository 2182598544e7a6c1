"""A viewpoint saved before its holders are recorded still reads cleanly everywhere."""

import pytest

from tests.factories import (
    ExpertFactory,
    PositionFactory,
    PositionHolderFactory,
    PublicationFactory,
    QuestionFactory,
    ThemeFactory,
)

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


def test_viewpoint_lists_name_holders_in_english_and_hanzi_as_cards_do(client):
    expert = ExpertFactory(name="Liu Ruisheng", name_zh="刘瑞生")
    position = PositionFactory(source=PublicationFactory())
    PositionHolderFactory(position=position, expert=expert, order=1)
    item = (
        f'<a href="{expert.get_absolute_url()}">Liu Ruisheng</a> <span lang="zh-Hans">刘瑞生</span>'
    )
    assert item in client.get(position.source.get_absolute_url()).content.decode()
    assert item in client.get(expert.get_absolute_url()).content.decode()
