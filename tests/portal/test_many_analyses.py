"""The site with two analyses: the shipped issue and the synthetic one published on top of it
(by `ingest_analysis --publish`, as a script would), every public page through the client."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from apps.analysis.models import Analysis, Citation, Footnote
from apps.dataset.loading import fixture_paths, load_dataset
from apps.debate.models import Position
from apps.sources.models import Publication
from tests.factories import PositionFactory, PositionHolderFactory

pytestmark = pytest.mark.django_db

ISSUE = Path(__file__).parents[1] / "ingest" / "files" / "synthetic_issue.txt"
SYNTHETIC_TITLE = "Governing the platform state: data, standards and control"
SHIPPED_SLUG = "china-dream-goes-digital"
# Positions drawn from the new issue's notes (ingest stages citations, not viewpoints).
NEW_POSITIONS = 5


@pytest.fixture(scope="module")
def two_issues(django_db_setup, django_db_blocker):
    """Both issues, loaded once for the module and rolled back after it (tests only read)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_dataset(fixture_paths())
        call_command("ingest_analysis", str(ISSUE), "--publish", stdout=io.StringIO())
        new = Analysis.objects.get(title=SYNTHETIC_TITLE)
        notes = Footnote.objects.filter(chapter__analysis=new, citations__isnull=False)
        for note in notes.distinct().order_by("chapter__order", "number")[:NEW_POSITIONS]:
            position = PositionFactory(
                source=note.citations.first().publication,
                footnote=note,
                summary=f"Drawn from the new issue's note {note.number}.",
            )
            PositionHolderFactory(position=position)
        yield Analysis.objects.get(slug=SHIPPED_SLUG), new
        transaction.set_rollback(True)


def test_home_names_both_issues_newest_first(client, two_issues):
    shipped, new = two_issues
    html = client.get("/").content.decode()
    assert html.index(new.get_absolute_url()) < html.index(shipped.get_absolute_url())
    assert "Earlier issues" in html and "2 issues" in html
    assert "The China Dream goes digital" not in html.split('class="site-footer"')[1]


def test_the_index_lists_both_and_each_reader_and_chapter_works(client, two_issues):
    html = client.get("/analysis/").content.decode()
    for analysis in two_issues:
        assert f'href="{analysis.get_absolute_url()}"' in html
        reader = client.get(analysis.get_absolute_url())
        assert reader.status_code == 200 and analysis.title in reader.content.decode()
        for chapter in analysis.chapters.all():
            page = client.get(chapter.get_absolute_url())
            assert page.status_code == 200, chapter
            for note in chapter.footnotes.all()[:3]:
                assert f'id="{note.get_absolute_url().split("#")[1]}"' in page.content.decode()
    assert html.index(two_issues[1].title) < html.index(two_issues[0].title)
    # Both issues have an "Introduction": the same slug, each under its own issue.
    introductions = {c.get_absolute_url() for a in two_issues for c in a.chapters.all()[:1]}
    assert len(introductions) == 2


def test_a_publication_cited_by_both_lists_the_notes_of_both(client, two_issues):
    shipped, new = two_issues
    both = Publication.objects.filter(citations__footnote__chapter__analysis=new).filter(
        citations__footnote__chapter__analysis=shipped
    )
    assert both.exists()  # the synthetic issue re-cites three shipped works
    for publication in both.distinct():
        html = client.get(publication.get_absolute_url()).content.decode()
        for citation in Citation.objects.filter(publication=publication):
            assert f'href="{citation.footnote.get_absolute_url()}"' in html
        assert f'href="{shipped.get_absolute_url()}"' in html
        assert f'href="{new.get_absolute_url()}"' in html


def test_an_expert_page_lists_citations_from_both_issues(client, two_issues):
    shipped, new = two_issues
    citation = Citation.objects.filter(
        footnote__chapter__analysis=new, publication__authorships__isnull=False
    ).first()
    expert = citation.publication.authorships.first().expert
    html = client.get(expert.get_absolute_url()).content.decode()
    assert f'href="{citation.footnote.get_absolute_url()}"' in html
    assert f'href="{new.get_absolute_url()}"' in html


def test_analysis_facet_counts_equal_the_rows_listed_and_add_up(client, two_issues):
    html = client.get("/viewpoints/").content.decode()
    counts = {}
    for analysis in two_issues:
        found = re.search(
            rf'id="f-analysis-{analysis.slug}".*?<span class="count">(\d+)</span>', html, re.S
        )
        counts[analysis.slug] = int(found[1])
        page = client.get("/viewpoints/", {"analysis": analysis.slug, "size": 100})
        assert page.context["page"].paginator.count == counts[analysis.slug]
        listed = Position.objects.filter(footnote__chapter__analysis=analysis).count()
        assert counts[analysis.slug] == listed
    assert counts[two_issues[1].slug] == NEW_POSITIONS
    with_footnote = Position.objects.filter(footnote__isnull=False).count()
    assert sum(counts.values()) == with_footnote
    both = client.get("/viewpoints/", {"analysis": [a.slug for a in two_issues]})
    assert both.context["page"].paginator.count == with_footnote


def test_the_export_holds_both_issues(client, two_issues, settings):
    download = client.get(f"/downloads/chinadebate-{settings.DATASET_VERSION}.zip")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = archive.namelist()
    records = json.loads(archive.read(next(n for n in names if n.endswith("chinadebate.json"))))
    titles = {r["fields"]["title"] for r in records["records"] if r["model"] == "analysis.analysis"}
    assert {a.title for a in two_issues} <= titles
    readme = archive.read(next(n for n in names if n.endswith("README.txt"))).decode()
    assert all(a.title in readme for a in two_issues) and "Issues (2" in readme
    notes = [r for r in records["records"] if r["model"] == "analysis.footnote"]
    assert len(notes) == Footnote.objects.count()


def test_the_feeds_carry_the_new_issue(client, two_issues):
    shipped, new = two_issues
    issues = client.get("/feeds/analyses/").content.decode()
    assert issues.index(new.title) < issues.index(shipped.title)
    sources = client.get("/feeds/sources/").content.decode()
    assert new.title in sources  # the issue's own record is a newly added source
