"""Two researchers edit the same publication in two Chromium sessions: the second save is
refused with who and when, keeps its input, and saving again overwrites."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from apps.research.roles import grant
from apps.sources.models import Publication
from tests.factories import PublicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def sign_in(browser, live_server, username: str, url: str):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}{url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{url}")
    return context, page


def test_two_researchers_save_the_same_publication(live_server, browser):
    researchers = grant(Group, Permission)
    for name in ("alice", "bob"):
        User.objects.create_user(name, password=PASSWORD, is_staff=True).groups.add(researchers)
    publication = PublicationFactory(title="Old title", note="")
    url = f"/admin/sources/publication/{publication.pk}/change/"
    alice_context, alice = sign_in(browser, live_server, "alice", url)
    bob_context, bob = sign_in(browser, live_server, "bob", url)
    try:
        alice.fill("#id_title", "Alice’s title")
        alice.locator("input[name=_save]").click()
        alice.wait_for_url("**/admin/sources/publication/")

        bob.fill("#id_note", "Bob’s note.")
        bob.locator("input[name=_save]").click()
        refusal = bob.locator(".errorlist.nonfield").inner_text()
        assert "alice saved this publication on" in refusal
        assert "title: “Old title” → “Alice’s title”" in refusal
        assert bob.input_value("#id_note") == "Bob’s note."
        assert bob.input_value("#id_title") == "Old title"
        publication.refresh_from_db()
        assert (publication.title, publication.note) == ("Alice’s title", "")

        bob.locator("input[name=_save]").click()
        bob.wait_for_url("**/admin/sources/publication/")
        publication.refresh_from_db()
        assert (publication.title, publication.note) == ("Old title", "Bob’s note.")
        assert publication.history.first().history_user.username == "bob"
        assert Publication.objects.get(pk=publication.pk).version == 3
    finally:
        alice_context.close()
        bob_context.close()
