"""Publishing a staged draft writes the issue in one transaction, once."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.analysis.models import Analysis, Chapter, Citation, Footnote
from apps.core.models import DataVersion
from apps.debate.models import IndexChange
from apps.ingest.models import Decision, DraftAnalysis, DraftStatus
from apps.ingest.publishing import PublishError, publish
from apps.people.models import Expert
from apps.sources.models import Publication, Venue
from tests.ingest.test_staging import domain_counts

SYNTHETIC_TITLE = "Governing the platform state: data, standards and control"


def test_publishing_writes_the_issue_once_with_the_researcher_in_history(draft, researcher):
    before = {"publications": Publication.objects.count(), "experts": Expert.objects.count()}
    before["venues"] = Venue.objects.count()
    before["publication_pks"] = set(Publication.objects.values_list("pk", flat=True))
    version = DataVersion.current()
    rejected = draft.citations.filter(decision=Decision.NEW).first()
    rejected.decision = Decision.REJECT
    rejected.save()

    published = publish(draft, researcher)

    assert DataVersion.current() != version
    analysis = Analysis.objects.get(title=SYNTHETIC_TITLE)
    assert published.draft.analysis == analysis and published.draft.status == DraftStatus.PUBLISHED
    assert analysis.date.isoformat() == "2020-03-01"
    chapters = list(analysis.chapters.order_by("order"))
    assert [c.title for c in chapters] == [c.title for c in draft.chapters.all()]
    assert [a.name for a in chapters[1].analysts.all()] == ["Tomasz Wierzbicki"]
    assert Footnote.objects.filter(chapter__analysis=analysis).count() == draft.footnotes.count()
    links = Citation.objects.filter(footnote__chapter__analysis=analysis)
    kept = draft.citations.exclude(decision=Decision.REJECT)
    assert links.count() <= kept.count() and links.exists()
    assert not links.filter(
        footnote__number=rejected.footnote.number,
        footnote__chapter__order=rejected.footnote.chapter.order,
        order=rejected.order,
        publication__title=rejected.title,
    ).exists()
    matched = draft.citations.get(footnote__chapter__order=2, footnote__number=3, order=1)
    assert links.filter(publication=matched.publication, footnote__number=3).exists()
    counts = published.counts
    # 13 new works proposed, one of them rejected; the issue's own record besides
    assert Publication.objects.count() == before["publications"] + counts["publications"] + 1
    assert counts["publications"] == 12
    assert Expert.objects.count() == before["experts"] + counts["experts"] > before["experts"]
    assert Venue.objects.count() == before["venues"] + counts["venues"]
    assert str(published).startswith(f"Published “{SYNTHETIC_TITLE}”")
    for record in (analysis, chapters[0], links.first().footnote, links.first()):
        assert record.history.get().history_user == researcher
    made = Publication.objects.exclude(pk__in=before["publication_pks"])
    assert {p.history.get().history_user for p in made} == {researcher}

    rows = domain_counts()
    again = publish(draft, researcher)
    assert again.already and "nothing was added" in str(again)
    assert domain_counts() == rows


def test_the_version_is_replaced_once_so_cached_pages_show_the_issue(draft, client):
    listing = client.get("/analysis/")
    assert SYNTHETIC_TITLE not in listing.content.decode()
    changes = IndexChange.objects.count()
    publish(draft)
    assert IndexChange.objects.count() == changes + 1
    assert SYNTHETIC_TITLE in client.get("/analysis/").content.decode()


def test_a_failure_midway_writes_nothing(draft, researcher):
    rows, version = domain_counts(), DataVersion.read()
    with (
        mock.patch("apps.ingest.publishing._Writer.footnote", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        publish(draft, researcher)
    assert domain_counts() == rows
    assert DataVersion.read() == version
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT and draft.analysis is None


def test_an_accepted_citation_without_a_publication_stops_the_publish(draft):
    rows = domain_counts()
    draft.citations.filter(decision=Decision.NEW).update(decision=Decision.ACCEPT)
    with pytest.raises(PublishError, match="name no publication"):
        publish(draft)
    assert domain_counts() == rows


def test_publish_from_the_command_then_again_adds_nothing(
    shipped_dataset, files, researcher, capsys
):
    path = str(files / "seed_credit_chapter.txt")
    call_command("ingest_analysis", path, "--publish", "--user", "rita")
    out = capsys.readouterr().out
    assert "Staged" in out and "Published" in out
    chapter = Chapter.objects.get(
        title="Credit: The god of China's big data era", analysis__draft__isnull=False
    )
    assert chapter.footnotes.count() >= 7
    assert chapter.history.get().history_user == researcher
    assert chapter.analysis.draft.created_by == researcher
    rows = domain_counts()
    call_command("ingest_analysis", path, "--publish")
    out = capsys.readouterr().out
    assert "staged already" in out and "nothing was added" in out
    assert domain_counts() == rows


def test_the_command_names_only_a_staff_account(shipped_dataset, files):
    with pytest.raises(CommandError, match="No staff account is named 'nobody'"):
        call_command("ingest_analysis", str(files / "seed_credit_chapter.txt"), "--user", "nobody")
    assert not DraftAnalysis.objects.exists()
