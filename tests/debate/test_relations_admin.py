"""Researchers record who answers whom on a position's admin page, with history."""

import pytest

from apps.debate.models import Position, PositionRelation

pytestmark = pytest.mark.django_db


def test_a_researcher_adds_a_relation_with_its_evidence_and_history_records_it(
    researcher_client,
    shipped_dataset,
):
    position = Position.objects.get(slug="feng-zhaokui-military-civilian-exchange")
    target = Position.objects.get(slug="wu-ximing-commercial-ai-not-directly-military")
    page = researcher_client.get(f"/admin/debate/position/{position.pk}/change/")
    assert page.status_code == 200
    assert "who this position answers" in page.content.decode().lower()

    response = researcher_client.post(
        "/admin/debate/positionrelation/add/",
        {
            "position": position.pk,
            "kind": "disputes",
            "target": target.pk,
            "footnote": position.footnote_id,
            "attribution": "analyst",
            "note": "Feng wants military and civilian technology exchanged; Wu doubts it transfers.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    relation = PositionRelation.objects.get(position=position, target=target)
    assert relation.history.get().history_user.username == "rita"

    to_itself = researcher_client.post(
        "/admin/debate/positionrelation/add/",
        {
            "position": position.pk,
            "kind": "supports",
            "target": position.pk,
            "footnote": position.footnote_id,
            "attribution": "analyst",
            "note": "x",
        },
    )
    assert to_itself.status_code == 200
    assert "A position cannot answer itself" in to_itself.content.decode()
