import pytest
from django.urls import reverse

from apps.people.models import Expert

pytestmark = pytest.mark.django_db


def expert_form(name: str, name_zh: str = "") -> dict:
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
    }


def test_an_expert_name_in_hanzi_is_refused_with_where_the_hanzi_go(researcher_client):
    response = researcher_client.post(reverse("admin:people_expert_add"), expert_form("刘瑞生"))
    assert response.status_code == 200
    assert "Write the name in latin letters" in response.content.decode()
    assert not Expert.objects.exists()


def test_an_expert_in_latin_letters_with_hanzi_beside_is_saved(researcher_client):
    data = expert_form("Liu Ruisheng", "刘瑞生")
    assert researcher_client.post(reverse("admin:people_expert_add"), data).status_code == 302
    assert Expert.objects.get().pinyin == "Liú Ruìshēng"
