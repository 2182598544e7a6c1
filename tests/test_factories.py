import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_factories_build_a_linked_position():
    question = factories.QuestionFactory()
    position = factories.PositionFactory(
        question=question, stance="supports", themes=[question.theme]
    )
    holder = factories.PositionHolderFactory(position=position)
    assert position.themes.get() == question.theme
    assert position.holders.get().expert == holder.expert
    footnote = factories.CitationFactory(publication=position.source).footnote
    assert footnote.publications.get() == position.source
