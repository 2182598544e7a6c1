"""/network/ in Chromium: a node opens its page, a node's name shows on keyboard focus, the
picture is drawn and the filters work without JavaScript, nothing breaks the site's own
Content Security Policy, and axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import open_strict_page
from tests.debate.conftest import build_debate
from tests.portal.test_network import grow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {"expert": "/experts/", "institution": "/institutions/", "theme": "/themes/"}


@pytest.fixture
def data():
    debate = build_debate()
    grow(debate, 24)
    return debate


@pytest.mark.parametrize("kind", ["expert", "institution", "theme"])
def test_clicking_a_node_opens_its_page(live_server, page, data, kind):
    page.goto(live_server.url + "/network/")
    node = page.locator(f".nw-nodes a.nw-{kind}").first
    slug = node.get_attribute("data-node").split(":")[1]
    name = node.get_attribute("aria-label").split(" (")[0]
    node.locator("path").click()
    page.wait_for_url(re.compile(rf"{PAGES[kind]}{slug}/$"))
    expect(page.locator("h1")).to_contain_text(name)


def test_a_node_takes_keyboard_focus_and_shows_its_name(live_server, page, data):
    page.goto(live_server.url + "/network/?size=120")
    hidden = page.locator(".nw-nodes a:has(text[visibility=hidden])")
    if hidden.count() == 0:  # every node is named on the picture: focus the last one
        hidden = page.locator(".nw-nodes a")
    node = hidden.last
    node.focus()
    assert page.evaluate("document.activeElement.getAttribute('data-node')") == (
        node.get_attribute("data-node")
    )
    expect(node.locator("text")).to_be_visible()
    expect(node).to_have_accessible_name(re.compile(r"\((expert|institution|theme)\): \d+"))


def test_the_picture_is_drawn_without_javascript_and_under_the_policy(live_server, browser, data):
    context, page = open_strict_page(browser, java_script_enabled=False)
    page.goto(live_server.url + "/network/")
    chart = page.locator("svg.nw-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    shapes = page.locator(".nw-nodes .nw-shape")
    assert shapes.count() == 10  # 4 experts, 3 institutions, 3 themes
    assert all(shapes.nth(i).bounding_box()["width"] > 4 for i in range(shapes.count()))
    ties = page.locator(".nw-ties line")
    assert ties.count() >= 10
    fill = shapes.first.evaluate("s => getComputedStyle(s).fill")
    assert fill.startswith("rgb(")  # from a presentation attribute, not an inline style
    # The filters work without JavaScript too.
    page.get_by_label("Theme", exact=True).select_option("digital-economy")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/network/\?theme=digital-economy"))
    expect(page.locator("svg.nw-chart")).to_be_visible()
    expect(page.locator(".nw-nodes a.nw-theme").first).to_be_visible()
    assert page.csp_violations == []
    context.close()


@pytest.mark.parametrize("query", ["", "?theme=social-credit&analysis=dream&size=120"])
def test_axe_finds_no_serious_violation(live_server, page, axe, data, query):
    page.goto(live_server.url + "/network/" + query)
    expect(page.locator("svg.nw-chart")).to_be_visible()
    assert axe(page) == []


def test_no_content_security_policy_violation_with_javascript(live_server, strict_page, data):
    strict_page.goto(live_server.url + "/network/")
    expect(strict_page.locator(".nw-nodes .nw-shape").first).to_be_visible()
    strict_page.locator(".nw-nodes a").first.hover()
    assert strict_page.csp_violations == []
