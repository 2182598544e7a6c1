"""Whatever arrives in the query string, /viewpoints/ and /compare/ never answer 500."""

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.debate.conftest import build_debate

# Any text a URL can carry: NUL and other control characters, RTL marks, combining marks,
# compatibility forms, emoji; only lone surrogates are left out (they cannot be UTF-8 encoded).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
VIEWPOINT_KEYS = st.sampled_from(
    [
        "theme",
        "question",
        "stance",
        "expert",
        "institution",
        "kind",
        "pubkind",
        "year",
        "tag",
        "chapter",
        "from",
        "to",
        "q",
        "sort",
        "page",
        "size",
        "unknown",
    ]
)
ODD_VALUES = st.one_of(
    ANY_TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "social-credit.\x00",
            "\u202esocial",
            "ﷺ" * 50,
            "社會信用",
            "x" * 10_000,
            ".",
            "..",
            ",,,",
            "%",
            "_",
            "\\",
            "'; --",
        ]
    ),
)


def ensure_data():
    from apps.debate.models import Theme

    if not Theme.objects.exists():
        build_debate().add_positions(8)


def assert_not_server_error(response):
    assert response.status_code < 500
    assert response.status_code in (200, 302, 400, 404)


@pytest.mark.django_db
@settings(max_examples=50, deadline=None)
@given(params=st.lists(st.tuples(VIEWPOINT_KEYS, ODD_VALUES), max_size=6), htmx=st.booleans())
def test_viewpoints_never_fail_on_odd_parameters(params, htmx):
    ensure_data()
    client = Client()
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    query = {}
    for key, value in params:
        query.setdefault(key, []).append(value)
    assert_not_server_error(client.get("/viewpoints/", query, **headers))


@pytest.mark.django_db
@settings(max_examples=50, deadline=None)
@given(experts=st.lists(ODD_VALUES, max_size=5), joined=st.booleans())
def test_compare_never_fails_on_odd_parameters(experts, joined):
    ensure_data()
    client = Client()
    query = {"experts": ",".join(experts)} if joined else {"experts": experts}
    assert_not_server_error(client.get("/compare/", query))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        f"page={10**9}",
        "page=-1",
        "page=" + "9" * 5000,
        "size=0",
        "theme=nope&expert=nobody&question=a.b&tag=none&chapter=none&institution=none",
        "analysis=none&analysis=a%00b&chapter=nope.none&chapter=..",
        "q=" + "社" * 10_000,
        "year=%D9%A2%D9%A0%D9%A1%D9%A8",  # Arabic-Indic digits
        "question=social-credit.q1.extra",
    ],
)
def test_viewpoints_known_bad_inputs(client, query):
    ensure_data()
    response = client.get(f"/viewpoints/?{query}")
    assert response.status_code == 200
    assert 'class="notice"' in response.content.decode()


@pytest.mark.django_db
def test_control_characters_are_stripped_and_odd_unicode_searches_harmlessly(client):
    ensure_data()
    response = client.get("/viewpoints/?q=%00%00&expert=%00&theme=social-credit%00")
    assert response.status_code == 200
    assert 'value="social-credit" id="f-theme-social-credit" checked' in response.content.decode()
    response = client.get("/viewpoints/?q=%E2%80%AE%CC%81%F0%9F%98%80")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["experts=", "experts=%00", "experts=a%00b,c", "experts=" + "x," * 5000, "experts=..,.."],
)
def test_compare_known_bad_inputs(client, query):
    ensure_data()
    assert client.get(f"/compare/?{query}").status_code == 200
