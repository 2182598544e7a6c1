"""/publications/ in Chromium: facets update the list in place, the URL and history follow,
it works without JavaScript and by keyboard, on a phone, and passes axe."""

import re

import pytest
from playwright.sync_api import expect

from apps.sources.models import Publication
from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    world = build_world(scale=2)
    world.publication.venue.publications.update(language="zh")
    return world


def test_facets_update_the_list_in_place_and_the_back_button_restores_it(live_server, page, world):
    page.goto(live_server.url + "/publications/")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    summary = page.locator("#publication-list [role=status]")
    total = Publication.objects.count()
    expect(summary).to_contain_text(f"{total} publications")
    page.get_by_role("checkbox", name="Policy document").check()
    expect(page).to_have_url(re.compile(r"kind=policy_document"))
    expect(summary).to_contain_text(f"2 of {total} publications")
    assert page.evaluate("window.__marker") == 1
    page.go_back()
    expect(page).to_have_url(live_server.url + "/publications/")
    expect(summary).to_contain_text(f"{total} publications")
    expect(page.get_by_role("checkbox", name="Policy document")).not_to_be_checked()


def test_back_shows_the_sort_of_the_address(live_server, page, world):
    page.goto(live_server.url + "/publications/")
    page.locator("#publication-sort").select_option("oldest")
    expect(page).to_have_url(re.compile(r"\?sort=oldest$"))
    page.get_by_role("checkbox", name="Policy document").check()
    expect(page).to_have_url(re.compile(r"kind=policy_document"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?sort=oldest$"))
    expect(page.locator("#publication-sort")).to_have_value("oldest")
    page.go_back()
    expect(page).to_have_url(live_server.url + "/publications/")
    expect(page.locator("#publication-sort")).to_have_value("newest")
    page.get_by_role("checkbox", name="Policy document").check()
    expect(page).to_have_url(re.compile(r"\?kind=policy_document$"))


def test_keyboard_choice_keeps_focus_on_the_checkbox(live_server, page, world):
    page.goto(live_server.url + "/publications/")
    box = page.get_by_role("checkbox", name="Policy document")
    box.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"kind=policy_document"))
    expect(page.locator("#f-kind-policy_document")).to_be_focused()


def test_facets_work_without_javascript(live_server, browser, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/publications/")
    page.get_by_role("checkbox", name="Policy document").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"kind=policy_document"))
    expect(page.locator("#publication-list [role=status]")).to_contain_text("2 of ")
    context.close()


def test_phone_width_has_no_horizontal_scroll(live_server, page, world):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/publications/?language=zh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("query", ["", "?kind=journal_article&sort=title"])
def test_has_no_serious_accessibility_violations(live_server, page, axe, world, query):
    page.goto(live_server.url + "/publications/" + query)
    violations = axe(page)
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations] == []
