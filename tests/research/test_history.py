import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from taggit.models import TaggedItem

from apps.debate.models import Position, PositionHolder
from apps.people.models import Affiliation, Expert, ExpertAlias
from apps.research.restore import RestoreError, recently_deleted, restore
from apps.sources.models import Authorship, Publication
from tests.factories import (
    AffiliationFactory,
    AuthorshipFactory,
    ExpertAliasFactory,
    ExpertFactory,
    GlossaryTermFactory,
    PositionFactory,
    PositionHolderFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def admin_delete(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:500]


def restore_url(model, history_id):
    return reverse("research:restore", args=[model._meta.label_lower, history_id])


def deletion_history_id(model, pk):
    return model.history.get(id=pk, history_type="-").history_id


@pytest.fixture
def publication_with_links():
    publication = PublicationFactory(title="Online public opinion", slug="online-opinion")
    first, second = ExpertFactory(name="Liu Ruisheng"), ExpertFactory(name="Sun Ping")
    AuthorshipFactory(publication=publication, expert=first, order=1)
    AuthorshipFactory(publication=publication, expert=second, order=2)
    publication.tags.set(["content filtering", "public opinion"])
    affiliation = AffiliationFactory(expert=first, source=publication)
    return publication, [first, second], affiliation


def test_changes_record_who_and_when_and_can_be_compared(researcher_client, researcher):
    expert = ExpertFactory(name="Liu Ruisheng", description="Researcher.")
    data = {
        "name": "Liu Ruisheng",
        "name_zh": "刘瑞生",
        "pinyin": "",
        "slug": expert.slug,
        "origin": "mainland",
        "description": "Researcher at CASS.",
        "note": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "affiliations-TOTAL_FORMS": "0",
        "affiliations-INITIAL_FORMS": "0",
    }
    response = researcher_client.post(reverse("admin:people_expert_change", args=[expert.pk]), data)
    assert response.status_code == 302
    newer, older = expert.history.all()[:2]
    assert newer.history_user == researcher
    history = researcher_client.get(reverse("admin:people_expert_history", args=[expert.pk]))
    assert "Compare selected versions" in history.content.decode()
    compare = researcher_client.get(
        reverse("admin:people_expert_history_compare", args=[expert.pk]),
        {"old": older.history_id, "new": newer.history_id},
    )
    page = compare.content.decode()
    assert compare.status_code == 200
    assert "Researcher at CASS." in page and "刘瑞生" in page
    assert older.revert_url() in page


def test_compare_with_bad_or_foreign_versions_never_errors(researcher_client):
    expert, other = ExpertFactory(), ExpertFactory()
    url = reverse("admin:people_expert_history_compare", args=[expert.pk])
    assert researcher_client.get(url, {"old": "x", "new": "1"}).status_code == 302
    foreign = other.history.get().history_id
    own = expert.history.get().history_id
    assert researcher_client.get(url, {"old": foreign, "new": own}).status_code == 404


def test_reverting_to_an_older_version_from_the_history(researcher_client):
    expert = ExpertFactory(name="Liu Ruisheng", description="Old text.")
    expert.description = "Mistaken edit."
    expert.save()
    older = expert.history.earliest()
    page = researcher_client.get(older.revert_url())
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            f"{p}-{k}": "0"
            for p in ("aliases", "affiliations")
            for k in ("TOTAL_FORMS", "INITIAL_FORMS")
        }
    )
    assert researcher_client.post(older.revert_url(), data).status_code == 302
    expert.refresh_from_db()
    assert expert.description == "Old text."


def test_deleted_publication_is_restored_with_its_authors_tags_and_links(
    researcher_client, publication_with_links
):
    publication, authors, affiliation = publication_with_links
    pk = publication.pk
    admin_delete(researcher_client, publication)
    assert not Authorship.objects.filter(publication_id=pk).exists()
    assert Affiliation.objects.get(pk=affiliation.pk).source is None

    listing = researcher_client.get(reverse("research:deleted"))
    [deletion] = [d for d in listing.context["deletions"] if d.model is Publication]
    assert deletion.link_count == 4  # two authorships, two tagged items
    assert not [d for d in listing.context["deletions"] if d.model is Authorship]

    response = researcher_client.post(restore_url(Publication, deletion.record.history_id))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_publication_change", args=[pk])
    publication = Publication.objects.get(pk=pk)
    assert publication.slug == "online-opinion"
    assert [(a.order, a.expert) for a in publication.authorships.all()] == [
        (1, authors[0]),
        (2, authors[1]),
    ]
    assert set(publication.tags.names()) == {"content filtering", "public opinion"}
    assert Affiliation.objects.get(pk=affiliation.pk).source == publication
    assert "liu ruisheng" in publication.search_text
    restored = publication.history.first()
    assert restored.history_type == "+"
    assert restored.history_change_reason.startswith("Restored from the deletion")
    assert restored.history_user.username == "rita"
    assert not [
        d
        for d in researcher_client.get(reverse("research:deleted")).context["deletions"]
        if d.model is Publication
    ]


def test_deleted_position_comes_back_with_holders_themes_and_glossary_links(researcher):
    theme = ThemeFactory()
    position = PositionFactory(themes=[theme])
    holder = PositionHolderFactory(position=position)
    term = GlossaryTermFactory()
    term.positions.add(position)
    pk = position.pk
    position.delete()
    report = restore(Position, deletion_history_id(Position, pk), researcher)
    position = Position.objects.get(pk=pk)
    assert list(position.holders.all()) == [PositionHolder.objects.get(pk=holder.pk)]
    assert list(position.themes.all()) == [theme]
    assert list(term.positions.all()) == [position]
    assert "with 3 links" in str(report)


def test_deleted_expert_comes_back_with_aliases_and_affiliations(researcher):
    expert = ExpertFactory(name="Wang Yufeng", name_zh="王砚峰")
    alias = ExpertAliasFactory(expert=expert, name="Wang Yanfeng")
    affiliation = AffiliationFactory(expert=expert)
    pk = expert.pk
    expert.delete()
    restore(Expert, deletion_history_id(Expert, pk), researcher)
    assert ExpertAlias.objects.get(pk=alias.pk).expert_id == pk
    assert Affiliation.objects.get(pk=affiliation.pk).expert_id == pk
    assert "wangyanfeng" in Expert.objects.get(pk=pk).search_text


def test_restore_that_would_clash_writes_nothing(researcher, publication_with_links):
    publication = publication_with_links[0]
    pk, slug = publication.pk, publication.slug
    Authorship.objects.filter(publication=publication).delete()
    publication.delete()
    PublicationFactory(slug=slug)
    with pytest.raises(RestoreError, match="Slug already exists"):
        restore(Publication, deletion_history_id(Publication, pk), researcher)
    assert not Publication.objects.filter(pk=pk).exists()
    assert not TaggedItem.objects.filter(object_id=pk, content_type__model="publication").exists()


def test_restoring_twice_or_without_permission_is_refused(client, researcher_client, researcher):
    publication = PublicationFactory()
    pk = publication.pk
    publication.delete()
    history_id = deletion_history_id(Publication, pk)
    reader = User.objects.create_user("staff-only", is_staff=True)
    with pytest.raises(RestoreError, match="may not add"):
        restore(Publication, history_id, reader)
    assert researcher_client.post(restore_url(Publication, history_id)).status_code == 302
    response = researcher_client.post(restore_url(Publication, history_id), follow=True)
    assert "exists again" in response.content.decode()
    assert Publication.objects.filter(pk=pk).count() == 1


def test_restore_urls_reject_unknown_kinds_and_gets(researcher_client):
    assert (
        researcher_client.post("/admin/research/deleted/nope.nothing/1/restore/").status_code == 404
    )
    assert researcher_client.post("/admin/research/deleted/auth.user/1/restore/").status_code == 404
    assert researcher_client.post(restore_url(Publication, 999999), follow=True).status_code == 200
    assert researcher_client.get(restore_url(Publication, 1)).status_code == 405


def test_recently_deleted_needs_staff_login(client):
    assert client.get(reverse("research:deleted")).status_code == 302


def test_listing_runs_a_constant_number_of_queries(researcher, django_assert_max_num_queries):
    def delete_some(n):
        for _ in range(n):
            publication = PublicationFactory()
            AuthorshipFactory(publication=publication)
            publication.authorships.all().delete()
            publication.delete()

    delete_some(2)
    with django_assert_max_num_queries(60) as small:
        recently_deleted()
    delete_some(10)
    with django_assert_max_num_queries(60) as large:
        recently_deleted()
    assert len(large.captured_queries) == len(small.captured_queries)
