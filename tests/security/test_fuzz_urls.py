"""Every public URL, fuzzed: query strings built from each view's real parameters, with valid
values from the database, unknown values, repeated keys, huge and negative numbers, 10 kB
values, control characters, invalid UTF-8 escapes, hanzi, SQL and HTML. Each route is asked
plain and as htmx asks (``HX-Request: true``); no answer may be a server error, and no body
may carry the markup it was sent unescaped.

The routes come from the URLconf (tests/security/urls.py), so a new public page is fuzzed
without being listed here. The figures in docs/security.md come from this module: cases =
routes x 2 variants x ``EXAMPLES``.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.portal.world import build_world
from tests.security.urls import parameter_values, path_values, public_routes

EXAMPLES = 17  # per route and variant: 40 routes x 2 x 17 = 1,360 requests

# Markup that must never come back as sent: an attribute break and two script vectors.
MARKERS = ("<script>x</script>", "<svg onload", "\"'><svg")
HOSTILE_TEXT = [
    "<script>x</script>",
    "\"'><svg onload=1>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "1); DROP TABLE people_expert; --",
    "%' UNION SELECT NULL --",
    "社會信用",
    "人工智能治理",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[31m\x7f",
    "\r\nSet-Cookie: fuzz=1",
    "\u202eevil\u200b\u200d\ufeff",
    "-1",
    "0",
    "-0",
    str(10**30),
    str(-(10**30)),
    "9" * 400,
    "1e309",
    "NaN",
    "1.5",
    "0x10",
    "",
    " ",
    ",,,",
    "..",
    "../../etc/passwd",
    "%",
    "{{ 7*7 }}",
    "🙂",
]
# Sent as they are, not percent-encoded: broken escapes and bytes that are not UTF-8.
RAW_ESCAPES = ["%ff%fe", "%c3%28", "%80", "%ed%a0%80", "%zz", "%", "%00", "%e4%b8"]
# Path values that name nothing, or break the converters' ranges.
UNKNOWN_PATH = {
    "slug": ["no-such-record", "0", "x" * 300, "-", "_"],
    "pk": [0, 10**12, 2**63, 10**30],
    "version": ["0", "<script>x</script>", "%ff%fe", "..", "1.0"],
}
UNKNOWN_KEYS = ["utm_source", "unknown", "page[]", "q\x00", "<script>x</script>"]
ROUTES = public_routes()


@pytest.fixture(scope="module")
def values(django_db_setup, django_db_blocker):
    """A small connected world (tests/portal/world.py), built once, rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_world(scale=2)
        yield {"path": path_values(), "query": parameter_values()}
        transaction.set_rollback(True)


def text_value(valid: list[str]) -> st.SearchStrategy[str]:
    """One value, percent-encoded as a browser would send it, or a raw broken escape."""
    encoded = st.one_of(
        st.sampled_from(valid) if valid else st.nothing(),
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=40),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
    ).map(lambda v: quote(v, safe=""))
    return st.one_of(encoded, st.sampled_from(RAW_ESCAPES))


def query_string(route, known: dict[str, list[str]]) -> st.SearchStrategy[str]:
    keys = sorted(route.params) + UNKNOWN_KEYS
    pair = st.sampled_from(keys).flatmap(
        lambda key: st.tuples(st.just(quote(key, safe="")), text_value(known.get(key, [])))
    )
    # Up to 8 pairs: keys repeat as often as the draw picks them.
    return st.lists(pair, max_size=8).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


def path_for(route, known: dict[str, dict[str, list]]) -> st.SearchStrategy[str]:
    if not route.kwargs:
        return st.just(route.path())
    real = known.get(route.name, {})
    if "pair" in real:  # a chapter: its analysis and its own slug
        pairs = st.sampled_from(real["pair"]) | st.tuples(
            st.sampled_from(UNKNOWN_PATH["slug"]), st.sampled_from(UNKNOWN_PATH["slug"])
        )
        return pairs.map(lambda p: route.path(slug=p[0], chapter_slug=p[1]))
    parts = {}
    for name in route.kwargs:
        choices = [*real.get(name, []), *real.get(name, [])[:1] * 3]  # the real ones, weighted
        parts[name] = st.sampled_from(choices) | st.sampled_from(UNKNOWN_PATH[name])
    return st.fixed_dictionaries(parts).map(lambda kw: route.path(**kw))


def assert_safe(response, url):
    assert response.status_code < 500, url
    body = response.content.decode("utf-8", errors="replace")
    for marker in MARKERS:
        assert marker not in body, (url, marker)


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_fuzzed_query_strings_never_fail_or_reflect_markup(values, route, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    tried = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        path=path_for(route, values["path"]),
        query=query_string(route, values["query"]),
    )
    def check(path, query):
        url = f"{path}?{query}" if query else path
        tried.append(url)
        assert_safe(Client().get(url, headers=headers), url)

    check()
    assert len(tried) >= EXAMPLES  # the figure in docs/security.md is a floor


def test_every_public_section_is_fuzzed():
    names = {route.name for route in ROUTES}
    assert len(ROUTES) >= 30
    for expected in [
        "debate:viewpoints",
        "debate:theme",
        "people:experts",
        "people:expert",
        "people:institution",
        "sources:publication",
        "analysis:chapter",
        "portal:search",
        "portal:timeline",
        "portal:timeline_svg",
        "portal:timeline_csv",
        "portal:network",
        "portal:network_svg",
        "portal:network_csv",
        "feeds:sources",
        "feeds:expert",
        "feeds:theme",
        "exports:viewpoints_csv",
        "exports:viewpoints_json",
        "exports:download",
        "debate:glossary",
        "debate:compare",
    ]:
        assert expected in names
    viewpoints = next(r for r in ROUTES if r.name == "debate:viewpoints")
    assert {"theme", "question", "stance", "from", "q", "page"} <= viewpoints.params
