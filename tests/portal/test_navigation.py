import re

import pytest

from tests.portal.world import build_world

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.S)


def nav_of(client, url: str) -> str:
    return NAV.search(client.get(url).content.decode()).group(0)


def test_nav_lists_every_section_and_no_cdn_is_used(client):
    html = client.get("/").content.decode()
    nav = NAV.search(html).group(0)
    for label in (
        "Viewpoints",
        "Themes",
        "Timeline",
        "Network",
        "Experts",
        "Institutions",
        "Publications",
        "Analysis",
        "Glossary",
    ):
        assert f">{label}</a>" in nav
    assert "//cdn" not in html and "https://" not in re.sub(
        r"<a [^>]*>", "", html.split("<body")[0]
    )


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/experts/", '<a href="/experts/" aria-current="page">Experts</a>'),
        ("/experts/wang-yufeng/", '<a href="/experts/" aria-current="true">Experts</a>'),
        ("/institutions/", '<a href="/institutions/" aria-current="page">Institutions</a>'),
        ("/analysis/", '<a href="/analysis/" aria-current="page">Analysis</a>'),
        (
            "/analysis/china-dream-goes-digital/chinas-digital-revolution/",
            '<a href="/analysis/" aria-current="true">Analysis</a>',
        ),
    ],
)
def test_nav_marks_the_current_section(client, url, current):
    build_world()
    nav = nav_of(client, url)
    assert current in nav
    assert nav.count("aria-current") == 1


def test_the_name_of_the_site_is_the_way_home_and_marks_the_home_page(client):
    build_world()
    home = client.get("/").content.decode()
    assert '<a class="brand" href="/" aria-current="page">' in home
    assert "aria-current" not in nav_of(client, "/")
    assert '<a class="brand" href="/">' in client.get("/experts/").content.decode()


def test_search_page_marks_no_section(client):
    assert "aria-current" not in nav_of(client, "/search/?q=x")


def test_unknown_address_gets_a_404_page_with_search_and_one_h1(client):
    response = client.get("/experts/nobody-at-all/")
    html = response.content.decode()
    assert response.status_code == 404
    assert html.count("<h1") == 1 and 'action="/search/"' in html


def test_footer_links_the_dataset_download_of_this_version(client, settings):
    html = client.get("/").content.decode()
    url = f"/downloads/chinadebate-{settings.DATASET_VERSION}.zip"
    assert f'href="{url}"' in html
