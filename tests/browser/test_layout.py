"""Layout on a phone, in print and around footnote previews, on the shipped kinds of text."""

import pytest
from playwright.sync_api import expect

from tests.factories import PublicationFactory
from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_URL = "https://www.creditchina.gov.cn/xiaoyuanchengxin/chengxiniiaoyuxunhui/" + "x" * 120


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_publication_with_long_urls_in_its_facts_fits_a_phone(live_server, page):
    publication = PublicationFactory(
        url=LONG_URL, note=f"Printed across a line break as {LONG_URL}; the query string is lost."
    )
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + publication.get_absolute_url())
    assert scroll_width(page) <= 390


def test_footnote_previews_stay_inside_the_window(live_server, page):
    world = build_world(scale=2)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + world.chapter.get_absolute_url())
    markers = page.locator(".fnref > a")
    assert markers.count() >= 4
    for i in range(markers.count()):
        marker = markers.nth(i)
        # Put the marker at the very top of the window, as Tab or a jump link can leave it.
        marker.evaluate("m => { m.scrollIntoView(); window.scrollBy(0, -4); }")
        marker.focus()
        tip = marker.locator("xpath=following-sibling::*[contains(@class, 'fn-tip')]")
        box = tip.bounding_box()
        assert box["y"] >= 0, (i, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, (i, box)


def test_a_printed_viewpoint_selection_says_what_was_selected(live_server, page):
    build_world(scale=1)
    page.goto(live_server.url + "/viewpoints/?theme=social-credit")
    page.emulate_media(media="print")
    chips = page.get_by_role("list", name="Your selection")
    expect(chips).to_be_visible()
    expect(chips).to_contain_text("Social credit")
    expect(chips.locator(".chip__x")).to_be_hidden()
    expect(page.locator(".export-links")).to_be_hidden()
    expect(page.locator(".vp-facets")).to_be_hidden()


@pytest.mark.parametrize("url", ["/", "/publications/"])
def test_on_a_laptop_the_header_is_one_row_with_room_to_type(live_server, page, url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + url)
    nav = page.locator(".site-nav").bounding_box()
    search = page.locator(".site-search").bounding_box()
    assert abs(nav["y"] + nav["height"] / 2 - (search["y"] + search["height"] / 2)) < 8
    assert page.locator("#site-q").bounding_box()["width"] >= 192
