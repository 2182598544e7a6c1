"""/viewpoints/ in Chromium: htmx updates without reloads, shareable URLs, back button, axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.debate.conftest import build_debate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data():
    debate = build_debate()
    debate.add_positions(24)
    return debate


def expected(data, **selection) -> int:
    return sum(
        all(value in record[key] for key, value in selection.items()) for record in data.records
    )


def shown_permalinks(page) -> list[str]:
    return page.locator(".vp-list a[aria-label^='Permalink']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_facets_update_results_and_url_without_reload_and_back_restores(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/")
    expect(page.locator(".count-figure")).to_have_text(str(len(data.records)))
    page.evaluate("window.__noReload = 1")

    expect(page).to_have_title("Viewpoints · chinadebate")
    page.locator("#f-theme-social-credit").check()
    page.wait_for_url(re.compile(r"/viewpoints/\?theme=social-credit$"))
    expect(page).to_have_title("Viewpoints (filtered) · chinadebate")
    one_facet = expected(data, theme="social-credit")
    expect(page.locator(".count-figure")).to_have_text(str(one_facet))

    page.locator("#f-expert-wang-yufeng").check()
    page.wait_for_url(re.compile(r"/viewpoints/\?theme=social-credit&expert=wang-yufeng$"))
    two_facets = expected(data, theme="social-credit", expert="wang-yufeng")
    assert 0 < two_facets < one_facet
    expect(page.locator(".count-figure")).to_have_text(str(two_facets))
    expect(page.locator(".chips .chip")).to_have_count(3)  # two values and "Clear all"
    assert page.evaluate("window.__noReload") == 1  # no full page load happened
    shared_url, results = page.url, shown_permalinks(page)

    page.go_back()
    page.wait_for_url(re.compile(r"/viewpoints/\?theme=social-credit$"))
    expect(page.locator(".count-figure")).to_have_text(str(one_facet))
    expect(page.locator("#f-expert-wang-yufeng")).not_to_be_checked()
    expect(page.locator("#f-theme-social-credit")).to_be_checked()

    fresh = page.context.new_page()
    fresh.goto(shared_url)
    expect(fresh.locator(".count-figure")).to_have_text(str(two_facets))
    assert shown_permalinks(fresh) == results
    expect(fresh.locator("#f-expert-wang-yufeng")).to_be_checked()


def test_search_box_keeps_focus_while_results_update(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/")
    page.locator("#vp-q").press_sequentially("credit")
    page.wait_for_url(re.compile(r"q=credit"))
    # The updated results are those of the page loaded whole (search itself: test_search.py).
    whole = page.context.new_page()
    whole.goto(live_server.url + "/viewpoints/?q=credit")
    searched = whole.locator(".count-figure").inner_text()
    assert int(searched) < len(data.positions)
    expect(page.locator(".count-figure")).to_have_text(searched)
    assert page.evaluate("document.activeElement.id") == "vp-q"


def test_removing_a_chip_updates_in_place(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/?theme=social-credit&stance=supports")
    page.evaluate("window.__noReload = 1")
    page.get_by_role("link", name=re.compile("Remove stance", re.I)).click()
    page.wait_for_url(re.compile(r"/viewpoints/\?theme=social-credit$"))
    expect(page.locator(".count-figure")).to_have_text(str(expected(data, theme="social-credit")))
    assert page.evaluate("window.__noReload") == 1


def test_removing_the_search_chip_empties_the_search_box(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/?q=credit&theme=social-credit")
    page.get_by_role("link", name=re.compile("Remove search", re.I)).click()
    page.wait_for_url(re.compile(r"/viewpoints/\?theme=social-credit$"))
    expect(page.locator("#vp-q")).to_have_value("")
    # The next change sends the selection the page shows, without the removed search.
    page.locator("#f-expert-wang-yufeng").check()
    page.wait_for_url(re.compile(r"/viewpoints/\?theme=social-credit&expert=wang-yufeng$"))
    expect(page.locator(".count-figure")).to_have_text(
        str(expected(data, theme="social-credit", expert="wang-yufeng"))
    )


def test_back_shows_the_search_and_sort_of_the_address(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/")
    page.locator("#vp-q").press_sequentially("credit")
    page.wait_for_url(re.compile(r"\?q=credit$"))
    page.locator("#vp-sort").select_option("oldest")
    page.wait_for_url(re.compile(r"\?q=credit&sort=oldest$"))
    page.locator("#f-theme-social-credit").check()
    page.wait_for_url(re.compile(r"\?q=credit&theme=social-credit&sort=oldest$"))

    page.go_back()
    page.wait_for_url(re.compile(r"\?q=credit&sort=oldest$"))
    expect(page.locator("#vp-sort")).to_have_value("oldest")
    expect(page.locator("#f-theme-social-credit")).not_to_be_checked()
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=credit$"))
    expect(page.locator("#vp-q")).to_have_value("credit")
    expect(page.locator("#vp-sort")).to_have_value("newest")
    # The next change keeps the search the page shows.
    page.locator("#f-theme-social-credit").check()
    page.wait_for_url(re.compile(r"\?q=credit&theme=social-credit$"))


def test_a_change_that_keeps_the_address_adds_no_step_to_back(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/")
    page.locator("#vp-q").press_sequentially("credit")
    page.wait_for_url(re.compile(r"\?q=credit$"))
    with page.expect_response(re.compile(r"/viewpoints/\?q=credit")):
        page.locator("#vp-q").press("Enter")  # the same search again: the same address

    page.go_back()
    page.wait_for_url(re.compile(r"/viewpoints/$"))
    expect(page.locator("#vp-q")).to_have_value("")


def test_a_page_link_takes_focus_and_the_window_to_the_new_results(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/")
    page.get_by_role("link", name="Next ›").scroll_into_view_if_needed()
    page.get_by_role("link", name="Next ›").click()
    page.wait_for_url(re.compile(r"\?page=2$"))
    expect(page.locator("#vp-count")).to_be_focused()
    expect(page.locator("#vp-count")).to_be_in_viewport()


def test_facet_groups_stay_open_or_closed_as_the_reader_left_them(live_server, page, data):
    page.goto(live_server.url + "/viewpoints/")
    page.locator("#facet-tag summary").click()  # folded by default; the reader opens it
    page.locator("#facet-expert summary").click()  # unfolded by default; the reader folds it
    page.locator("#f-theme-social-credit").check()
    page.wait_for_url(re.compile(r"theme=social-credit"))
    expect(page.locator(".count-figure")).to_have_text(str(expected(data, theme="social-credit")))
    assert page.evaluate("document.querySelector('#facet-tag').open") is True
    assert page.evaluate("document.querySelector('#facet-expert').open") is False


@pytest.mark.parametrize(
    "path",
    [
        "/viewpoints/?theme=social-credit&kind=academy",
        "/themes/social-credit/",
        "/themes/",
        "/compare/?experts=wang-yufeng,liu-ruisheng",
        "/glossary/",
    ],
)
def test_no_serious_accessibility_violations(live_server, page, axe, data, path):
    page.goto(live_server.url + path)
    violations = axe(page)
    assert violations == [], [(v["id"], v["nodes"][0]["target"]) for v in violations]
