"""/timeline/ on the shipped dataset: every segment drawn counts what its link lists, and the
SVG and CSV downloads carry exactly the data drawn."""

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

SEGMENT = re.compile(r'<a href="([^"]+)" aria-label="([^"]+)" data-count="(\d+)">')
COUNT = re.compile(r'<span class="count-figure">(\d+)</span>')
SVG = "{http://www.w3.org/2000/svg}"


def segments(content: bytes) -> list[tuple[str, str, int]]:
    """(link, label, count) of each segment drawn."""
    found = SEGMENT.findall(content.decode())
    return [(html.unescape(url), html.unescape(label), int(n)) for url, label, n in found]


@pytest.mark.parametrize("query", ["", "?by=month", "?theme=artificial-intelligence&by=month"])
def test_each_segment_counts_the_viewpoints_its_link_lists(client, shipped_dataset_once, query):
    response = client.get(f"/timeline/{query}")
    assert response.status_code == 200
    drawn = segments(response.content)
    assert len(drawn) > 3
    for url, label, count in drawn:
        assert url.startswith("/viewpoints/?theme=")
        page = client.get(url).content.decode()
        assert int(COUNT.search(page)[1]) == count, (label, url)
        assert 'class="notice"' not in page
    # The table gives the same figures, each linked to the same page.
    for url, _, count in drawn:
        assert f'<a href="{html.escape(url)}">{count}</a>' in response.content.decode()


def test_a_theme_chosen_draws_only_its_segments(client, shipped_dataset_once):
    drawn = segments(client.get("/timeline/?theme=social-credit").content)
    assert drawn
    assert all(url.startswith("/viewpoints/?theme=social-credit&") for url, _, _ in drawn)
    everything = segments(client.get("/timeline/").content)
    assert sorted(d for d in everything if "theme=social-credit&" in d[0]) == sorted(drawn)


def test_the_svg_download_is_the_chart_drawn(client, shipped_dataset_once):
    page = client.get("/timeline/?by=month").content
    response = client.get("/timeline.svg?by=month")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    root = ET.fromstring(response.content)  # well-formed XML, standalone
    assert root.tag == f"{SVG}svg"
    links = root.iter(f"{SVG}a")
    downloaded = [(a.get("href"), a.get("aria-label"), int(a.get("data-count"))) for a in links]
    assert [(f"http://testserver{u}", label, n) for u, label, n in segments(page)] == downloaded
    assert 'href="/timeline.svg?by=month"' in page.decode()


def test_the_csv_download_is_the_table(client, shipped_dataset_once):
    page = client.get("/timeline/").content.decode()
    response = client.get("/timeline.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    drawn = {label.split(":")[0]: n for _, label, n in segments(page.encode())}
    themes = [c for c in rows[0] if c not in ("period", "publications")]
    assert len(themes) >= 5
    for row in rows:
        assert row["period"] in page
        for theme in themes:
            assert int(row[theme]) == drawn.get(f"{theme}, {row['period']}", 0)
    assert sum(int(r["publications"]) for r in rows) > 0


@pytest.mark.parametrize("query", ["by=week", "theme=nope", "by=" + "x" * 10_000])
def test_bad_parameters_are_dropped_with_a_message(client, shipped_dataset_once, query):
    for url in ("/timeline/", "/timeline.svg", "/timeline.csv"):
        assert client.get(f"{url}?{query}").status_code == 200
    assert 'class="notice"' in client.get(f"/timeline/?{query}").content.decode()


def test_the_timeline_is_linked_from_the_navigation_and_the_home_page(client, shipped_dataset_once):
    home = client.get("/").content.decode()
    assert home.count('href="/timeline/"') >= 2
