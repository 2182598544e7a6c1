"""Odd, hostile or huge input on every list page: a clear page (200 or 4xx), never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.portal.world import build_world

pytestmark = pytest.mark.django_db

LIST_URLS = ["/", "/search/", "/experts/", "/institutions/", "/analysis/"]
ODD_VALUES = [
    "",
    "abc",
    "-1",
    "0",
    str(10**9),
    "1e9",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "%00",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "🙂🙃",
    "\u202e\u200b\ufeff",
    "社會信用\x00",
    "\ud7ff\ue000",
]


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_pages_answer_odd_parameters_without_error(client, world, url):
    for key in ("page", "q", "kind", "theme", "origin", "type", "unknown"):
        for value in ODD_VALUES:
            response = client.get(url, {key: value})
            assert response.status_code in (200, 400, 404), (key, value)


def test_search_says_why_a_huge_query_gives_no_results(client, world):
    response = client.get("/search/", {"q": "wang " * 2_000})
    assert response.status_code == 200
    assert "limited to 200 characters" in response.content.decode()


def test_search_with_nothing_searchable_says_so(client, world):
    html = client.get("/search/", {"q": "🙂 ☃"}).content.decode()
    assert "nothing" in html.lower() or "no letters" in html.lower()


def test_search_with_a_nul_byte_answers_with_a_message(client, world):
    response = client.get("/search/", {"q": "wang\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_empty_search_invites_a_query(client):
    assert "Type a name" in client.get("/search/").content.decode()


def test_unknown_filter_values_are_ignored_with_a_message(client, world):
    response = client.get("/experts/", {"kind": ["academy", "nonsense"], "theme": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ignored unknown filter values" in html and "nonsense" in html
    assert response.context["filters"].kind == ["academy"]


def test_a_page_beyond_the_last_shows_the_last_page(client, world):
    response = client.get("/experts/", {"page": 10**9})
    assert response.status_code == 200
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url=st.sampled_from(LIST_URLS),
    params=st.dictionaries(
        st.sampled_from(["q", "page", "kind", "theme", "origin", "type"]),
        st.text(max_size=300),
        max_size=4,
    ),
)
def test_any_parameters_on_any_list_page_never_give_a_server_error(client, db, url, params):
    assert client.get(url, params).status_code in (200, 400, 404)
