"""``ingest_analysis FILE`` stages the issue as a draft: nothing public changes."""

import hashlib
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from apps.core.models import DataVersion
from apps.ingest.models import Decision, DraftAnalysis, DraftCitation, DraftFootnote
from apps.ingest.staging import stage_file, stage_text, stage_upload
from tests.ingest.pdfs import without_text

DOMAIN_APPS = {"people", "sources", "analysis", "debate", "taggit"}


def domain_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS
    }


def test_staging_stores_the_draft_and_changes_nothing_public(shipped_dataset, files, capsys):
    before, version = domain_counts(), DataVersion.read()
    call_command("ingest_analysis", str(files / "synthetic_issue.txt"))
    out = capsys.readouterr().out
    assert domain_counts() == before
    assert DataVersion.read() == version
    draft = DraftAnalysis.objects.get()
    assert f"as draft #{draft.pk}" in out and draft.get_review_url() in out
    assert (draft.title, draft.date, draft.source_name, draft.status) == (
        "Governing the platform state: data, standards and control",
        "2020-03",
        "synthetic_issue.txt",
        "draft",
    )
    assert len(draft.sha256) == 64
    chapter = draft.chapters.get(order=2)
    assert (chapter.title, chapter.analysts) == (
        "Platforms under the Party's eye",
        ["Tomasz Wierzbicki"],
    )
    citation = DraftCitation.objects.get(footnote__chapter=chapter, footnote__number=3, order=1)
    assert citation.authors == ["Liu Ruisheng", "Sun Ping"]
    assert citation.publication.slug == (
        "liu-ruisheng-sun-ping-2018-content-filtering-overseas-social-media"
    )
    assert (citation.decision, citation.reason) == (Decision.ACCEPT, "same original title")
    ibid = DraftCitation.objects.get(footnote__chapter=chapter, footnote__number=4, order=1)
    assert ibid.ibid and ibid.publication == citation.publication
    new = draft.citations.filter(decision=Decision.NEW)
    assert new.exists() and not new.exclude(publication=None).exists()
    kinds = {
        kind: draft.proposals.filter(kind=kind).count()
        for kind in ("publication", "expert", "venue")
    }
    assert kinds == {"publication": 13, "expert": 9, "venue": 5}


def test_staging_the_same_text_twice_says_so_and_adds_nothing(shipped_dataset, files, capsys):
    call_command("ingest_analysis", str(files / "seed_credit_chapter.txt"))
    capsys.readouterr()
    rows = (DraftAnalysis.objects.count(), DraftFootnote.objects.count())
    call_command("ingest_analysis", str(files / "seed_credit_chapter.txt"))
    assert "staged already" in capsys.readouterr().out
    assert (DraftAnalysis.objects.count(), DraftFootnote.objects.count()) == rows
    assert rows[0] == 1


def test_staging_an_upload_is_staging_the_file(shipped_dataset, files):
    path = files / "seed_credit_chapter.txt"
    staged = stage_upload(path.read_bytes(), "seed.txt")
    assert staged.created
    again = stage_file(path)
    assert not again.created and again.draft == staged.draft


def test_a_text_less_pdf_is_refused_and_nothing_is_staged(db, tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(without_text())
    with pytest.raises(CommandError, match="has no text layer"):
        call_command("ingest_analysis", str(scan))
    assert not DraftAnalysis.objects.exists()


def test_a_text_staged_meanwhile_by_someone_else_is_that_draft(db, files):
    text = (files / "seed_credit_chapter.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    theirs = DraftAnalysis.objects.create(title="theirs", source_name="x.txt", sha256=digest)
    lookups = [DraftAnalysis.objects.none(), DraftAnalysis.objects.filter(pk=theirs.pk)]
    with mock.patch.object(DraftAnalysis.objects, "filter", side_effect=lookups):
        staged = stage_text(text, "seed.txt")  # not there when looked up, there at the write
    assert not staged.created and staged.draft == theirs
    with (
        mock.patch("apps.ingest.staging._store", side_effect=IntegrityError("another cause")),
        pytest.raises(IntegrityError, match="another cause"),
    ):
        stage_text(text + "\n", "seed.txt")
    assert DraftAnalysis.objects.count() == 1
