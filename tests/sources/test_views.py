import json
import re
from html.parser import HTMLParser

import pytest

from apps.sources.models import Publication
from tests.portal.world import build_world

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.scripts: dict[str, str] = {}
        self._script_type = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.meta.append((attrs["name"], attrs["content"]))
        if tag == "script":
            self._script_type = attrs.get("type")

    def handle_data(self, data):
        if self._script_type:
            self.scripts[self._script_type] = self.scripts.get(self._script_type, "") + data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None


@pytest.fixture
def world():
    return build_world(scale=2)


def parse(html: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(html)
    return parser


def test_publication_page_shows_the_full_record(client, world):
    publication = world.publication
    html = client.get(publication.get_absolute_url()).content.decode()
    assert html.count("<h1") == 1
    assert f'<dd lang="zh-Hans">{publication.title_original}</dd>' in html
    assert "Translated title" in html and publication.title in html
    assert '<span lang="zh-Hans">经济走势跟踪</span>' in html
    assert "June 2018" in html and ">68<" in html
    assert f'href="{publication.url}"' in html
    assert "digital economy" in html
    for authorship in publication.authorships.all():
        assert f'href="{authorship.expert.get_absolute_url()}"' in html


def test_publication_page_links_each_citing_footnote_to_its_anchor_in_the_chapter(client, world):
    html = client.get(world.publication.get_absolute_url()).content.decode()
    for citation in world.publication.citations.select_related("footnote__chapter__analysis"):
        url = f"/analysis/{world.analysis.slug}/{citation.footnote.chapter.slug}/#fn-{citation.footnote.number}"
        assert f'href="{url}"' in html


def test_publication_page_links_the_positions_drawn_from_it(client, world):
    html = client.get(world.publication.get_absolute_url()).content.decode()
    for position in world.publication.positions.all():
        assert f'href="/viewpoints/{position.pk}/"' in html


def test_publication_page_carries_citation_meta_tags_and_csl_json(client, world):
    page = parse(client.get(world.publication.get_absolute_url()).content.decode())
    meta = dict(page.meta)
    assert meta["citation_title"] == world.publication.title_original
    assert [v for k, v in page.meta if k == "citation_author"][0] == "Wang, Yufeng"
    assert meta["citation_journal_title"] == "Macroeconomic Trend Monitor"
    assert meta["citation_publication_date"] == "2018/06"
    [item] = json.loads(page.scripts["application/vnd.citationstyles.csl+json"])
    assert item["title"] == world.publication.title_original
    assert item["translated-title"] == world.publication.title
    assert item["author"][0]["family"] == "Wang"


def test_publication_page_offers_a_formatted_citation(client, world):
    html = client.get(world.publication.get_absolute_url()).content.decode()
    citation = re.search(r'<p id="citation-text">(.*?)</p>', html, re.S).group(1)
    assert citation.startswith('Wang Yufeng (<span lang="zh-Hans">王砚峰</span>)')
    assert world.publication.url in citation


def test_publication_page_has_no_inline_executable_script(client, world):
    html = client.get(world.publication.get_absolute_url()).content.decode()
    for match in re.finditer(r"<script([^>]*)>", html):
        attrs = match.group(1)
        assert "src=" in attrs or 'type="application/vnd.citationstyles.csl+json"' in attrs


def test_unknown_publication_is_404(client):
    assert client.get("/publications/no-such-thing/").status_code == 404


@pytest.mark.parametrize("scale", [1, 3])
def test_publication_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, scale
):
    world = build_world(scale)
    # the data version (the key of the page's cached copy); publication (+venue, issuer);
    # authorships (+expert); tags; citing footnotes (+chapter, analysis); positions; their
    # themes; their holders; affiliations it states (+expert, institution); the analysis it
    # is the record of, if any.
    with django_assert_num_queries(10):
        client.get(world.publication.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(world.publication.get_absolute_url())


def test_every_publication_of_the_world_answers(client, world):
    for publication in Publication.objects.all():
        assert client.get(publication.get_absolute_url()).status_code == 200


def test_publication_page_links_citation_downloads(client, world):
    html = client.get(world.publication.get_absolute_url()).content.decode()
    for fmt in ("ris", "bib", "json"):
        url = f"{world.publication.get_absolute_url()}cite.{fmt}"
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


def test_ris_citation_starts_with_its_type_tag(client, world):
    ris = client.get(f"{world.publication.get_absolute_url()}cite.ris").content.decode()
    assert ris.startswith("TY  - ") and ris.rstrip().endswith("ER  -")
