"""The pictures on the shipped dataset: every count the stance overview draws (SVG and CSV,
every theme's and one theme's) is the count of the viewpoints page it links to, and each
theme's debate map draws every relation of its questions once, between the right positions."""

import csv
import io
import re
from collections import Counter
from html import unescape

import pytest

from apps.debate.models import PositionRelation, Question, Theme

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
BAR = re.compile(
    r'<a href="http://testserver(/viewpoints/\?[^"]+)" aria-label="[^"]*" data-count="(\d+)">'
)
EDGE = re.compile(r'data-relation="(\d+)" data-from="(\d+)" data-to="(\d+)" data-kind="(\w+)"')
NODE = re.compile(
    r'<a href="(?:http://testserver)?(/viewpoints/(\d+)/)" class="dm-node"[^>]*data-position="(\d+)"'
)


@pytest.fixture(scope="module", autouse=True)
def shipped(shipped_dataset_once):
    return shipped_dataset_once


def results_count(client, url: str) -> int:
    page = client.get(url).content.decode()
    return int(re.search(r'id="vp-count"[^>]*><span class="count-figure">(\d+)<', page).group(1))


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_each_bar_of_the_overview_svg_counts_what_its_link_lists(client):
    response = client.get("/themes/overview.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    svg = response.content.decode()
    assert svg.startswith("<svg") and "<style" not in svg
    bars = BAR.findall(svg)
    assert len(bars) >= Question.objects.count()
    for url, count in bars:
        assert results_count(client, unescape(url)) == int(count), url
    # The same cells, with the same counts, as the home page's table.
    home = client.get("/").content.decode()
    cells = re.findall(
        r'<td class="qt-num"><a href="(/viewpoints/\?[^"]+)" aria-label="(\d+) ', home
    )
    assert sorted(cells) == sorted(bars)


def test_the_overview_csv_has_every_question_and_stance_with_the_count_of_its_link(client):
    rows = csv_rows(client.get("/themes/overview.csv"))
    assert list(rows[0]) == ["theme", "question", "stance", "count", "link"]
    assert len(rows) == 3 * Question.objects.count()
    for row in rows:
        assert row["link"].startswith(SITE + "/viewpoints/?question=")
        assert results_count(client, row["link"].removeprefix(SITE)) == int(row["count"]), row


def test_one_themes_overview_holds_its_questions_only(client):
    theme = Theme.objects.get(slug="social-credit")
    questions = set(theme.questions.values_list("text", flat=True))
    rows = csv_rows(client.get(f"/themes/{theme.slug}/overview.csv"))
    assert {r["question"] for r in rows} == questions
    assert {r["theme"] for r in rows} == {theme.name}
    svg = client.get(f"/themes/{theme.slug}/overview.svg").content.decode()
    drawn = Counter(int(n) for _, n in BAR.findall(svg))
    listed = Counter(int(r["count"]) for r in rows if int(r["count"]))
    assert drawn == listed


def theme_relations(theme: Theme) -> set[int]:
    ids = list(theme.questions.values_list("pk", flat=True))
    return set(
        PositionRelation.objects.filter(position__question__in=ids).values_list("pk", flat=True)
    ) | set(PositionRelation.objects.filter(target__question__in=ids).values_list("pk", flat=True))


@pytest.mark.parametrize("where", ["page", "file"])
def test_each_theme_map_draws_each_relation_once_between_its_positions(client, where):
    seen = set()
    for theme in Theme.objects.all():
        url = f"/themes/{theme.slug}/" if where == "page" else f"/themes/{theme.slug}/map.svg"
        drawn = client.get(url).content.decode()
        edges = EDGE.findall(drawn)
        assert Counter(int(pk) for pk, *_ in edges) == Counter(theme_relations(theme)), theme
        nodes = {int(pk): href for href, pk, same in NODE.findall(drawn) if pk == same}
        for pk, source, target, kind in edges:
            relation = PositionRelation.objects.get(pk=pk)
            assert (relation.position_id, relation.target_id, relation.kind) == (
                int(source),
                int(target),
                kind,
            )
            assert nodes[int(source)] == relation.position.get_absolute_url()
            assert nodes[int(target)] == relation.target.get_absolute_url()
        seen |= {int(pk) for pk, *_ in edges}
    assert seen == set(PositionRelation.objects.values_list("pk", flat=True))


def test_a_question_map_holds_that_questions_relations_and_its_csv_the_evidence(client):
    relation = PositionRelation.objects.select_related("position__question__theme").get(
        position__slug="hu-naihong-social-credit-in-the-history-of-credit-rating",
        kind="disputes",
    )
    question = relation.position.question
    base = f"/themes/{question.theme.slug}/map"
    svg = client.get(f"{base}.svg", {"question": question.slug}).content.decode()
    drawn = {int(pk) for pk, *_ in EDGE.findall(svg)}
    assert relation.pk in drawn
    assert drawn <= theme_relations(question.theme)
    rows = csv_rows(client.get(f"{base}.csv", {"question": question.slug}))
    assert len(rows) == len(drawn)
    row = next(
        r for r in rows if r["from_position"].endswith(f"/viewpoints/{relation.position_id}/")
    )
    assert row["relation"] == "disputes"
    assert row["from_expert"] == "Hu Naihong"
    assert row["to_position"] == SITE + relation.target.get_absolute_url()
    assert row["attribution"] == relation.attribution
    assert row["evidence_footnote"] == str(relation.footnote)
    assert row["evidence_link"] == SITE + relation.footnote.get_absolute_url()
    assert row["question"] == question.text


def test_the_theme_page_links_its_downloads_beside_each_picture(client):
    page = client.get("/themes/social-credit/").content.decode()
    for url in (
        "/themes/social-credit/overview.svg",
        "/themes/social-credit/overview.csv",
        "/themes/social-credit/map.svg",
        "/themes/social-credit/map.csv?question=",
    ):
        assert f'href="{url}' in page, url
    home = client.get("/").content.decode()
    assert 'href="/themes/overview.svg"' in home and 'href="/themes/overview.csv"' in home
    for href in re.findall(r'href="(/themes/[^"]+\.(?:svg|csv)[^"]*)"', page + home):
        assert client.get(unescape(href)).status_code == 200, href
