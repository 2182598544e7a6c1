import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from apps.people.models import Expert
from apps.sources.models import Publication
from tests.factories import ExpertFactory, PublicationFactory
from tests.research.test_roles import publication_form

pytestmark = pytest.mark.django_db

DOMAIN_MODELS = [
    m
    for m in apps.get_models()
    if m._meta.app_label in {"people", "sources", "analysis", "debate"}
    and not m._meta.model_name.startswith("historical")
    and m._meta.model_name not in ("dataversion", "indexchange")  # a cache key and its log
]


def test_every_domain_model_has_an_admin_with_history():
    for model in DOMAIN_MODELS:
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model
        assert hasattr(model_admin, "history_compare_view"), model


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_admin_list_and_add_pages_render_for_a_researcher(researcher_client, sample_dataset, model):
    opts = model._meta
    assert (
        researcher_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        ).status_code
        == 200
    )
    assert (
        researcher_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
        == 200
    )


def test_publication_change_page_shows_authors_positions_and_footnote_links(
    researcher_client, sample_dataset
):
    publication = Publication.objects.get(slug="wang-2017-digital-economy")
    page = researcher_client.get(
        reverse("admin:sources_publication_change", args=[publication.pk])
    ).content.decode()
    assert "authorships-0-expert" in page
    assert "positions drawn from this source" in page.lower()
    assert "footnotes citing this source" in page.lower()
    view_on_site = reverse(
        "admin:view_on_site",
        args=[ContentType.objects.get_for_model(Publication).pk, publication.pk],
    )
    assert view_on_site in page
    assert researcher_client.get(view_on_site)["Location"].endswith(publication.get_absolute_url())


@pytest.mark.parametrize("term", ["王砚", "wang yanfeng", "Wáng Yànfēng", "wangyufeng", "王硯峰"])
def test_expert_search_finds_english_hanzi_pinyin_and_traditional(
    researcher_client, sample_dataset, term
):
    response = researcher_client.get(reverse("admin:people_expert_changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [Expert.objects.get(slug="wang-yufeng")]


def test_expert_autocomplete_answers_partial_pinyin(researcher_client, sample_dataset):
    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "sources",
            "model_name": "authorship",
            "field_name": "expert",
            "term": "Wang Y",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Wang Yufeng (王砚峰)"]


def test_expert_pinyin_is_filled_from_hanzi_when_left_empty(researcher_client):
    response = researcher_client.post(
        reverse("admin:people_expert_add"), expert_form("Liu Ruisheng", "刘瑞生")
    )
    assert response.status_code == 302
    expert = Expert.objects.get(name_zh="刘瑞生")
    assert (expert.pinyin, expert.pinyin_plain, expert.slug) == (
        "Liú Ruìshēng",
        "liu ruisheng",
        "liu-ruisheng",
    )


@pytest.mark.parametrize(
    ("date", "precision", "message"),
    [
        ("2019-03-01", "unknown", "A date needs its precision"),
        ("", "year", "A date needs its precision"),
    ],
)
def test_a_date_without_its_precision_is_explained_not_named(
    researcher_client, date, precision, message
):
    data = publication_form(title="A 2019 article", date=date, date_precision=precision)
    response = researcher_client.post(reverse("admin:sources_publication_add"), data)
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert message in errors and "publication_date_has_precision" not in errors
    assert not Publication.objects.exists()


class TestDuplicateGuard:
    def test_a_publication_with_a_known_url_is_stopped_with_a_link_to_it(self, researcher_client):
        existing = PublicationFactory(url="https://www.example.cn/a/1/")
        response = researcher_client.post(
            reverse("admin:sources_publication_add"),
            publication_form(title="Something else", url="http://example.cn/a/1"),
        )
        assert response.status_code == 200
        errors = str(response.context["adminform"].form.non_field_errors())
        assert reverse("admin:sources_publication_change", args=[existing.pk]) in errors
        assert "same URL" in errors
        assert Publication.objects.count() == 1

    @pytest.mark.parametrize(
        ("existing", "new"),
        [
            ({"title_original": "中国的数字经济"}, {"title_original": "中國的數字經濟。"}),
            ({"title": "China's Digital Economy"}, {"title": "china’s digital economy"}),
            ({"title": "China's Digital Economy"}, {"title_original": "Chinas digital-economy"}),
        ],
    )
    def test_a_publication_with_the_same_normalised_title_is_stopped(
        self, researcher_client, existing, new
    ):
        PublicationFactory(**existing)
        data = publication_form(title="Untitled draft")
        data.update(new)
        response = researcher_client.post(reverse("admin:sources_publication_add"), data)
        assert response.status_code == 200
        assert "may already be recorded" in str(
            response.context["adminform"].form.non_field_errors()
        )
        assert Publication.objects.count() == 1

    def test_the_override_box_saves_a_true_homonym(self, researcher_client):
        PublicationFactory(title="Interview")
        data = publication_form(title="Interview", not_a_duplicate="on")
        response = researcher_client.post(reverse("admin:sources_publication_add"), data)
        assert response.status_code == 302
        assert Publication.objects.filter(title="Interview").count() == 2

    def test_editing_another_field_of_a_homonym_is_not_stopped(self, researcher_client):
        PublicationFactory(title="Interview")
        homonym = PublicationFactory(title="Interview")
        data = publication_form(title="Interview", note="checked", slug=homonym.slug)
        response = researcher_client.post(
            reverse("admin:sources_publication_change", args=[homonym.pk]), data
        )
        assert response.status_code == 302

    def test_an_expert_with_known_hanzi_is_stopped_with_a_link(self, researcher_client):
        existing = ExpertFactory(name="Wang Yufeng", name_zh="王砚峰")
        response = researcher_client.post(
            reverse("admin:people_expert_add"), expert_form("Wang Yanfeng", "王硯峰")
        )
        assert response.status_code == 200
        errors = str(response.context["adminform"].form.non_field_errors())
        assert reverse("admin:people_expert_change", args=[existing.pk]) in errors
        assert Expert.objects.count() == 1
        data = expert_form("Wang Yanfeng", "王硯峰", not_a_duplicate="on")
        assert researcher_client.post(reverse("admin:people_expert_add"), data).status_code == 302
        assert Expert.objects.count() == 2


def expert_form(name, name_zh, **extra):
    return {
        "name": name,
        "name_zh": name_zh,
        "pinyin": "",
        "slug": "",
        "origin": "mainland",
        "description": "",
        "note": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "affiliations-TOTAL_FORMS": "0",
        "affiliations-INITIAL_FORMS": "0",
        **extra,
    }


def test_expert_autocomplete_offers_names_starting_with_the_term_first(researcher_client):
    for n in range(25):
        ExpertFactory(name=f"Ai Wen {n:02}", description="Co-author of Liu, a researcher.")
    liu = ExpertFactory(name="Liu Ruisheng", name_zh="刘瑞生")
    response = researcher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "sources",
            "model_name": "authorship",
            "field_name": "expert",
            "term": "Liu R",
        },
    )
    assert response.json()["results"][0]["id"] == str(liu.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/login/", "/admin/sources/publication/add/"])
def test_admin_pages_carry_the_site_icon(researcher_client, url):
    page = (Client() if url == "/admin/login/" else researcher_client).get(url)
    assert page.status_code == 200
    assert page.content.decode().count('<link rel="icon" href="data:image/svg+xml') == 1
