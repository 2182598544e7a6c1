"""Public pages cached whole per URL, htmx headers and data version (apps.core.cache)."""

import inspect

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.http import Http404, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, resolve
from django_htmx.middleware import HtmxDetails

from apps.core.cache import cached_page, data_version
from apps.core.models import DataVersion
from apps.debate.models import Position
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
    # client.login() has no request for axes to key by (tests/research/test_logins.py).
    client.force_login(
        User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    )
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
    # client.login() has no request for axes to key by (tests/research/test_logins.py).
    client.force_login(
        User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    )
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

    @cached_page(params=())
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

    @cached_page(params=())
    def view(request):
        calls.append(request)
        return _with_csrf_token(request)

    for _ in range(2):
        request = RequestFactory().get("/form/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == 2


def test_a_view_that_fails_leaves_the_version_unpinned():
    @cached_page(params=())
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


# --- Which query parameters make a page's address --------------------------------------------


@pytest.mark.parametrize(
    ("url", "same_page"),
    [
        ("/viewpoints/?stance=supports", "/viewpoints/?stance=supports&utm_source=newsletter"),
        ("/viewpoints/?stance=supports", "/viewpoints/?fbclid=x1&stance=supports"),
        ("/experts/wang-yufeng/", "/experts/wang-yufeng/?utm_campaign=digital&page=3"),
        ("/search/?q=digital", "/search/?q=digital&ref=home"),
    ],
)
def test_parameters_a_page_does_not_read_share_its_copy(client, url, same_page):
    build_world()
    first, _ = get(client, url)
    again, queries = get(client, same_page)
    assert first.templates and not again.templates  # the copy: nothing rendered
    assert queries == 1 and again.content == first.content


def test_parameters_a_page_reads_each_make_their_own_copy(client):
    build_world()
    supports, _ = get(client, "/viewpoints/?stance=supports")
    for other in ("/viewpoints/?stance=opposes", "/viewpoints/?stance=supports&page=2"):
        assert get(client, other)[0].content != supports.content


class RecordingQueryDict(QueryDict):
    """``request.GET`` that notes the names a view reads, and ``*`` when it reads the whole
    (its length, its keys, an urlencode...), which would depend on any parameter."""

    def __init__(self, query_string: str):
        self.read: set[str] = set()
        super().__init__(query_string)
        self.read.clear()  # building it asks for its own keys

    def _note(self, name: str) -> None:
        self.read.add(name)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)


def _reads_the_whole(name):
    method = getattr(QueryDict, name)

    def whole(self, *args, **kwargs):
        self._note("*")
        return method(self, *args, **kwargs)

    return whole


for _name in ("__iter__", "__len__", "__copy__", "__deepcopy__", "__reduce__", "copy", "dict"):
    setattr(RecordingQueryDict, _name, _reads_the_whole(_name))
for _name in ("items", "keys", "values", "lists", "urlencode"):
    setattr(RecordingQueryDict, _name, _reads_the_whole(_name))


def _cached_pages(patterns=None, namespace=""):
    """Every URL name whose view is a cached page, with its view."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _cached_pages(pattern.url_patterns, pattern.namespace or namespace)
        elif hasattr(pattern.callback, "page_params"):
            yield f"{namespace}:{pattern.name}", pattern.callback


# Each cached page with every parameter it reads, on the branches that read them.
EVERY_PARAMETER = [
    "/?q=x",
    "/search/?q=digital&type=experts&page=2",
    "/search/?q=digital",
    "/experts/?kind=academy&theme=social-credit&origin=chinese&page=2",
    "/experts/wang-yufeng/",
    "/institutions/",
    "/institutions/{institution}/",
    "/publications/?kind=journal_article&year=2017&language=zh&venue=v&sort=oldest&page=2",
    "/publications/wang-2017-digital-economy/",
    "/analysis/",
    "/analysis/china-dream-goes-digital/",
    "/analysis/china-dream-goes-digital/chinas-digital-revolution/",
    "/viewpoints/?theme=social-credit&question=social-credit.q&stance=supports&expert=wang-yufeng"
    "&institution=i&kind=academy&pubkind=journal_article&year=2017&tag=t&chapter=c&q=credit"
    "&sort=oldest&size=50&page=2&from=2016-03&to=2018",
    "/viewpoints/{position}/",
    "/themes/",
    "/themes/social-credit/",
    "/compare/?experts=wang-yufeng&experts=someone-else",
    "/compare/?experts=wang-yufeng,someone-else",
    "/glossary/",
    "/timeline/?by=month&theme=social-credit",
    "/timeline.svg?by=month&theme=social-credit",
    "/timeline.csv?by=month&theme=social-credit",
    "/network/?theme=social-credit&analysis=china-dream-goes-digital&size=120",
    "/network.svg?theme=social-credit&analysis=china-dream-goes-digital&size=120",
    "/network.csv?theme=social-credit&analysis=china-dream-goes-digital&size=120",
    "/themes/overview.svg",
    "/themes/overview.csv",
    "/themes/social-credit/overview.svg",
    "/themes/social-credit/overview.csv",
    "/themes/social-credit/map.svg?question={question}",
    "/themes/social-credit/map.csv?question={question}",
]


@pytest.mark.parametrize("htmx", [False, True])
def test_every_cached_page_reads_only_the_parameters_of_its_address(htmx):
    """A page reading a parameter left out of its address would be served for the wrong one."""
    world = build_world()
    slugs = {
        "position": Position.objects.first().pk,
        "institution": world.institution.slug,
        "question": Position.objects.exclude(question=None).first().question.slug,
    }
    pages = dict(_cached_pages())
    covered = set()
    for url in EVERY_PARAMETER:
        url = url.format(**slugs) + ("&" if "?" in url else "?") + "utm_source=x"
        request = RequestFactory().get(url, headers=HTMX if htmx else {})
        request.GET = RecordingQueryDict(request.META["QUERY_STRING"])
        request.user = AnonymousUser()
        request.htmx = HtmxDetails(request)
        match = resolve(request.path)
        response = inspect.unwrap(match.func)(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response.render()
        assert response.status_code in (200, 302), url
        assert request.GET.read <= match.func.page_params, url
        covered.add(match.view_name)
    assert covered == set(pages)


@pytest.mark.parametrize("url", ["/", "/viewpoints/?stance=supports", "/experts/wang-yufeng/"])
def test_head_is_answered_as_get_is_from_the_same_copy(client, url):
    """Uptime monitors and link checkers ask with HEAD."""
    build_world()
    page = client.get(url)
    head = client.head(url)
    assert head.status_code == 200 and head.content == b"" and not head.templates
    assert head["Content-Type"] == page["Content-Type"]
    assert head["Content-Length"] == page["Content-Length"]
