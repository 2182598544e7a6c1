import pytest


@pytest.mark.django_db
def test_home_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"<h1" in response.content


@pytest.mark.django_db
def test_admin_login_answers(client):
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_admin_needs_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_home_lists_themes_with_counts(client, sample_dataset):
    response = client.get("/")
    assert b"Digital economy" in response.content
    assert "1 viewpoint on Digital economy" in response.content.decode()
    assert "1 expert on Digital economy" in response.content.decode()
