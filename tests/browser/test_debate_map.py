"""The debate map in Chromium: a node opens its position, the map is drawn without
JavaScript and under the site's own Content Security Policy, and axe finds nothing serious
on the theme page that holds it or on the home page's overview."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import open_strict_page
from tests.debate.conftest import build_debate
from tests.debate.test_pictures_scale import relate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data():
    debate = build_debate()
    debate.add_positions(24)
    relate(debate.positions, 10)
    return debate


def test_a_node_of_the_map_opens_its_position(live_server, page, data):
    page.goto(live_server.url + "/themes/social-credit/")
    nodes = page.locator(".dm-map a.dm-node")
    assert nodes.count() >= 2
    for i in (0, nodes.count() - 1):
        page.goto(live_server.url + "/themes/social-credit/")
        node = page.locator(".dm-map a.dm-node").nth(i)
        pk = node.get_attribute("data-position")
        node.locator("rect").click()
        page.wait_for_url(re.compile(rf"/viewpoints/{pk}/$"))
        expect(page.locator("h1")).to_have_count(1)


def test_a_node_takes_keyboard_focus_and_names_its_expert(live_server, page, data):
    page.goto(live_server.url + "/themes/social-credit/")
    node = page.locator(".dm-map a.dm-node").first
    node.focus()
    assert page.evaluate("document.activeElement.getAttribute('data-position')") == (
        node.get_attribute("data-position")
    )
    # Named by its <title>: the expert and the whole summary, on hover and to screen readers.
    position = data.positions[0].__class__.objects.get(pk=node.get_attribute("data-position"))
    expect(node).to_have_accessible_name(re.compile(re.escape(position.summary)))


def test_the_map_is_drawn_without_javascript_and_under_the_policy(live_server, browser, data):
    context, page = open_strict_page(browser, java_script_enabled=False)
    page.goto(live_server.url + "/themes/social-credit/")
    chart = page.locator("svg.dm-map").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    boxes = page.locator(".dm-map .dm-box")
    assert all(boxes.nth(i).bounding_box()["height"] > 10 for i in range(boxes.count()))
    edges = page.locator(".dm-map .dm-edge")
    assert edges.count() >= 1
    assert all(edges.nth(i).bounding_box()["width"] > 0 for i in range(edges.count()))
    assert page.csp_violations == []
    context.close()


@pytest.mark.parametrize("path", ["/themes/social-credit/", "/themes/digital-economy/", "/"])
def test_axe_finds_no_serious_violation(live_server, page, axe, data, path):
    page.goto(live_server.url + path)
    assert axe(page) == []
