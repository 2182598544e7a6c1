"""/network/ on built and generated data: the same queries however many positions, the layout
computed once per data version and the same each time, the strongest nodes with a link to
widen, and nothing to draw said so."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.debate import facetindex
from apps.debate.filters import parse_viewpoint_params
from apps.portal import network as networks
from tests.debate.conftest import build_debate
from tests.debate.test_pictures_scale import relate
from tests.factories import AffiliationFactory, AuthorshipFactory
from tests.portal import network_by_hand as by_hand
from tests.portal.test_bad_input import ODD_VALUES

pytestmark = pytest.mark.django_db

# The data version; the themes and the analyses for the form; the facet index, read whole
# (10, see tests/debate/test_views.py), which weighs the nodes and counts the ties to themes
# and the stances; affiliations, co-authorships and relations (3).
NETWORK = 1 + 2 + 10 + 3
# A theme and an analysis chosen: + each looked up by slug.
FILTERED = NETWORK + 2


def grow(debate, n: int) -> None:
    """``n`` positions more, with relations, affiliations and co-authors among them."""
    start = len(debate.positions)
    debate.add_positions(n)
    relate(debate.positions, len(debate.positions) // 3)
    for i, position in enumerate(debate.positions[start:], start=start):
        expert = debate.experts[i % 4]
        AffiliationFactory(expert=expert, institution=debate.institutions[i % 3], role=f"r{i}")
        AuthorshipFactory(publication=position.source, expert=expert, order=1)
        AuthorshipFactory(publication=position.source, expert=debate.experts[(i + 1) % 4], order=2)


@pytest.fixture
def debate(db):
    debate = build_debate()
    grow(debate, 24)
    return debate


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/network/", NETWORK),
        ("/network/?theme=social-credit&analysis=dream&size=120", FILTERED),
    ],
)
def test_queries_do_not_grow_with_the_data(db, django_assert_num_queries, url, queries):
    debate = build_debate()
    grow(debate, 6)
    facetindex.forget()  # read whole, as by a new process
    with django_assert_num_queries(queries):
        small = Client().get(url)
    downloads = _download_queries(url)
    grow(debate, 30)
    facetindex.forget()
    with django_assert_num_queries(queries):
        large = Client().get(url)
    assert len(by_hand.read_page(large.content.decode()).ties) > len(
        by_hand.read_page(small.content.decode()).ties
    )
    assert _download_queries(url) == downloads
    # Drawn once per data version: the page again is its cached copy (the version only).
    with django_assert_num_queries(1):
        Client().get(url)


def _download_queries(url: str) -> list[int]:
    """How many queries the SVG and the CSV of ``url``'s selection run (the network laid
    out by the page is reused: the version, and the slugs looked up)."""
    counts = []
    for download in ("/network.svg", "/network.csv"):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(download + url.removeprefix("/network/")).status_code == 200
        counts.append(len(queries))
    return counts


def test_the_ties_are_counted_as_by_hand(client, debate):
    network = by_hand.read_page(client.get("/network/").content.decode())
    positions = by_hand.selected()
    assert {k: n["weight"] for k, n in network.nodes.items()} == by_hand.node_weights(positions)
    assert network.ties == by_hand.ties(positions, set(network.nodes))
    assert {kind for _, _, kind in network.ties} == {
        "theme",
        "affiliation",
        "coauthor",
        "agrees",
        "disputes",
    }


def test_the_filters_narrow_the_nodes_to_the_selection(client, debate):
    for theme, analysis in [("digital-economy", None), (None, "dream"), ("social-credit", "dream")]:
        query = "&".join(f"{k}={v}" for k, v in (("theme", theme), ("analysis", analysis)) if v)
        network = by_hand.read_page(client.get(f"/network/?{query}").content.decode())
        positions = by_hand.selected(theme, analysis)
        assert 0 < len(positions) < len(debate.positions)
        weights = {k: n["weight"] for k, n in network.nodes.items()}
        assert weights == by_hand.node_weights(positions), query
        assert network.ties == by_hand.ties(positions, set(network.nodes)), query


def test_the_layout_is_the_same_each_time_it_is_computed(debate):
    query = parse_viewpoint_params(QueryDict())
    first = networks.network(query, 60)
    cache.clear()
    again = networks.network(query, 60)
    assert first.nodes == again.nodes and first.ties == again.ties
    assert len({(n.x, n.y) for n in first.nodes}) == len(first.nodes)
    assert all(0 <= n.x <= 1 and 0 <= n.y <= 1 for n in first.nodes)


def test_many_nodes_show_the_strongest_with_a_link_to_widen(client, db):
    call_command(
        "generate_synthetic", positions=400, experts=150, publications=120, seed=5, verbosity=0
    )
    html = client.get("/network/").content.decode()
    shown = by_hand.read_page(html)
    assert len(shown.nodes) == 60
    assert 'href="/network/?size=120">show the strongest 120</a>' in html
    wider = by_hand.read_page(client.get("/network/?size=120").content.decode())
    assert len(wider.nodes) == 120
    weights = by_hand.node_weights(by_hand.selected())
    assert all(weights[k] == n["weight"] for k, n in wider.nodes.items())
    assert min(n["weight"] for n in shown.nodes.values()) >= max(
        n["weight"] for k, n in wider.nodes.items() if k not in shown.nodes
    )
    for node in list(wider.nodes.values())[::10]:
        assert client.get(node["href"]).status_code == 200
    widest = client.get("/network/?size=240").content.decode()
    assert len(by_hand.read_page(widest).nodes) == min(240, len(weights))
    assert "show the strongest" not in widest


def test_nothing_to_draw_says_so(client, db):
    build_debate()
    html = client.get("/network/").content.decode()
    assert "No viewpoint yet." in html
    assert client.get("/network.csv").content.decode("utf-8-sig").startswith("element,")
    assert client.get("/network.svg").status_code == 200


@pytest.mark.parametrize("url", ["/network/", "/network.svg", "/network.csv"])
def test_odd_parameters_never_give_a_server_error(client, debate, url):
    for key in ("theme", "analysis", "size"):
        for value in ODD_VALUES:
            response = client.get(url, {key: value})
            assert response.status_code == 200, (key, value)
