"""A researcher adds a publication with two authors through the admin, in Chromium."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from apps.research.roles import grant
from apps.sources.models import Publication
from tests.factories import ExpertFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def pick_author(page, row: int, typed: str, choice: str) -> None:
    """Open the select2 autocomplete of an authorship row, type, and pick the match."""
    page.locator(f"#authorships-{row} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=choice).click()


def test_researcher_adds_a_publication_with_two_authors(live_server, strict_page):
    page = strict_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    user = User.objects.create_user("rita", password=PASSWORD, is_staff=True)
    # Transactional tests that ran before flushed the group its migration made: grant it again.
    user.groups.add(grant(Group, Permission))
    liu = ExpertFactory(name="Liu Ruisheng", name_zh="刘瑞生")
    sun = ExpertFactory(name="Sun Ping", name_zh="孙萍")
    ExpertFactory(name="Liu Wei")

    page.goto(f"{live_server.url}/admin/sources/publication/add/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/sources/publication/add/")

    page.select_option("#id_kind", "journal_article")
    page.fill("#id_title_original", "新时代网络空间治理")
    page.fill("#id_title", "Cyberspace governance in the new era")
    page.fill("#id_url", "https://example.cn/liu-2019")
    pick_author(page, 0, "刘瑞", "Liu Ruisheng")
    page.locator("#authorships-group .add-row a").click()
    pick_author(page, 1, "sun p", "Sun Ping")
    page.locator("input[name=_save]").click()

    page.wait_for_url("**/admin/sources/publication/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    publication = Publication.objects.get(url="https://example.cn/liu-2019")
    assert publication.title_original == "新时代网络空间治理"
    assert publication.slug == "cyberspace-governance-in-the-new-era"
    assert [(a.order, a.expert) for a in publication.authorships.all()] == [(1, liu), (2, sun)]
    assert publication.history.get().history_user == user
    assert errors == []
