"""/network/ on the shipped dataset: every node opens its own page, the filters keep only the
selection's nodes with its weights, every tie drawn is the one counted by hand, and the SVG
and CSV downloads carry exactly what the page draws."""

import csv
import io
import re
from html import unescape

import pytest

from apps.debate.models import Theme
from apps.people.models import Expert, Institution
from tests.portal import network_by_hand as by_hand

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
PAGES = {"expert": Expert, "institution": Institution, "theme": Theme}


@pytest.fixture(scope="module", autouse=True)
def shipped(shipped_dataset_once):
    return shipped_dataset_once


def drawn(client, query: str = "") -> by_hand.Drawn:
    response = client.get(f"/network/{query}")
    assert response.status_code == 200
    return by_hand.read_page(response.content.decode())


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_every_node_links_to_its_own_page(client):
    network = drawn(client)
    assert len(network.nodes) == 60
    assert {key.split(":")[0] for key in network.nodes} == set(PAGES)
    for key, node in network.nodes.items():
        kind, slug = key.split(":")
        record = PAGES[kind].objects.get(slug=slug)
        assert node["href"] == record.get_absolute_url()
        assert node["title"].startswith(f"{record.name} ({kind}): ")
        page = client.get(node["href"]).content.decode()
        assert unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]).find(record.name) >= 0


@pytest.mark.parametrize(
    ("theme", "analysis"),
    [(None, None), ("social-credit", None), (None, "china-dream-goes-digital")],
)
def test_the_ties_drawn_are_those_counted_by_hand(client, theme, analysis):
    params = [f"theme={theme}"] if theme else []
    params += [f"analysis={analysis}"] if analysis else []
    network = drawn(client, "?" + "&".join(params) if params else "")
    positions = by_hand.selected(theme, analysis)
    weights = by_hand.node_weights(positions)
    assert network.nodes
    for key, node in network.nodes.items():
        assert node["weight"] == weights[key], key
    # The strongest: no node left out outweighs one drawn.
    assert max((w for k, w in weights.items() if k not in network.nodes), default=0) <= min(
        n["weight"] for n in network.nodes.values()
    )
    expected = by_hand.ties(positions, set(network.nodes))
    for kind in ("theme", "affiliation", "coauthor", "agrees", "disputes"):
        mine = {t: w for t, w in expected.items() if t[2] == kind}
        shown = {t: w for t, w in network.ties.items() if t[2] == kind}
        if len(mine) <= 60:
            assert shown == mine, kind
        else:  # only the 60 strongest of the kind are drawn
            assert len(shown) == 60 and all(mine[t] == w for t, w in shown.items())
            assert max(w for t, w in mine.items() if t not in shown) <= min(shown.values())
    if not theme and not analysis:
        assert {kind for _, _, kind in network.ties} == {
            "theme",
            "affiliation",
            "coauthor",
            "agrees",
            "disputes",
        }


def test_a_theme_chosen_keeps_the_nodes_of_its_viewpoints(client):
    everything = drawn(client)
    social = drawn(client, "?theme=social-credit")
    assert 0 < len(social.nodes) <= len(everything.nodes)
    assert social.nodes["theme:social-credit"]["weight"] == (
        Theme.objects.get(slug="social-credit").positions.count()
    )
    holders = set(by_hand.node_weights(by_hand.selected("social-credit")))
    assert set(social.nodes) <= holders
    assert set(social.nodes) != set(everything.nodes)


def test_the_svg_download_is_the_picture_drawn(client):
    page = drawn(client, "?theme=artificial-intelligence&size=120")
    response = client.get("/network.svg?theme=artificial-intelligence&size=120")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<style" not in svg
    downloaded = by_hand.read_svg(svg)
    assert downloaded.ties == page.ties
    assert {k: {**n, "href": SITE + n["href"]} for k, n in page.nodes.items()} == (downloaded.nodes)


def test_the_csv_download_lists_the_nodes_and_ties_drawn(client):
    page = drawn(client)
    rows = csv_rows(client.get("/network.csv"))
    assert list(rows[0]) == [
        "element",
        "kind",
        "id",
        "label",
        "weight",
        "link",
        "x",
        "y",
        "source",
        "target",
    ]
    nodes = {r["id"]: r for r in rows if r["element"] == "node"}
    assert set(nodes) == set(page.nodes)
    for key, node in page.nodes.items():
        row = nodes[key]
        assert (row["link"], int(row["weight"])) == (SITE + node["href"], node["weight"])
        assert (row["x"], row["y"]) == (node["x"], node["y"])
        assert row["kind"] == key.split(":")[0]
    ties = {(r["source"], r["target"], r["kind"]): int(r["weight"]) for r in rows[len(nodes) :]}
    assert all(r["element"] == "tie" for r in rows[len(nodes) :])
    assert ties == page.ties
    assert sum(1 for t in ties if t[2] == "theme") > 10


def test_each_theme_tie_in_the_table_counts_what_its_link_lists(client):
    html = client.get("/network/?theme=social-credit").content.decode()
    table = html.split('id="nw-ties-heading"')[1]
    links = re.findall(r'<td class="numeric"><a href="(/viewpoints/\?[^"]+)">(\d+)</a>', table)
    assert len(links) >= 5
    for url, count in links:
        listing = client.get(unescape(url)).content.decode()
        figure = re.search(r'id="vp-count"[^>]*><span class="count-figure">(\d+)<', listing)
        assert figure[1] == count, url


@pytest.mark.parametrize(
    "query", ["size=7", "size=abc", "size=-60", "theme=nope", "analysis=nope", "size=" + "9" * 500]
)
def test_bad_parameters_are_dropped_with_a_notice(client, query):
    for url in ("/network/", "/network.svg", "/network.csv"):
        assert client.get(f"{url}?{query}").status_code == 200
    html = client.get(f"/network/?{query}").content.decode()
    assert 'class="notice"' in html
    assert len(by_hand.read_page(html).nodes) == 60


def test_the_network_is_linked_from_the_navigation_and_the_home_page(client):
    assert client.get("/").content.decode().count('href="/network/"') >= 2
    assert 'href="/network/"' in client.get("/timeline/").content.decode()
