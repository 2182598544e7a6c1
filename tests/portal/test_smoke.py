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
    html = response.content.decode()
    assert (
        '<a href="/viewpoints/?theme=digital-economy">1<span class="visually-hidden"> viewpoint</span>'
        in html
    )
    assert (
        '<a href="/experts/?theme=digital-economy">1<span class="visually-hidden"> expert</span>'
        in html
    )


def test_every_reader_page_answers_on_the_sample_data(client, sample_dataset):
    for url in [
        "/",
        "/experts/",
        "/experts/wang-yufeng/",
        "/institutions/",
        "/institutions/cass/",
        "/institutions/cass-institute-of-economics/",
        "/publications/wang-2017-digital-economy/",
        "/analysis/",
        "/search/",
        "/search/?q=wangyufeng",
        "/search/?q=%E7%8E%8B%E7%A0%9A%E5%B3%B0&type=experts",
        "/experts/?theme=digital-economy&kind=academy",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


@pytest.mark.django_db
def test_unknown_publication_and_analysis_slugs_are_404(client):
    assert client.get("/publications/nothing/").status_code == 404
    assert client.get("/analysis/nothing/").status_code == 404
