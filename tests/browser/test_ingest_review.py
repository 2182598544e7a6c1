"""A researcher takes in a new issue in Chromium: upload, review chapter by chapter, reject one
citation, correct another, Publish; then the public pages show the issue (and pass axe)."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from apps.analysis.models import Analysis, Citation
from apps.dataset.loading import fixture_paths, load_dataset
from apps.ingest.models import Decision, DraftAnalysis, DraftCitation
from apps.research.roles import grant
from apps.sources.models import Publication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"
ISSUE = "tests/ingest/files/synthetic_issue.txt"
TITLE = "Governing the platform state: data, standards and control"
CORRECTED = "Platform duties, corrected at review"


def test_upload_review_reject_correct_publish(live_server, strict_page, browser, axe, settings):
    page = strict_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    load_dataset(fixture_paths())
    user = User.objects.create_user("rita", password=PASSWORD, is_staff=True)
    # Transactional tests that ran before flushed the group its migration made: grant it again.
    user.groups.add(grant(Group, Permission))

    page.goto(f"{live_server.url}/admin/ingest/draftanalysis/upload/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/ingest/draftanalysis/upload/")
    page.set_input_files("#upload-form input[type=file]", ISSUE)
    page.click("#upload-form input[type=submit]")
    page.wait_for_url("**/admin/ingest/draftanalysis/*/change/")
    draft = DraftAnalysis.objects.get(title=TITLE)

    # A chapter with its notes, each citation marked matched (with its record) or new.
    chapter = page.locator("#chapter-2")
    assert "Platforms under the Party" in chapter.locator("h2").inner_text()
    assert chapter.locator(".review-note").count() >= 8
    assert chapter.locator(".mark.matched").count() >= 1
    assert chapter.locator(".mark.new").count() >= 1
    assert page.locator("#review .mark.matched + a, #review .mark.matched ~ a").count() >= 1

    rejected = DraftCitation.objects.filter(draft=draft, decision=Decision.NEW).first()
    corrected = (
        DraftCitation.objects.filter(draft=draft, decision=Decision.NEW)
        .exclude(pk=rejected.pk)
        .first()
    )
    rejected_prefix = _prefix_of(page, rejected)
    page.select_option(f"select[name={rejected_prefix}-decision]", Decision.REJECT)
    page.fill(f"[name={_prefix_of(page, corrected)}-title]", CORRECTED)
    page.locator("input[name=_continue]").click()
    page.wait_for_url("**/admin/ingest/draftanalysis/*/change/")
    assert page.locator("#review .mark.rejected").count() == 1

    page.locator("#publish-button").click()
    page.wait_for_load_state()
    assert "Published" in page.locator(".messagelist").inner_text()
    analysis = Analysis.objects.get(title=TITLE)
    links = Citation.objects.filter(footnote__chapter__analysis=analysis)
    assert not Publication.objects.filter(title=rejected.title).exists()
    assert (
        not links.filter(footnote__number=rejected.footnote.number, order=rejected.order)
        .filter(footnote__chapter__order=rejected.footnote.chapter.order)
        .exists()
    )
    assert Publication.objects.filter(title=CORRECTED).exists()

    # The public pages, in a context of their own (no admin session), with axe on each.
    public = browser.new_context(bypass_csp=True).new_page()
    public.goto(f"{live_server.url}/analysis/")
    assert TITLE in public.locator("main").inner_text()
    chapter_url = analysis.chapters.get(order=2).get_absolute_url()
    corrected_page = Publication.objects.get(title=CORRECTED).get_absolute_url()
    for url in ("/analysis/", analysis.get_absolute_url(), chapter_url, corrected_page, "/"):
        public.goto(f"{live_server.url}{url}")
        violations = axe(public)
        assert violations == [], (url, violations)
    assert errors == []


def _prefix_of(page, citation) -> str:
    """The form prefix of a citation's row, read from its hidden id input."""
    name = page.locator(
        f"input[name^='citations-'][name$='-id'][value='{citation.pk}']"
    ).first.get_attribute("name")
    return name.removesuffix("-id")
