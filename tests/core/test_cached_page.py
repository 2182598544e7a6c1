"""Public pages cached whole per URL, htmx headers and data version (apps.core.cache)."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.core.cache import cached_page, data_version
from apps.debate.models import DataVersion
from apps.people.models import Expert
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def get(client, url, headers=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/viewpoints/", {}),
        ("/viewpoints/?stance=supports&page=1", HTMX),
        ("/themes/social-credit/", {}),
        ("/experts/wang-yufeng/", {}),
        ("/search/?q=digital", {}),
        ("/", {}),
    ],
)
def test_a_warm_page_is_its_first_response_for_one_query(client, url, headers):
    build_world()
    first, first_queries = get(client, url, headers)
    again, queries = get(client, url, headers)
    assert (queries, first_queries > 1) == (1, True)  # the data version only
    assert again.content == first.content
    # htmx is told which URL to push, from the copy as from the view.
    assert again.headers.get("HX-Push-Url") == first.headers.get("HX-Push-Url")
    assert ("HX-Push-Url" in again.headers) == (headers == HTMX)
    assert "HX-Request" in again["Vary"] and "HX-History-Restore-Request" in again["Vary"]


def test_the_page_and_its_htmx_fragment_are_kept_apart(client):
    build_world()
    page, _ = get(client, "/viewpoints/?stance=supports")
    fragment, _ = get(client, "/viewpoints/?stance=supports", HTMX)
    restored, _ = get(
        client, "/viewpoints/?stance=supports", {**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert b"<html" in restored.content
    assert get(client, "/viewpoints/?stance=supports")[0].content == page.content
    assert get(client, "/viewpoints/?stance=supports", HTMX)[0].content == fragment.content


def test_a_write_is_on_the_next_page(client):
    world = build_world()
    assert b"Wang Yufeng" in get(client, "/experts/wang-yufeng/")[0].content
    world.expert.name = "Wang Yanfeng"
    world.expert.save()
    page, queries = get(client, "/experts/wang-yufeng/")
    assert b"Wang Yanfeng" in page.content and queries > 1


def test_a_visitor_page_reads_no_session_and_does_not_vary_on_cookies(client):
    build_world()
    response, _ = get(client, "/themes/social-credit/")
    assert "Cookie" not in response["Vary"]


# A signed-in researcher's page is drawn by its view, from the cached fragments, counts and
# page data: the session and the user, the data version, then as many queries as the view
# needs warm (a slug lookup, for pages of one record).
SIGNED_IN_WARM = {
    "/viewpoints/": 2 + 1,
    "/viewpoints/?theme=social-credit&stance=supports": 2 + 1 + 1,
    "/themes/social-credit/": 2 + 1 + 1,
    "/experts/wang-yufeng/": 2 + 1 + 1,
}


@pytest.mark.parametrize(("url", "queries"), SIGNED_IN_WARM.items())
def test_a_signed_in_researcher_gets_the_page_drawn_from_cached_parts(client, url, queries):
    build_world()
    User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    client.login(username="rita", password="a-long-test-password")
    first, first_queries = get(client, url)
    again, again_queries = get(client, url)
    assert again_queries == queries < first_queries
    assert again.content == first.content


def test_a_signed_in_researcher_gets_the_page_drawn_afresh(client):
    build_world()
    get(client, "/experts/wang-yufeng/")
    # A change that bypasses the data version (no signal): only a fresh drawing shows it.
    Expert.objects.filter(slug="wang-yufeng").update(name="Wang Yanfeng")
    assert b"Wang Yufeng" in get(client, "/experts/wang-yufeng/")[0].content  # the copy
    User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    client.login(username="rita", password="a-long-test-password")
    assert b"Wang Yanfeng" in get(client, "/experts/wang-yufeng/")[0].content


@pytest.mark.parametrize(
    ("response", "stored"),
    [
        (lambda: HttpResponse("page"), True),
        (lambda: HttpResponse("gone", status=404), False),
        (lambda: HttpResponse("bad", status=400), False),
        (lambda: _with_cookie(HttpResponse("page")), False),
    ],
)
def test_only_a_200_that_sets_no_cookie_is_stored(response, stored):
    calls = []

    @cached_page
    def view(request):
        calls.append(request)
        return response()

    for _ in range(2):
        request = RequestFactory().get("/anything/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == (1 if stored else 2)


def _with_csrf_token(request) -> HttpResponse:
    return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")


def test_a_page_holding_a_csrf_token_is_not_stored():
    calls = []

    @cached_page
    def view(request):
        calls.append(request)
        return _with_csrf_token(request)

    for _ in range(2):
        request = RequestFactory().get("/form/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == 2


def test_a_view_that_fails_leaves_the_version_unpinned():
    @cached_page
    def view(request):
        data_version()  # read at the pinned version
        raise Http404("no such record")

    request = RequestFactory().get("/missing/")
    request.user = AnonymousUser()
    with pytest.raises(Http404):
        view(request)
    DataVersion.bump()
    assert data_version() == DataVersion.current() != ""


def _with_cookie(response: HttpResponse) -> HttpResponse:
    response.set_cookie("seen", "1")
    return response
