"""The review in the admin, through real requests: the draft chapter by chapter, decisions,
Publish, and the upload form."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from apps.analysis.models import Analysis
from apps.ingest.models import Decision, DraftAnalysis, DraftChapter, DraftCitation
from apps.ingest.publishing import publish
from apps.ingest.staging import stage_file
from apps.sources.models import Publication
from tests.ingest.pdfs import typeset, without_text
from tests.ingest.test_staging import domain_counts

UPLOAD = reverse("admin:ingest_draftanalysis_upload")


def review_url(draft) -> str:
    return reverse("admin:ingest_draftanalysis_change", args=[draft.pk])


def form_data(response) -> dict:
    """The change form's fields as the page holds them: what a browser would post."""
    data = {"_save": "Save"}
    form = response.context["adminform"].form
    data.update({name: form[name].value() or "" for name in form.fields})
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(n): management[n].value() for n in management.fields})
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                if value is True:
                    data[row.add_prefix(name)] = "on"
                elif value not in (None, False):
                    data[row.add_prefix(name)] = value
    return data


def prefix_of(response, row_of_draft: DraftChapter | DraftCitation) -> str:
    for inline in response.context["inline_admin_formsets"]:
        for row in inline.formset.forms:
            if row.instance == row_of_draft:
                return row.prefix
    raise AssertionError(f"no form for {row_of_draft}")


def test_the_review_page_shows_every_note_and_citation_marked(researcher_client, draft):
    page = researcher_client.get(review_url(draft))
    assert page.status_code == 200
    html = page.content.decode()
    for chapter in draft.chapters.all():
        assert f'id="chapter-{chapter.order}"' in html
        for note in chapter.footnotes.all():
            assert f'id="note-{chapter.order}-{note.number}"' in html
    citations = list(draft.citations.select_related("publication"))
    for citation in citations:
        assert f'id="citation-{citation.pk}"' in html
    matched = [c for c in citations if c.decision == Decision.ACCEPT]
    assert html.count('class="mark matched"') == len(matched) > 0
    assert html.count('class="mark new"') == len(citations) - len(matched) > 0
    first = matched[0]
    assert f'<a href="{first.publication.get_absolute_url()}">' in html
    assert f"({first.reason})" in html
    assert 'id="publish-button"' in html


def test_the_publication_field_autocompletes(researcher_client, draft):
    answer = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "ingest",
            "model_name": "draftcitation",
            "field_name": "publication",
            "term": "content filtering",
        },
    )
    assert answer.status_code == 200 and answer.json()["results"]


def test_rematch_and_reject_then_publish(researcher_client, researcher, draft):
    page = researcher_client.get(review_url(draft))
    data = form_data(page)
    rejected = draft.citations.filter(decision=Decision.NEW).first()
    rematched = draft.citations.filter(decision=Decision.ACCEPT).first()
    other = (
        Publication.objects.exclude(pk=rematched.publication_id)
        .exclude(analysis__isnull=False)
        .first()
    )
    data[f"{prefix_of(page, rejected)}-decision"] = Decision.REJECT
    data[f"{prefix_of(page, rematched)}-publication"] = other.pk
    saved = researcher_client.post(review_url(draft), data)
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    rejected.refresh_from_db()
    rematched.refresh_from_db()
    assert rejected.decision == Decision.REJECT
    assert (rematched.decision, rematched.publication) == (Decision.REMATCH, other)
    assert 'class="mark rejected"' in researcher_client.get(review_url(draft)).content.decode()

    publish_url = reverse("admin:ingest_draftanalysis_publish", args=[draft.pk])
    done = researcher_client.post(publish_url, follow=True)
    assert "Published “" in done.content.decode()
    analysis = Analysis.objects.get(draft=draft)
    assert analysis.history.get().history_user == researcher
    note = rematched.footnote
    chapter = analysis.chapters.get(order=note.chapter.order)
    reader = researcher_client.get(f"/analysis/{analysis.slug}/{chapter.slug}/")
    assert reader.status_code == 200
    html = reader.content.decode()
    assert f'id="fn-{note.number}"' in html
    assert f'href="{other.get_absolute_url()}"' in html
    link = chapter.footnotes.get(number=note.number).citations.get(publication=other)
    assert link.history.get().history_user == researcher
    source = researcher_client.get(other.get_absolute_url()).content.decode()
    assert escape(f"{chapter.title}, note {note.number}") in source
    assert not Publication.objects.filter(
        title=rejected.title, footnotes__chapter__analysis=analysis
    ).exists()

    rows = domain_counts()
    again = researcher_client.post(publish_url, follow=True)
    assert "nothing was added" in again.content.decode()
    assert domain_counts() == rows
    published = researcher_client.get(review_url(draft))
    assert published.status_code == 200 and 'id="publish-button"' not in published.content.decode()
    assert 'name="citations-0-decision"' not in published.content.decode()  # read-only now


def test_a_chapter_title_and_analysts_corrected_at_review_are_published(
    researcher_client, researcher, draft
):
    page = researcher_client.get(review_url(draft))
    chapter = draft.chapters.get(order=2)
    assert 'value="Tomasz Wierzbicki"' in page.content.decode()
    data = form_data(page)
    prefix = prefix_of(page, chapter)
    data[f"{prefix}-title"] = "Platforms under watch"
    data[f"{prefix}-analysts"] = "Tomasz Wierzbicki; Ada Lindqvist ;"
    saved = researcher_client.post(review_url(draft), data)
    assert saved.status_code == 302, saved.context and saved.context["errors"]
    chapter.refresh_from_db()
    assert (chapter.title, chapter.analysts) == (
        "Platforms under watch",
        ["Tomasz Wierzbicki", "Ada Lindqvist"],
    )
    analysis = publish(draft, researcher).draft.analysis
    published = analysis.chapters.get(order=2)
    assert (published.title, published.slug) == ("Platforms under watch", "platforms-under-watch")
    assert [a.name for a in published.analysts.order_by("bylines__order")] == [
        "Tomasz Wierzbicki",
        "Ada Lindqvist",
    ]


def test_a_failing_publish_through_the_admin_writes_nothing(researcher_client, draft):
    rows = domain_counts()
    publish_url = reverse("admin:ingest_draftanalysis_publish", args=[draft.pk])
    with mock.patch("apps.ingest.publishing._Writer.footnote", side_effect=RuntimeError("boom")):
        answer = researcher_client.post(publish_url, follow=True)
    assert answer.redirect_chain == [(review_url(draft), 302)]
    said = [str(m) for m in answer.context["messages"]]
    assert any("Nothing was published" in m and "RuntimeError" in m for m in said), said
    assert domain_counts() == rows
    assert DraftAnalysis.objects.get().status == "draft"


def test_upload_a_text_stages_it(researcher_client, shipped_dataset, files):
    assert researcher_client.get(UPLOAD).status_code == 200
    text = (files / "seed_credit_chapter.txt").read_bytes()
    rows = domain_counts()
    sent = researcher_client.post(UPLOAD, {"file": SimpleUploadedFile("seed.txt", text)})
    draft = DraftAnalysis.objects.get()
    assert sent.status_code == 302 and sent["Location"] == review_url(draft)
    assert draft.source_name == "seed.txt" and draft.created_by.username == "rita"
    assert domain_counts() == rows
    again = researcher_client.post(
        UPLOAD, {"file": SimpleUploadedFile("seed.txt", text)}, follow=True
    )
    assert "staged already" in again.content.decode()
    assert DraftAnalysis.objects.count() == 1


def test_upload_a_pdf_stages_it_as_its_text_would_be(researcher_client, shipped_dataset, files):
    pdf = typeset((files / "synthetic_issue.txt").read_text(encoding="utf-8"))
    sent = researcher_client.post(UPLOAD, {"file": SimpleUploadedFile("issue.pdf", pdf)})
    draft = DraftAnalysis.objects.get()
    assert sent.status_code == 302 and sent["Location"] == review_url(draft)
    assert (draft.source_name, draft.title) == (
        "issue.pdf",
        "Governing the platform state: data, standards and control",
    )
    as_text = stage_file(files / "synthetic_issue.txt").draft
    titles = [c.title for c in draft.chapters.all()]
    assert titles == [c.title for c in as_text.chapters.all()] and len(titles) == 4
    assert draft.footnotes.count() == as_text.footnotes.count()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("scan.pdf", without_text(), "has no text layer"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj\n<<", "truncated PDF"),
        ("notes.docx", b"PK\x03\x04 whatever", "as a .pdf or a .txt file"),
        ("letter.txt", b"Dear editor,\n\nthank you for the tea.\n", "does not look like"),
    ],
)
def test_upload_refuses_what_is_not_an_issue(researcher_client, name, content, error):
    sent = researcher_client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})
    assert sent.status_code == 400
    assert error in sent.content.decode()
    assert not DraftAnalysis.objects.exists()


def test_upload_refuses_a_huge_file(researcher_client):
    with mock.patch("apps.ingest.forms.MAX_FILE_BYTES", 100):
        sent = researcher_client.post(UPLOAD, {"file": SimpleUploadedFile("big.txt", b"x" * 101)})
    assert sent.status_code == 400 and "larger than" in sent.content.decode()


def test_researchers_review_drafts_but_do_not_delete_them(researcher, client):
    for perm in ["add_draftanalysis", "change_draftanalysis", "change_draftcitation"]:
        assert researcher.has_perm(f"ingest.{perm}"), perm
    assert not researcher.has_perm("ingest.delete_draftanalysis")
    assert client.get(UPLOAD)["Location"].startswith("/admin/login/")
