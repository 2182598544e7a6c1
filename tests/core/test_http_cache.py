"""What browsers and shared caches are told about public pages (apps/core/http_cache.py):
ETag, Last-Modified, Cache-Control, 304s without rendering, and private pages for researchers."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from apps.people.models import Expert
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db

PAGES = ["/viewpoints/?stance=supports", "/themes/social-credit/", "/experts/wang-yufeng/", "/"]
HTMX = {"HX-Request": "true"}


def cache_control(response) -> dict[str, str]:
    parts = [p.strip() for p in response["Cache-Control"].split(",")]
    return dict((p.split("=", 1) + [""])[:2] for p in parts)


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_page_may_be_kept_by_any_cache_with_a_strong_etag(client, url):
    build_world()
    response = client.get(url)
    assert response.status_code == 200
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])  # strong: no W/ prefix
    assert response["Last-Modified"].endswith(" GMT")
    assert cache_control(response) == {
        "public": "",
        "max-age": "60",
        "s-maxage": "50",
        "stale-while-revalidate": "600",
    }
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"HX-Request", "HX-History-Restore-Request"} <= vary
    assert "Cookie" not in vary


@pytest.mark.parametrize("url", PAGES)
def test_a_current_copy_is_answered_304_after_one_query_without_rendering(client, url):
    build_world()
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert len(queries) == 1  # the data version; no template, no cache read
    assert response["ETag"] == etag
    assert cache_control(response)["max-age"] == "60"
    assert "HX-Request" in response["Vary"]


def test_if_modified_since_is_answered_304_until_the_data_changes(client):
    build_world()
    first = client.get("/viewpoints/")
    since = {"If-Modified-Since": first["Last-Modified"]}
    assert client.get("/viewpoints/", headers=since).status_code == 304
    Expert.objects.filter(slug="wang-yufeng").get().save()  # a write: a new data version
    later = http_date(0)  # before any change: the page is newer
    assert client.get("/viewpoints/", headers={"If-Modified-Since": later}).status_code == 200


def test_a_write_changes_the_etag_and_the_old_copy_gets_the_new_page(client):
    build_world()
    etag = client.get("/experts/wang-yufeng/")["ETag"]
    expert = Expert.objects.get(slug="wang-yufeng")
    expert.name = "Wang Yanfeng"
    expert.save()
    response = client.get("/experts/wang-yufeng/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Wang Yanfeng" in response.content


def test_the_page_and_its_fragment_have_their_own_etags(client):
    build_world()
    page = client.get("/viewpoints/?stance=supports")
    fragment = client.get("/viewpoints/?stance=supports", headers=HTMX)
    assert page["ETag"] != fragment["ETag"]
    # The fragment's ETag does not make the full page look current, nor the reverse.
    stale = client.get("/viewpoints/?stance=supports", headers={"If-None-Match": fragment["ETag"]})
    assert stale.status_code == 200 and b"<html" in stale.content


def test_parameters_a_page_does_not_read_share_its_etag(client):
    build_world()
    plain = client.get("/viewpoints/?stance=supports")["ETag"]
    assert client.get("/viewpoints/?stance=supports&utm_source=x")["ETag"] == plain
    assert client.get("/viewpoints/?stance=opposes")["ETag"] != plain


def test_head_is_answered_304_too(client):
    build_world()
    etag = client.get("/themes/social-credit/")["ETag"]
    assert client.head("/themes/social-credit/", headers={"If-None-Match": etag}).status_code == 304


@override_settings(
    HTTP_CACHE_MAX_AGE=5, HTTP_CACHE_SHARED_MAX_AGE=3, HTTP_CACHE_STALE_WHILE_REVALIDATE=30
)
def test_the_lifetimes_come_from_settings(client):
    build_world()
    assert cache_control(client.get("/viewpoints/")) == {
        "public": "",
        "max-age": "5",
        "s-maxage": "3",
        "stale-while-revalidate": "30",
    }


def test_a_missing_page_is_not_kept_by_shared_caches(client):
    build_world()
    response = client.get("/experts/nobody/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
    assert "ETag" not in response


def test_a_signed_in_researcher_gets_private_pages_and_sees_a_save_at_once(client):
    build_world()
    visitor_etag = client.get("/experts/wang-yufeng/")["ETag"]
    # client.login() has no request for axes to key by (tests/research/test_logins.py).
    client.force_login(User.objects.create_superuser("rita", password="a-long-test-password"))
    mine = client.get("/experts/wang-yufeng/", headers={"If-None-Match": visitor_etag})
    assert mine.status_code == 200  # never a 304 against the visitors' copy
    assert cache_control(mine) == {"private": "", "no-cache": ""}
    assert "ETag" not in mine
    expert = Expert.objects.get(slug="wang-yufeng")  # their save, as the admin makes it
    expert.name = "Wang Yanfeng"
    expert.save()
    again = client.get("/experts/wang-yufeng/", headers={"If-None-Match": visitor_etag})
    assert again.status_code == 200 and b"Wang Yanfeng" in again.content


def test_signing_in_and_out_clears_the_browsers_copies_of_visitor_pages(client):
    User.objects.create_superuser("rita", password="a-long-test-password")
    page = client.get("/admin/login/")
    assert "Clear-Site-Data" not in page
    signed_in = client.post(
        "/admin/login/?next=/admin/", {"username": "rita", "password": "a-long-test-password"}
    )
    assert signed_in.status_code == 302
    assert signed_in["Clear-Site-Data"] == '"cache"'
    assert "Clear-Site-Data" not in client.get("/admin/")
    assert client.post("/admin/logout/")["Clear-Site-Data"] == '"cache"'
    wrong = client.post("/admin/login/", {"username": "rita", "password": "wrong"})
    assert "Clear-Site-Data" not in wrong
