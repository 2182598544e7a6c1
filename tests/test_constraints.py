"""The database itself rejects bad rows, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.analysis.models import Analysis, Chapter, Footnote
from apps.debate.models import Position, PositionHolder, Question, Theme
from apps.people.models import Affiliation, Expert, Institution
from apps.sources.models import Authorship, Publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication():
    return Publication.objects.create(slug="p", kind="report", title="A report")


@pytest.fixture
def chapter(publication):
    analysis = Analysis.objects.create(
        slug="a", publication=publication, title="An issue", date=datetime.date(2018, 10, 1)
    )
    return Chapter.objects.create(analysis=analysis, order=1, title="One", slug="one")


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_footnote_number_is_unique_within_a_chapter(chapter):
    Footnote.objects.create(chapter=chapter, number=1, text="first")
    rejected(lambda: Footnote.objects.create(chapter=chapter, number=1, text="again"))


def test_footnote_numbers_restart_in_each_chapter(chapter):
    other = Chapter.objects.create(analysis=chapter.analysis, order=2, title="Two", slug="two")
    Footnote.objects.create(chapter=chapter, number=1, text="first")
    Footnote.objects.create(chapter=other, number=1, text="first of chapter two")
    assert Footnote.objects.filter(number=1).count() == 2


def test_footnote_number_zero_is_rejected(chapter):
    rejected(lambda: Footnote.objects.create(chapter=chapter, number=0, text="zero"))


def test_stance_outside_its_choices_is_rejected(publication):
    theme = Theme.objects.create(slug="t", name="T", description="d")
    question = Question.objects.create(theme=theme, slug="q", text="Q?")
    rejected(
        lambda: Position.objects.create(
            slug="x", summary="s", source=publication, question=question, stance="maybe"
        )
    )


def test_stance_needs_a_question(publication):
    rejected(
        lambda: Position.objects.create(
            slug="x", summary="s", source=publication, stance="supports"
        )
    )


def test_holder_must_be_an_expert_or_an_institution(publication):
    position = Position.objects.create(slug="x", summary="s", source=publication)
    rejected(lambda: PositionHolder.objects.create(position=position, order=1))


def test_an_expert_holds_a_position_once_but_a_body_may_appear_twice(publication):
    position = Position.objects.create(slug="x", summary="s", source=publication)
    expert = Expert.objects.create(name="Wang Yufeng", slug="wang-yufeng")
    body = Institution.objects.create(name="CASS", slug="cass", kind="academy")
    PositionHolder.objects.create(position=position, order=1, expert=expert, institution=body)
    PositionHolder.objects.create(position=position, order=2, institution=body)
    rejected(lambda: PositionHolder.objects.create(position=position, order=3, expert=expert))


def test_institution_kind_outside_its_choices_is_rejected():
    rejected(lambda: Institution.objects.create(slug="i", name="I", kind="guild"))


def test_publication_date_needs_a_precision():
    rejected(
        lambda: Publication.objects.create(
            slug="d", kind="report", title="Dated", date=datetime.date(2018, 1, 1)
        )
    )


def test_author_order_is_unique(publication):
    first = Expert.objects.create(slug="a", name="A")
    second = Expert.objects.create(slug="b", name="B")
    Authorship.objects.create(publication=publication, expert=first, order=1)
    rejected(lambda: Authorship.objects.create(publication=publication, expert=second, order=1))


def test_slugs_are_unique():
    Expert.objects.create(slug="same", name="A")
    rejected(lambda: Expert.objects.create(slug="same", name="B"))


def test_same_affiliation_role_is_recorded_once():
    expert = Expert.objects.create(slug="e", name="E")
    institution = Institution.objects.create(slug="i", name="I", kind="academy")
    Affiliation.objects.create(expert=expert, institution=institution, role="researcher")
    rejected(
        lambda: Affiliation.objects.create(
            expert=expert, institution=institution, role="researcher"
        )
    )


def test_institution_cannot_be_its_own_parent():
    institution = Institution.objects.create(slug="i", name="I", kind="academy")
    institution.parent = institution
    rejected(institution.save)


def test_expert_pinyin_is_derived_from_hanzi_when_not_given():
    expert = Expert.objects.create(slug="w", name="Wang Yufeng", name_zh="王砚峰")
    assert expert.pinyin == "Wáng Yànfēng"
    assert expert.pinyin_plain == "wang yanfeng"


def test_given_pinyin_is_kept():
    expert = Expert.objects.create(
        slug="w", name="Wang Yufeng", name_zh="王砚峰", pinyin="Wáng Yùfēng"
    )
    assert expert.pinyin == "Wáng Yùfēng"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda p: Position(summary="s", slug="s", source=p, stance="supports"),
            "A stance answers",
        ),
        (lambda p: PositionHolder(position=Position(pk=1)), "an expert or an institution"),
    ],
)
def test_forms_explain_a_broken_rule_instead_of_naming_the_constraint(publication, build, message):
    with pytest.raises(ValidationError) as raised:
        build(publication).validate_constraints()
    assert message in str(raised.value) and "Constraint" not in str(raised.value)
