"""No lost edit at review: two researchers correcting one staged issue from the same version;
the second save is refused, says who saved first and what they changed, keeps its own input,
and writes nothing until it is saved again."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils.html import escape

from apps.ingest.models import Decision, DraftCitation
from apps.research.roles import RESEARCHERS
from tests.ingest.test_review_admin import form_data, prefix_of, review_url


@pytest.fixture
def sam(db) -> Client:
    """A second researcher, reviewing the same draft as rita."""
    user = User.objects.create_user("sam", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=RESEARCHERS))
    client = Client()
    client.force_login(user)
    return client


def test_a_citation_corrected_by_two_reviewers_refuses_the_second(researcher_client, sam, draft):
    citation = draft.citations.filter(decision=Decision.NEW).first()
    url = review_url(draft)
    rita_page, sam_page = researcher_client.get(url), sam.get(url)
    rita_sees, sam_sees = form_data(rita_page), form_data(sam_page)
    row = prefix_of(sam_page, citation)

    rita_sees[f"{row}-decision"] = Decision.REJECT
    assert researcher_client.post(url, rita_sees).status_code == 302
    sam_sees[f"{row}-title"] = "Sam’s corrected title"
    refused = sam.post(url, sam_sees)

    assert refused.status_code == 200
    [error] = _row(refused, citation).non_field_errors()
    assert error.startswith("rita saved this draft citation on")
    assert "decision: “new” → “reject”" in error
    assert escape(error) in refused.content.decode()  # shown beside the citation
    assert _row(refused, citation)["title"].value() == "Sam’s corrected title"
    stored = DraftCitation.objects.get(pk=citation.pk)
    assert (stored.decision, stored.title, stored.version) == (Decision.REJECT, citation.title, 2)

    # Saved again from the refused page (which now carries version 2), Sam's input is written.
    assert _row(refused, citation)["seen_version"].value() == 2
    assert sam.post(url, form_data(refused)).status_code == 302
    stored.refresh_from_db()
    assert (stored.title, stored.version) == ("Sam’s corrected title", 3)
    assert stored.history.first().history_user.username == "sam"


def test_a_chapter_renamed_by_two_reviewers_refuses_the_second(researcher_client, sam, draft):
    chapter = draft.chapters.get(order=1)
    url = review_url(draft)
    rita_page, sam_page = researcher_client.get(url), sam.get(url)
    rita_sees, sam_sees = form_data(rita_page), form_data(sam_page)
    row = prefix_of(sam_page, chapter)

    rita_sees[f"{row}-title"] = "Rita’s chapter title"
    assert researcher_client.post(url, rita_sees).status_code == 302
    sam_sees[f"{row}-title"] = "Sam’s chapter title"
    refused = sam.post(url, sam_sees)

    assert refused.status_code == 200
    [error] = _row(refused, chapter).non_field_errors()
    assert error.startswith("rita saved this draft chapter on")
    assert escape(f"title: “{chapter.title}” → “Rita’s chapter title”") in escape(error)
    assert escape(error) in refused.content.decode()
    chapter.refresh_from_db()
    assert chapter.title == "Rita’s chapter title"


def test_the_issue_title_edited_by_two_reviewers_refuses_the_second(researcher_client, sam, draft):
    url = review_url(draft)
    rita_sees, sam_sees = form_data(researcher_client.get(url)), form_data(sam.get(url))
    assert researcher_client.post(url, {**rita_sees, "title": "Rita’s title"}).status_code == 302
    refused = sam.post(url, {**sam_sees, "title": "Sam’s title"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "rita saved this draft issue on" in page
    assert refused.context["adminform"].form["title"].value() == "Sam’s title"
    draft.refresh_from_db()
    assert draft.title == "Rita’s title"


def test_edits_to_different_rows_from_one_version_are_both_kept(researcher_client, sam, draft):
    """Only a row someone else changed is refused: two reviewers on different notes both save."""
    first, second = draft.citations.filter(decision=Decision.NEW)[:2]
    url = review_url(draft)
    rita_page, sam_page = researcher_client.get(url), sam.get(url)
    rita_sees, sam_sees = form_data(rita_page), form_data(sam_page)
    rita_sees[f"{prefix_of(rita_page, first)}-decision"] = Decision.REJECT
    sam_sees[f"{prefix_of(sam_page, second)}-pages"] = "12-14"

    assert researcher_client.post(url, rita_sees).status_code == 302
    assert sam.post(url, sam_sees).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, second.pages) == (Decision.REJECT, "12-14")


def test_saving_again_after_a_refusal_keeps_the_other_rows_of_the_first_save(
    researcher_client, sam, draft
):
    """Saving a refused page again overwrites the refused row, and only that row."""
    first, second = draft.citations.filter(decision=Decision.NEW)[:2]
    url = review_url(draft)
    rita_page, sam_page = researcher_client.get(url), sam.get(url)
    rita_sees, sam_sees = form_data(rita_page), form_data(sam_page)
    rita_sees[f"{prefix_of(rita_page, first)}-pages"] = "3"
    rita_sees[f"{prefix_of(rita_page, second)}-pages"] = "7-9"
    assert researcher_client.post(url, rita_sees).status_code == 302
    sam_sees[f"{prefix_of(sam_page, first)}-pages"] = "4"
    refused = sam.post(url, sam_sees)
    assert refused.status_code == 200

    assert sam.post(url, form_data(refused)).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.pages, second.pages) == ("4", "7-9")


def _row(page, row_of_draft):
    for inline in page.context["inline_admin_formsets"]:
        for row in inline.formset.forms:
            if row.instance == row_of_draft:
                return row
    raise AssertionError(f"no form for {row_of_draft}")
