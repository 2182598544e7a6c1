"""/timeline/ on a built dataset: counts equal to counting by hand, constant queries."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.core.models import DatePrecision
from apps.debate import facetindex
from apps.debate import timeline as timelines
from apps.portal.timeline_svg import TimelineMarkup
from tests.debate.conftest import build_debate
from tests.factories import PositionFactory, PublicationFactory
from tests.portal.test_timeline_shipped import segments

# The data version; the facet index read whole (10: see tests/debate/test_views.py); the
# themes for the form. The publications per period come from the index too.
TIMELINE = 12


@pytest.fixture
def data(db):
    debate = build_debate()
    debate.add_positions(24)  # 2015-2018, dated to the month
    social = debate.themes[0]
    PositionFactory(
        source=PublicationFactory(date=None, date_precision=DatePrecision.UNKNOWN), themes=[social]
    )
    year_only = PublicationFactory(
        date=datetime.date(2016, 1, 1), date_precision=DatePrecision.YEAR
    )
    PositionFactory(source=year_only, themes=[social])
    return debate


def by_hand(data, month: bool) -> Counter:
    counts: Counter = Counter()
    for position, record in zip(data.positions, data.records, strict=True):
        date = position.source.date
        period = f"{date:%Y-%m}" if month else f"{date:%Y}"
        for theme in record["theme"]:
            counts[theme, period] += 1
    return counts


@pytest.mark.parametrize("month", [False, True])
def test_each_segment_is_counted_as_by_hand(client, data, month):
    drawn = segments(client.get("/timeline/?by=month" if month else "/timeline/").content)
    got = Counter()
    for url, _, count in drawn:
        theme = url.split("theme=")[1].split("&")[0]
        got[theme, url.split("from=")[1].split("&")[0]] = count
    expected = by_hand(data, month)
    if not month:  # the position whose source gives only its year is in 2016
        expected["social-credit", "2016"] += 1
    assert got == expected


@pytest.mark.parametrize("by", ["year", "month"])
def test_each_link_drawn_is_its_cells_own(data, by):
    timeline = timelines.timeline(*timelines.parse_timeline_params(QueryDict(f"by={by}")))
    counted = [cell for row in timeline.rows for cell in row.cells if cell.count]
    links = TimelineMarkup(timeline).links
    assert links == {(cell.theme.value, cell.period): cell.url for cell in counted}


def test_per_month_the_year_only_position_is_left_out_and_said_so(client, data):
    html = client.get("/timeline/?by=month").content.decode()
    assert "the 1 viewpoint whose source gives only its year" in html
    assert '(<a href="/timeline/">see them per year</a>)' in html


def test_a_theme_chosen_keeps_its_segments_only(client, data):
    drawn = segments(client.get("/timeline/?theme=digital-economy").content)
    assert {url.split("&")[0] for url, _, _ in drawn} == {"/viewpoints/?theme=digital-economy"}
    assert sum(n for _, _, n in drawn) == sum(
        n for (theme, _), n in by_hand(data, False).items() if theme == "digital-economy"
    )


def test_no_dated_position_says_so(client, db):
    build_debate()
    html = client.get("/timeline/").content.decode()
    assert "No dated viewpoint yet." in html
    assert client.get("/timeline.csv").content.decode("utf-8-sig").startswith("period,")


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/timeline/", TIMELINE), ("/timeline/?by=month&theme=social-credit", TIMELINE + 1)],
)
def test_queries_do_not_grow_with_rows(client, db, django_assert_num_queries, url, queries):
    debate = build_debate()
    debate.add_positions(6)
    facetindex.forget()
    with django_assert_num_queries(queries):
        small = client.get(url)
    downloads = _download_queries(url)
    debate.add_positions(18)
    facetindex.forget()
    with django_assert_num_queries(queries):
        large = client.get(url)
    assert small.content != large.content
    assert _download_queries(url) == downloads


def _download_queries(url: str) -> list[int]:
    """How many queries the SVG and the CSV of ``url``'s selection run."""
    counts = []
    for download in ("/timeline.svg", "/timeline.csv"):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(download + url.removeprefix("/timeline/")).status_code == 200
        counts.append(len(queries))
    return counts
