import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_renders_in_chromium_with_htmx_loaded(live_server, page, sample_dataset):
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name="Digital economy").is_visible()
    assert page.evaluate("typeof htmx") == "object"
