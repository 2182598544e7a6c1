"""No lost update: a save based on a version someone else has since replaced is refused, says
who and when, shows their change and keeps the editor's input; saving again overwrites."""

import threading

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.timezone import localtime

from apps.core.models import Versioned
from apps.research.roles import grant
from apps.sources.models import Authorship, Publication
from tests.factories import (
    AuthorshipFactory,
    ExpertFactory,
    PositionFactory,
    PublicationFactory,
    ThemeFactory,
)

# The domain records, and the staged issues researchers review (apps/ingest).
EDITED_APPS = {"people", "sources", "analysis", "debate", "ingest"}


def signed_in(username: str) -> Client:
    user = User.objects.create_user(username, password="a-long-test-password", is_staff=True)
    # Transactional tests that ran before flushed the group its migration made: grant it again.
    user.groups.add(grant(Group, Permission))
    client = Client()
    client.force_login(user)
    return client


def form_data(page) -> dict:
    """What the browser would post back from a change page as rendered."""
    forms = [page.context["adminform"].form]
    data = {}
    for inline in page.context.get("inline_admin_formsets", []):  # none on a revert page
        management = inline.formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms.extend(inline.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value in (None, False, [], ""):
                continue
            data[form.add_prefix(name)] = (
                [str(v) for v in value] if isinstance(value, list) else value
            )
    return data


@pytest.fixture
def alice(db):
    return signed_in("alice")


@pytest.fixture
def bob(db):
    return signed_in("bob")


def change_url(obj) -> str:
    return reverse("admin:sources_publication_change", args=[obj.pk])


def test_the_second_of_two_edits_from_one_version_is_refused_and_keeps_its_input(alice, bob):
    publication = PublicationFactory(title="Old title", note="")
    url = change_url(publication)
    alice_sees, bob_sees = form_data(alice.get(url)), form_data(bob.get(url))

    assert alice.post(url, {**alice_sees, "title": "Alice’s title"}).status_code == 302
    refused = bob.post(url, {**bob_sees, "note": "Bob’s note."})

    assert refused.status_code == 200
    page = refused.content.decode()
    latest = publication.history.first()
    assert latest.history_user.username == "alice"
    assert "alice saved this publication on" in page
    assert date_format(localtime(latest.history_date), "j F Y, H:i:s") in page
    assert escape("title: “Old title” → “Alice’s title”") in page
    form = refused.context["adminform"].form
    assert form["note"].value() == "Bob’s note." and form["title"].value() == "Old title"
    assert "Bob’s note.</textarea>" in page
    publication.refresh_from_db()
    assert (publication.title, publication.note, publication.version) == ("Alice’s title", "", 2)
    assert publication.history.count() == 2

    # The form now carries the newer version: saving it again overwrites, deliberately.
    assert form["seen_version"].value() == 2
    assert bob.post(url, form_data(refused)).status_code == 302
    publication.refresh_from_db()
    assert (publication.title, publication.note, publication.version) == (
        "Old title",
        "Bob’s note.",
        3,
    )
    assert publication.history.first().history_user.username == "bob"


def test_a_stale_inline_row_is_refused_too(alice, bob):
    publication = PublicationFactory(title="Cyber sovereignty")
    authorship = AuthorshipFactory(publication=publication, order=1)
    liu, sun = ExpertFactory(name="Liu Ruisheng"), ExpertFactory(name="Sun Ping")
    url = change_url(publication)
    alice_sees, bob_sees = form_data(alice.get(url)), form_data(bob.get(url))

    assert alice.post(url, {**alice_sees, "authorships-0-expert": liu.pk}).status_code == 302
    refused = bob.post(url, {**bob_sees, "authorships-0-expert": sun.pk})

    assert refused.status_code == 200
    [authors] = [
        i.formset
        for i in refused.context["inline_admin_formsets"]
        if i.formset.prefix == "authorships"
    ]
    [row_error] = authors.forms[0].non_field_errors()
    assert row_error.startswith("alice saved this authorship on")
    assert f"expert: “{authorship.expert}” → “{liu}”" in row_error
    assert authors.forms[0]["expert"].value() == str(sun.pk)
    assert authors.forms[0]["seen_version"].value() == 2
    assert Authorship.objects.get(pk=authorship.pk).expert == liu


def test_a_row_nobody_else_changed_is_saved_from_a_refreshed_page(alice, bob):
    """Only the rows someone else changed are refused; a page opened after a save saves."""
    publication = PublicationFactory(title="Cyber sovereignty")
    AuthorshipFactory(publication=publication, order=1)
    url = change_url(publication)
    assert alice.post(url, {**form_data(alice.get(url)), "title": "Cyber power"}).status_code == 302
    assert bob.post(url, {**form_data(bob.get(url)), "note": "Checked."}).status_code == 302
    publication.refresh_from_db()
    assert (publication.title, publication.note, publication.version) == (
        "Cyber power",
        "Checked.",
        3,
    )


def test_edits_of_different_parts_of_one_page_from_one_version_are_both_kept(alice, bob):
    """Only an edit of what someone else changed is refused: Alice corrects an author row,
    Bob the publication's note, both from the page as it first was."""
    publication = PublicationFactory(title="Cyber sovereignty", note="")
    authorship = AuthorshipFactory(publication=publication, order=1)
    liu = ExpertFactory(name="Liu Ruisheng")
    url = change_url(publication)
    alice_sees, bob_sees = form_data(alice.get(url)), form_data(bob.get(url))

    assert alice.post(url, {**alice_sees, "authorships-0-expert": liu.pk}).status_code == 302
    assert bob.post(url, {**bob_sees, "note": "Checked."}).status_code == 302
    publication.refresh_from_db()
    assert (publication.title, publication.note) == ("Cyber sovereignty", "Checked.")
    assert Authorship.objects.get(pk=authorship.pk).expert == liu


def test_a_save_from_an_older_version_claims_nothing(db):
    """The conditional UPDATE of the save path: refused from an older version, and the row
    keeps its version."""
    publication = PublicationFactory()
    publication.save()
    assert not publication.claim_version(1)
    assert Publication.objects.get(pk=publication.pk).version == 2
    assert publication.claim_version(2)
    publication.save()
    assert Publication.objects.get(pk=publication.pk).version == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_transactions_racing_for_one_version_exactly_one_wins():
    publication = PublicationFactory()
    start = threading.Barrier(2)
    won: list[bool] = []

    def save_from_version_one(title: str) -> None:
        try:
            copy = Publication.objects.get(pk=publication.pk)
            start.wait()
            with transaction.atomic():
                claimed = copy.claim_version(1)
                won.append(claimed)
                if claimed:
                    copy.title = title
                    copy.save()
                    threading.Event().wait(0.3)  # hold the row while the other one tries
        finally:
            connection.close()

    threads = [threading.Thread(target=save_from_version_one, args=(t,)) for t in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False, True]
    publication.refresh_from_db()
    assert publication.version == 2 and publication.title in {"A", "B"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admin_saves_racing_from_one_version_one_is_refused(monkeypatch):
    """Both forms pass their check before either claims: the loser's claim waits for the
    winner's transaction, finds nothing, and its page is shown again with the refusal."""
    clients = {name: signed_in(name) for name in ("alice", "bob")}
    publication = PublicationFactory(title="Old title")
    url = change_url(publication)
    seen = {name: form_data(client.get(url)) for name, client in clients.items()}
    together = threading.Barrier(2, timeout=10)
    claim_version = Publication.claim_version

    def claim_together(self, version):
        together.wait()
        return claim_version(self, version)

    monkeypatch.setattr(Publication, "claim_version", claim_together)
    responses = {}

    def save(name: str) -> None:
        try:
            responses[name] = clients[name].post(url, {**seen[name], "title": f"{name}’s title"})
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [(winner, _)] = [(n, r) for n, r in responses.items() if r.status_code == 302]
    [(loser, refused)] = [(n, r) for n, r in responses.items() if r.status_code == 200]
    assert f"{winner} saved this publication on" in refused.content.decode()
    publication.refresh_from_db()
    assert (publication.title, publication.version) == (f"{winner}’s title", 2)


def test_reverting_saves_over_the_current_version_not_the_old_one(alice, bob):
    """The revert page carries the record's current version (not the old one's), so it
    reverts, and is refused like any page when someone saved after it was opened."""
    publication = PublicationFactory(title="First title")
    publication.title = "Second title"
    publication.save()
    revert_url = publication.history.earliest().revert_url()
    alice_sees, bob_sees = form_data(alice.get(revert_url)), form_data(bob.get(revert_url))
    assert alice_sees["seen_version"] == 2 and alice_sees["title"] == "First title"

    assert alice.post(revert_url, alice_sees).status_code == 302
    refused = bob.post(revert_url, {**bob_sees, "note": "Bob’s note."})
    assert refused.status_code == 200
    assert "alice saved this publication on" in refused.content.decode()
    publication.refresh_from_db()
    assert (publication.title, publication.note, publication.version) == ("First title", "", 3)


def test_every_admin_and_inline_of_a_researchers_record_carries_the_version(rf, admin_user):
    """Each domain record edited in the admin, on its own page or inline, is versioned."""
    request = rf.get("/admin/")
    request.user = admin_user
    checked = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in EDITED_APPS:
            continue
        forms = [(model, model_admin.get_form(request))]
        for inline in model_admin.get_inline_instances(request):
            forms.append((inline.model, inline.get_formset(request).form))
        for edited, form in forms:
            assert issubclass(edited, Versioned), edited
            assert "seen_version" in form.base_fields, (model, edited)
            checked.append(edited._meta.label)
    assert {"sources.Authorship", "analysis.Citation", "debate.Position"} <= set(checked)
    assert {"ingest.DraftAnalysis", "ingest.DraftChapter", "ingest.DraftCitation"} <= set(checked)


def test_a_stale_position_drawn_from_a_publication_is_refused_on_its_page(alice, bob):
    """A stacked inline (the positions drawn from a publication) refuses like a tabular one."""
    position = PositionFactory(summary="Old summary.")
    position.themes.add(ThemeFactory())
    url = change_url(position.source)
    alice_sees, bob_sees = form_data(alice.get(url)), form_data(bob.get(url))

    edited = {**alice_sees, "positions-0-summary": "Alice’s summary."}
    assert alice.post(url, edited).status_code == 302
    refused = bob.post(url, {**bob_sees, "positions-0-summary": "Bob’s summary."})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "alice saved this position on" in page
    assert escape("summary: “Old summary.” → “Alice’s summary.”") in page
    assert "Bob’s summary.</textarea>" in page
    position.refresh_from_db()
    assert (position.summary, position.version) == ("Alice’s summary.", 2)
