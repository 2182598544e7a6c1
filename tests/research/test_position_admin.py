"""Adding the position a new article takes, from the article's admin page."""

import datetime

import pytest
from django.urls import reverse

from apps.debate.models import Position
from apps.sources.models import Publication
from tests.factories import (
    AffiliationFactory,
    ExpertFactory,
    InstitutionFactory,
    PublicationFactory,
    QuestionFactory,
    ThemeFactory,
)
from tests.research.test_roles import publication_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    theme = ThemeFactory(name="Content filtering", slug="content-filtering")
    return QuestionFactory(theme=theme, text="Should the state widen filtering?")


def drawn_position(question, /, **fields):
    data = {
        "positions-TOTAL_FORMS": "1",
        "positions-0-summary": "Liu and Sun want filtering widened to rumours and fake news.",
        "positions-0-question": str(question.pk),
        "positions-0-stance": "supports",
        "positions-0-quote_zh": "扩大过滤范围",
        "positions-0-quote_en": "widen the scope of filtering",
        "positions-0-pinpoint": "",
    }
    data.update({f"positions-0-{k}": v for k, v in fields.items()})
    return data


def test_a_new_article_with_its_position_saves_in_one_go(researcher_client, question):
    institute = InstitutionFactory(name="Institute of Journalism", kind="academy")
    liu = ExpertFactory(name="Liu Ruisheng", name_zh="刘瑞生")
    AffiliationFactory(expert=liu, institution=institute, as_of=datetime.date(2018, 10, 1))
    sun = ExpertFactory(name="Sun Ping", name_zh="孙萍")
    data = publication_form(
        title="Online content governance",
        title_original="网络内容治理",
        authors=[liu.pk, sun.pk],
        **drawn_position(question),
    )
    response = researcher_client.post(reverse("admin:sources_publication_add"), data)
    assert response.status_code == 302, response.context["errors"]
    position = Position.objects.get(source__title="Online content governance")
    # No theme was chosen: the question's is used.
    assert list(position.themes.all()) == [question.theme]
    assert (position.quote_zh, position.quote_en) == (
        "扩大过滤范围",
        "widen the scope of filtering",
    )
    # The article's authors hold it, in order, with the institution recorded for them.
    holders = [(h.order, h.expert, h.institution) for h in position.holders.all()]
    assert holders == [(1, liu, institute), (2, sun, None)]
    assert "liu ruisheng" in position.search_text and "刘瑞生" in position.search_text


def test_a_position_needs_a_theme_or_a_question(researcher_client, question):
    data = publication_form(title="Another article", **drawn_position(question, question=""))
    response = researcher_client.post(reverse("admin:sources_publication_add"), data)
    assert response.status_code == 200
    assert "Choose a theme, or a question whose theme is used." in response.content.decode()
    assert not Publication.objects.filter(title="Another article").exists()


def test_a_document_issued_by_a_body_is_held_by_that_body(researcher_client, question):
    ndrc = InstitutionFactory(name="NDRC", kind="state_body")
    data = publication_form(
        title="Notice on credit codes", issuing_institution=str(ndrc.pk), **drawn_position(question)
    )
    assert researcher_client.post(reverse("admin:sources_publication_add"), data).status_code == 302
    position = Position.objects.get(source__title="Notice on credit codes")
    assert [(h.expert, h.institution) for h in position.holders.all()] == [(None, ndrc)]


def test_a_source_without_authors_or_issuer_leaves_the_position_unattributed(
    researcher_client, question
):
    publication = PublicationFactory()
    data = publication_form(title=publication.title, **drawn_position(question))
    url = reverse("admin:sources_publication_change", args=[publication.pk])
    researcher_client.post(url, {**data, "not_a_duplicate": "on"})
    position = Position.objects.get(source=publication)
    assert list(position.holders.all()) == []
