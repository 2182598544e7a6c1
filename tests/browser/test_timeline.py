"""/timeline/ in Chromium: a bar segment opens the viewpoints it counts, the chart is drawn
without JavaScript and under the site's own Content Security Policy, and axe finds nothing
serious."""

import re

import pytest
from playwright.sync_api import expect

from tests.debate.conftest import build_debate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data():
    debate = build_debate()
    debate.add_positions(24)  # 2015-2018, on three themes
    return debate


def test_clicking_a_segment_opens_the_viewpoints_it_counts(live_server, page, data):
    page.goto(live_server.url + "/timeline/")
    segments = page.locator(".tl-bars a")
    assert segments.count() >= 8
    for i in (0, segments.count() - 1):
        page.goto(live_server.url + "/timeline/")
        segment = page.locator(".tl-bars a").nth(i)
        count = segment.get_attribute("data-count")
        href = segment.get_attribute("href")
        segment.locator("rect").click()
        page.wait_for_url(re.compile(r"/viewpoints/\?theme=[a-z-]+&from=\d{4}&to=\d{4}$"))
        assert page.url.endswith(href)
        expect(page.locator(".count-figure")).to_have_text(count)
        period = href.split("from=")[1].split("&")[0]
        expect(page.locator(".chips")).to_contain_text(period)


def test_the_chart_is_drawn_without_javascript(live_server, browser, data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/timeline/?by=month")
    chart = page.locator("svg.tl-chart")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 200
    bars = page.locator(".tl-bars rect")
    assert bars.count() >= 8
    assert all(bars.nth(i).bounding_box()["height"] > 0 for i in range(bars.count()))
    # The form works without JavaScript too.
    page.get_by_label("per year").check()
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/timeline/\?by=year"))
    expect(page.locator(".tl-bars rect").first).to_be_visible()
    context.close()


def test_no_content_security_policy_violation(live_server, strict_page, data):
    page = strict_page
    page.goto(live_server.url + "/timeline/")
    expect(page.locator(".tl-bars rect").first).to_be_visible()
    fill = page.locator(".tl-bars rect").first.evaluate("r => getComputedStyle(r).fill")
    assert fill.startswith("url(")  # the pattern, drawn from a presentation attribute
    assert page.csp_violations == []


@pytest.mark.parametrize("query", ["", "?by=month&theme=social-credit"])
def test_axe_finds_no_serious_violation(live_server, page, axe, data, query):
    page.goto(live_server.url + "/timeline/" + query)
    expect(page.locator("svg.tl-chart")).to_be_visible()
    assert axe(page) == []
