"""The reader's journeys in Chromium: footnotes to sources and back, previews, search."""

import re

import pytest
from playwright.sync_api import expect

from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    return build_world(scale=2)


def test_footnote_to_source_and_back(live_server, page, world):
    chapter_url = live_server.url + world.chapter.get_absolute_url()
    page.goto(chapter_url)
    page.locator("#fnref-1 a").click()
    expect(page).to_have_url(re.compile(r"#fn-1$"))
    note = page.locator("#fn-1")
    expect(note).to_be_in_viewport()

    note.get_by_role("link", name=world.publication.title).click()
    expect(page).to_have_url(live_server.url + world.publication.get_absolute_url())
    expect(page.locator("h1")).to_have_text(world.publication.title)

    cited_in = page.locator("section[aria-labelledby=cited-in]")
    cited_in.locator(f'a[href="{world.chapter.get_absolute_url()}#fn-1"]').click()
    expect(page).to_have_url(chapter_url + "#fn-1")
    expect(page.locator("#fn-1")).to_be_in_viewport()

    page.locator("#fn-1").get_by_role("link", name="Back to text").first.click()
    expect(page).to_have_url(chapter_url + "#fnref-1")
    expect(page.locator("#fnref-1")).to_be_in_viewport()


def test_footnote_preview_shows_on_focus_and_escape_dismisses_it(live_server, page, world):
    page.goto(live_server.url + world.chapter.get_absolute_url())
    tip = page.locator("#fntip-1")
    expect(tip).to_be_hidden()
    page.locator("#fnref-1 a").focus()
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    expect(page.locator("#fnref-1 a")).to_have_attribute("aria-describedby", "fntip-1")
    expect(tip).to_contain_text(world.chapter.footnotes.get(number=1).text)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.locator("#fnref-1 a").blur()
    page.locator("#fnref-1 a").hover()
    expect(tip).to_be_visible()


@pytest.mark.parametrize("query", ["王砚峰", "wangyufeng"])
def test_search_from_the_header_reaches_the_expert(live_server, page, world, query):
    page.goto(live_server.url + "/")
    box = page.locator("header").get_by_role("searchbox")
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    page.get_by_role("link", name="Wang Yufeng", exact=True).first.click()
    expect(page).to_have_url(live_server.url + world.expert.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("王砚峰")


def test_expert_filters_update_the_list_in_place_and_the_url(live_server, page, world):
    page.goto(live_server.url + "/experts/")
    page.evaluate("window.__marker = 1")  # survives only if the page is not reloaded
    page.get_by_role("checkbox", name="Foreign", exact=True).check()
    expect(page).to_have_url(re.compile(r"origin=foreign"))
    expect(page.locator("#expert-results")).not_to_contain_text("Chinese experts")
    assert page.evaluate("window.__marker") == 1
    expect(page.locator("#facet-origin-foreign")).to_have_attribute("href", "?origin=foreign")


def test_copy_citation_button_appears_with_javascript(live_server, page, world):
    page.goto(live_server.url + world.publication.get_absolute_url())
    expect(page.get_by_role("button", name="Copy citation")).to_be_visible()


def test_phone_width_has_no_horizontal_scroll(live_server, page, world):
    page.set_viewport_size({"width": 375, "height": 800})
    for url in [
        "/",
        "/experts/",
        "/institutions/",
        world.expert.get_absolute_url(),
        world.publication.get_absolute_url(),
        world.chapter.get_absolute_url(),
        world.analysis.get_absolute_url(),
        "/search/?q=wang",
    ]:
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (url, width)


def test_print_hides_navigation_and_keeps_footnotes(live_server, page, world):
    page.goto(live_server.url + world.chapter.get_absolute_url())
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("#fn-1")).to_be_visible()
    expect(page.locator("#fntip-1")).to_be_hidden()
