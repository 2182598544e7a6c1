"""Who answers whom: the relations between positions in the shipped dataset, their evidence,
and how a position's page shows them."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Q

from apps.debate import pages
from apps.debate.models import Position, PositionRelation, RelationKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def shipped(shipped_dataset_once):
    return shipped_dataset_once


def test_the_shipped_relations_cover_the_debates_the_essays_describe():
    relations = PositionRelation.objects.select_related("position__question__theme")
    assert relations.count() >= 15
    assert {r.kind for r in relations} == set(RelationKind.values)
    themes = {r.position.question.theme.slug for r in relations if r.position.question}
    assert {"digital-economy", "content-filtering-and-public-opinion", "social-credit"} <= themes
    assert {"artificial-intelligence", "technological-revolution"} & themes


def test_every_relation_has_evidence_that_exists_and_no_position_answers_itself():
    for relation in PositionRelation.objects.select_related(
        "footnote__chapter", "position__footnote", "target__footnote"
    ):
        assert relation.position_id != relation.target_id, relation
        assert relation.footnote or relation.publication, relation
        assert relation.note.strip(), relation
        if relation.footnote:
            # The passage that relates the two is in the chapter citing one of them.
            chapters = {
                p.footnote.chapter_id for p in (relation.position, relation.target) if p.footnote
            }
            assert relation.footnote.chapter_id in chapters, relation


def test_the_database_refuses_a_position_answering_itself_or_a_relation_without_evidence():
    position = Position.objects.order_by("pk").first()
    other = Position.objects.exclude(pk=position.pk).order_by("pk").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionRelation.objects.create(
            position=position,
            target=position,
            kind="supports",
            footnote=position.footnote,
            note="x",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionRelation.objects.create(position=position, target=other, kind="supports", note="x")


def test_a_position_page_shows_what_it_answers_and_what_answers_it(client):
    relation = PositionRelation.objects.select_related("position", "target", "footnote").get(
        position__slug="hu-naihong-social-credit-in-the-history-of-credit-rating",
        target__slug="hvistendahl-social-ranking-experiment",
    )
    page = client.get(relation.position.get_absolute_url()).content.decode()
    assert "What this viewpoint answers" in page
    assert f'href="{relation.target.get_absolute_url()}"' in page
    assert f'href="{relation.footnote.get_absolute_url()}"' in page
    assert "disputes" in page
    back = client.get(relation.target.get_absolute_url()).content.decode()
    assert "Answered by" in back
    assert f'href="{relation.position.get_absolute_url()}"' in back


def test_the_relations_of_a_position_cost_the_same_queries_however_many_it_has(
    django_assert_num_queries,
):
    counts = {
        p.pk: PositionRelation.objects.filter(Q(position=p) | Q(target=p)).count()
        for p in Position.objects.all()
    }
    busiest = max(counts, key=counts.get)
    single = min((pk for pk, n in counts.items() if n), key=counts.get)
    assert counts[busiest] >= 3 and counts[single] == 1
    for pk in (single, busiest):
        position = Position.objects.get(pk=pk)
        # The relations, the positions at either end and their holders: what the page shows.
        with django_assert_num_queries(5):
            shown = pages.position_relations(position)
            for relation in shown["answers"] + shown["answered_by"]:
                for other in (relation.position, relation.target):
                    [str(h.expert or h.institution) for h in other.holders.all()]
                    str(other.question)
                relation.footnote.get_absolute_url()
                str(relation.footnote.chapter.title)
        assert len(shown["answers"]) + len(shown["answered_by"]) == counts[pk]


def test_a_theme_page_maps_who_answers_whom_under_each_question(client):
    relation = PositionRelation.objects.select_related("position__question__theme", "target").get(
        position__slug="liao-yongan-tan-man-credit-cures-difficult-implementation",
        target__slug="hu-naihong-social-credit-in-the-history-of-credit-rating",
    )
    question = relation.position.question
    page = client.get(question.theme.get_absolute_url()).content.decode()
    block = page[page.index(f'id="q-{question.slug}"') :]
    block = block[
        : block.index("</section>\n  \n  <section")
        if "</section>\n  \n  <section" in block
        else None
    ]
    assert "Who answers whom on this question" in block
    assert f'href="{relation.position.get_absolute_url()}"' in block
    assert f'href="{relation.target.get_absolute_url()}"' in block
    shown = PositionRelation.objects.filter(
        Q(position__question__theme=question.theme) | Q(target__question__theme=question.theme)
    ).count()
    assert page.count('class="relation relation--') == shown
