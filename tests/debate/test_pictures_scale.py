"""The pictures at any size: generated data (apps/synthetic) drawn with the counts of the
pages they link to and every relation once; the same number of SQL queries per picture page
and download however many positions and relations there are; bad input a 404, never a 500."""

import csv
import io
import itertools
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.debate import facetindex
from apps.debate.models import Position, PositionRelation, RelationKind
from tests.portal.test_bad_input import ODD_VALUES
from tests.portal.test_pictures_shipped import BAR, EDGE, results_count

pytestmark = pytest.mark.django_db

# The first request after a write, in a new process (the facet index read whole: 10):
# overview: the data version, the index, themes, their questions;
OVERVIEW = 1 + 10 + 2
# one theme's: + the theme by slug;
THEME_OVERVIEW = OVERVIEW + 1
# a theme page (tests/debate/test_views.py THEME) with relations: + the positions at either
# end and their holders (4 prefetches); a theme's maps read the same overview.
THEME_PAGE = 18 + 4
MAP = THEME_PAGE
# the home page: the data version, the analysis and its chapters, the counts (themes, six
# totals), the overview (the index, themes, questions).
HOME = 1 + 2 + 7 + 10 + 2
PICTURES = {
    "/themes/social-credit/": THEME_PAGE,
    "/themes/overview.svg": OVERVIEW,
    "/themes/overview.csv": OVERVIEW,
    "/themes/social-credit/overview.svg": THEME_OVERVIEW,
    "/themes/social-credit/overview.csv": THEME_OVERVIEW,
    "/themes/social-credit/map.svg": MAP,
    "/themes/social-credit/map.csv": MAP,
    "/themes/social-credit/map.svg?question=q1": MAP,
    "/themes/social-credit/map.csv?question=q1": MAP,
    "/": HOME,
}


def relate(positions: list[Position], n: int) -> list[PositionRelation]:
    """``n`` relations of every kind between positions on questions, each pair once."""
    placed = [p for p in positions if p.question_id]
    kinds = itertools.cycle(RelationKind.values)
    made = []
    for a, b in itertools.combinations(placed, 2):
        if len(made) == n:
            break
        if PositionRelation.objects.filter(position=a, target=b).exists():
            continue
        made.append(
            PositionRelation.objects.create(
                position=a, target=b, kind=next(kinds), publication=a.source, note="In reply."
            )
        )
    assert len(made) == n
    return made


def queries(client, url: str) -> tuple[int, bytes]:
    facetindex.forget()  # read whole, as by a new process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content


@pytest.mark.parametrize(("url", "expected"), PICTURES.items())
def test_queries_per_picture_do_not_grow_with_the_data(client, debate, url, expected):
    debate.add_positions(8)
    relate(debate.positions, 3)
    small, small_body = queries(client, url)
    debate.add_positions(24)  # four times as many, relations too
    relate(debate.positions, 12)
    large, large_body = queries(client, url)
    assert small == large == expected, url
    assert small_body != large_body, url  # the larger data set is really drawn


@pytest.fixture
def generated(db):
    call_command(
        "generate_synthetic", positions=80, experts=12, publications=30, seed=7, verbosity=0
    )
    positions = list(Position.objects.exclude(question=None).order_by("pk")[:40])
    return relate(positions, 30)


def test_generated_overview_counts_are_the_counts_of_the_pages_linked(client, generated):
    bars = BAR.findall(client.get("/themes/overview.svg").content.decode())
    assert len(bars) >= 10
    for url, count in bars:
        assert results_count(client, unescape(url)) == int(count), url
    text = client.get("/themes/overview.csv").content.decode()[1:]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sum(int(r["count"]) for r in rows) == sum(int(c) for _, c in bars)
    assert (
        sum(int(r["count"]) for r in rows)
        == Position.objects.exclude(question=None).exclude(stance="").count()
    )


def test_generated_maps_draw_every_relation_once_on_each_theme_it_touches(client, generated):
    seen = []
    for slug in (
        Position.objects.exclude(question=None)
        .values_list("question__theme__slug", flat=True)
        .distinct()
    ):
        edges = EDGE.findall(client.get(f"/themes/{slug}/map.svg").content.decode())
        pks = [int(pk) for pk, *_ in edges]
        assert len(pks) == len(set(pks)), slug
        for pk, source, target, _ in edges:
            relation = PositionRelation.objects.get(pk=pk)
            assert slug in (
                relation.position.question.theme.slug,
                relation.target.question.theme.slug,
            )
            assert (relation.position_id, relation.target_id) == (int(source), int(target))
        seen += pks
    assert set(seen) == {r.pk for r in generated}


def test_unknown_themes_and_questions_are_404(client, debate):
    for url in PICTURES:
        if "social-credit" in url:
            assert client.get(url.replace("social-credit", "no-such-theme")).status_code == 404
    response = client.get("/themes/social-credit/map.svg", {"question": "no-such-question"})
    assert response.status_code == 404
    assert "no contested question" in response.content.decode()


@pytest.mark.parametrize("url", ["/themes/social-credit/map.svg", "/themes/social-credit/map.csv"])
def test_odd_parameters_never_give_a_server_error(client, debate, url):
    debate.add_positions(4)
    for key in ("question", "theme", "page", "unknown"):
        for value in ODD_VALUES:
            response = client.get(url, {key: value})
            assert response.status_code in (200, 400, 404), (key, value)
    for url in ("/themes/overview.svg", "/themes/social-credit/overview.csv"):
        assert client.get(url, {"question": "x" * 10_000, "stance": "\x00"}).status_code == 200
