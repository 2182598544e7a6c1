import re

import pytest
from playwright.sync_api import expect

from tests.debate.conftest import build_debate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_renders_in_chromium_with_htmx_loaded(live_server, page, sample_dataset):
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    themes = page.get_by_role("region", name="Themes")
    assert themes.get_by_role("link", name="Digital economy", exact=True).is_visible()
    assert page.evaluate("typeof htmx") == "object"


def test_a_cell_of_the_stance_overview_opens_the_viewpoints_it_counts(live_server, page):
    debate = build_debate()
    debate.add_positions(24)
    page.goto(live_server.url + "/")
    overview = page.locator(".stance-overview")
    cells = overview.locator("td.qt-num a")
    assert cells.count() >= 6
    for i in (0, cells.count() - 1):
        page.goto(live_server.url + "/")
        cell = page.locator(".stance-overview td.qt-num a").nth(i)
        count, href = cell.inner_text(), cell.get_attribute("href")
        cell.click()
        page.wait_for_url(re.compile(r"/viewpoints/\?question=[a-z0-9.-]+&stance=[a-z]+$"))
        assert page.url.endswith(href)
        expect(page.locator(".count-figure")).to_have_text(count)
