import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.analysis.models import Chapter
from apps.research.roles import RESEARCHERS
from apps.sources.models import Publication
from tests.factories import ChapterFactory, ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get("/admin/sources/publication/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_logged_in_reader_without_staff_status_cannot_reach_the_admin(client):
    client.force_login(User.objects.create_user("reader", password="x-long-password-1"))
    response = client.get("/admin/sources/publication/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_researchers_group_can_add_change_and_delete_restorable_records(researcher):
    for perm in [
        "sources.add_publication",
        "sources.change_publication",
        "sources.delete_publication",
        "people.add_expert",
        "people.delete_expert",
        "debate.delete_position",
        "analysis.change_chapter",
        "analysis.delete_citation",
        "taggit.add_tag",
    ]:
        assert researcher.has_perm(perm), perm
    for perm in ["analysis.delete_chapter", "analysis.delete_footnote", "analysis.delete_analysis"]:
        assert not researcher.has_perm(perm), perm
    assert not researcher.has_perm("auth.add_user")


def test_researcher_adds_a_publication_with_two_ordered_authors(researcher_client):
    first, second = ExpertFactory(name="Liu Ruisheng"), ExpertFactory(name="Sun Ping")
    response = researcher_client.post(
        reverse("admin:sources_publication_add"),
        publication_form(
            title="Cyberspace governance in the new era",
            title_original="新时代的网络空间治理",
            authors=[first.pk, second.pk],
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    publication = Publication.objects.get(title_original="新时代的网络空间治理")
    assert publication.slug == "cyberspace-governance-in-the-new-era"
    assert [(a.order, a.expert) for a in publication.authorships.all()] == [
        (1, first),
        (2, second),
    ]
    assert "liu ruisheng" in publication.search_text
    assert publication.history.first().history_user.username == "rita"


def test_researcher_cannot_delete_a_chapter(researcher_client):
    chapter = ChapterFactory()
    url = reverse("admin:analysis_chapter_delete", args=[chapter.pk])
    assert researcher_client.get(url).status_code == 403
    assert researcher_client.post(url, {"post": "yes"}).status_code == 403
    assert Chapter.objects.filter(pk=chapter.pk).exists()


def test_researcher_can_delete_a_publication(researcher_client):
    publication = PublicationFactory()
    url = reverse("admin:sources_publication_delete", args=[publication.pk])
    assert researcher_client.post(url, {"post": "yes"}).status_code == 302
    assert not Publication.objects.filter(pk=publication.pk).exists()


def test_create_researcher_makes_a_staff_member_of_the_group(monkeypatch):
    monkeypatch.setenv("RESEARCHER_PASSWORD", "correct-horse-battery-staple")
    call_command("create_researcher", "ruisheng", "--email", "r@example.org")
    user = User.objects.get(username="ruisheng")
    assert user.is_staff and not user.is_superuser
    assert user.email == "r@example.org"
    assert user.check_password("correct-horse-battery-staple")
    assert user.groups.filter(name=RESEARCHERS).exists()


def test_create_researcher_refuses_a_weak_password_or_a_taken_name():
    with pytest.raises(CommandError, match="too short"):
        call_command("create_researcher", "weak", "--password", "abc")
    assert not User.objects.filter(username="weak").exists()
    User.objects.create_user("taken")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_researcher", "taken", "--password", "correct-horse-battery-staple")


def test_group_permissions_survive_a_resync(researcher):
    from django.contrib.auth.models import Permission

    from apps.research.roles import grant

    before = set(Group.objects.get(name=RESEARCHERS).permissions.values_list("pk", flat=True))
    grant(Group, Permission)
    after = set(Group.objects.get(name=RESEARCHERS).permissions.values_list("pk", flat=True))
    assert before == after


def publication_form(*, title, title_original="", url="", authors=(), **extra):
    """The POST data of the publication add form, with empty inlines."""
    data = {
        "kind": "journal_article",
        "title": title,
        "title_original": title_original,
        "title_transliterated": "",
        "language": "zh",
        "venue": "",
        "issuing_institution": "",
        "publisher": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "date": "2019-03-01",
        "date_precision": "month",
        "url": url,
        "archive_url": "",
        "slug": "",
        "tags": "",
        "note": "",
        "authorships-TOTAL_FORMS": str(len(authors)),
        "authorships-INITIAL_FORMS": "0",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
    }
    for i, expert_pk in enumerate(authors):
        data[f"authorships-{i}-expert"] = str(expert_pk)
        data[f"authorships-{i}-order"] = ""
    data.update(extra)
    return data


def test_create_researcher_without_a_password_outside_a_terminal_says_how(monkeypatch):
    monkeypatch.delenv("RESEARCHER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--password or set \\$RESEARCHER_PASSWORD"):
        call_command("create_researcher", "nopass")
    assert not User.objects.filter(username="nopass").exists()
