"""The expert page's counts, co-authors, latest publications and citations, as computed without
DISTINCT and without joining the publications (apps/portal/people_pages.py)."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string

from apps.portal.people_pages import LIST_SIZE, expert_page
from tests.factories import (
    AuthorshipFactory,
    CitationFactory,
    ExpertFactory,
    PositionFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _author(expert, publication, order):
    return AuthorshipFactory(expert=expert, publication=publication, order=order)


def test_coauthors_count_each_joint_publication_once_and_exclude_the_expert():
    expert, often, once = ExpertFactory(), ExpertFactory(name="Often"), ExpertFactory(name="Once")
    for n in range(3):
        shared = PublicationFactory()
        _author(expert, shared, 1)
        _author(often, shared, 2)
        if n == 0:
            _author(once, shared, 3)
    _author(often, PublicationFactory(), 1)  # without the expert: not joint
    page = expert_page(expert.pk)
    assert [(c.name, c.joint) for c in page["coauthors"]] == [("Often", 3), ("Once", 1)]
    assert page["publication_count"] == 3


def test_publications_are_the_latest_by_date_then_title_and_counted_in_full():
    expert = ExpertFactory()
    start = datetime.date(2000, 1, 1)
    for n in range(LIST_SIZE + 5):
        day = start + datetime.timedelta(days=n // 2)
        _author(expert, PublicationFactory(date=day, title=f"T{n % 2}"), 1)
    _author(ExpertFactory(), PublicationFactory(date=datetime.date(2030, 1, 1)), 1)
    page = expert_page(expert.pk)
    listed = [(p.date, p.title) for p in page["publications"]]
    assert len(listed) == LIST_SIZE and page["publication_count"] == LIST_SIZE + 5
    assert listed == sorted(listed, key=lambda row: (-row[0].toordinal(), row[1]))
    assert listed[0] == (start + datetime.timedelta(days=(LIST_SIZE + 4) // 2), "T0")


def test_positions_and_citations_are_counted_once_each():
    expert, colleague = ExpertFactory(), ExpertFactory()
    themes = [ThemeFactory(), ThemeFactory()]
    for _ in range(3):
        position = PositionFactory(themes=themes)
        position.holders.create(expert=expert, order=1)
        position.holders.create(expert=colleague, order=2)
    joint = PublicationFactory()
    _author(expert, joint, 1)
    _author(colleague, joint, 2)
    CitationFactory(publication=joint)
    CitationFactory(publication=joint)
    page = expert_page(expert.pk)
    assert page["position_count"] == 3
    assert sorted(row["n"] for row, _ in page["theme_counts"]) == [3, 3]
    assert page["citation_count"] == 2 and len(page["citations"]) == 2


def test_a_position_card_renders_without_a_query(django_assert_num_queries):
    expert = ExpertFactory()
    position = PositionFactory(themes=[ThemeFactory(name="Theme shown")])
    position.holders.create(expert=expert, order=1)
    [card] = expert_page(expert.pk)["positions"]
    with django_assert_num_queries(0):
        html = render_to_string("includes/_position_item.html", {"position": card})
    assert expert.name in html and "Theme shown" in html


@pytest.mark.postgres
def test_publications_have_an_index_in_their_default_order():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'publication_newest'")
        [(definition,)] = cursor.fetchall()
    assert "(date DESC, title)" in definition
