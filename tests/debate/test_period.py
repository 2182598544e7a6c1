"""The period of /viewpoints/ (?from=YYYY[-MM]&to=YYYY[-MM], inclusive, on the source date):
pages, counts, the fragment, exports and bad values, each checked against filtering by hand."""

import csv
import datetime
import io
import json
from collections import Counter

import pytest
from django.http import QueryDict

from apps.core.models import DatePrecision
from apps.debate import facetindex, filters
from tests.debate.test_views import VIEWPOINTS
from tests.factories import PositionFactory, PublicationFactory

RANGES = [
    # (query string, first day, last day) — None: open
    ("from=2016&to=2016", datetime.date(2016, 1, 1), datetime.date(2016, 12, 31)),
    ("from=2016-03&to=2017-02", datetime.date(2016, 3, 1), datetime.date(2017, 2, 28)),
    ("from=2015-05&to=2015-05", datetime.date(2015, 5, 1), datetime.date(2015, 5, 31)),
    ("from=2017", datetime.date(2017, 1, 1), None),
    ("to=2015-06", None, datetime.date(2015, 6, 30)),
    ("from=2015-11&to=2018", datetime.date(2015, 11, 1), datetime.date(2018, 12, 31)),
    ("from=2016-01&to=2016-12", datetime.date(2016, 1, 1), datetime.date(2016, 12, 31)),
    ("from=2016-02&to=2016-11", datetime.date(2016, 2, 1), datetime.date(2016, 11, 30)),
]


@pytest.fixture
def dated(debate_with_positions):
    """24 positions dated 2015-2018 (every month of the year): most to the month, some to the
    day, some to the year only (stored mid-year, as a researcher may enter them); and one
    without a date."""
    for i, position in enumerate(debate_with_positions.positions):
        source = position.source
        if i % 6 == 1:
            source.date, source.date_precision = source.date.replace(month=7), "year"
        elif i % 6 == 2:
            source.date, source.date_precision = source.date.replace(day=15), "day"
        source.save()  # copied onto the position
    PositionFactory(
        source=PublicationFactory(date=None, date_precision=DatePrecision.UNKNOWN),
        themes=[debate_with_positions.themes[0]],
    )
    return debate_with_positions


def span(source) -> tuple[datetime.date, datetime.date]:
    """The days a source's date may stand for."""
    day = source.date
    if source.date_precision == "year":
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if source.date_precision == "month":
        following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return day.replace(day=1), following - datetime.timedelta(days=1)
    return day, day


def within(data, first, last) -> list:
    """The positions whose every possible day is within [first, last], by hand."""
    found = []
    for p, record in zip(data.positions, data.records, strict=True):
        earliest, latest = span(p.source)
        if (first is None or earliest >= first) and (last is None or latest <= last):
            found.append((p, record))
    return found


def parse(query_string: str) -> filters.ViewpointQuery:
    return filters.parse_viewpoint_params(QueryDict(query_string))


@pytest.mark.parametrize(("query_string", "first", "last"), RANGES)
def test_pages_and_sql_select_the_positions_dated_within_the_period(
    dated, query_string, first, last
):
    expected = {p.pk for p, _ in within(dated, first, last)}
    assert expected  # each range selects something, and not everything
    assert len(expected) < len(dated.positions)
    query = parse(query_string)
    assert not query.messages
    assert set(filters.filter_positions(query).values_list("pk", flat=True)) == expected
    page, _ = filters.paginate(parse(f"{query_string}&size=100"))
    assert set(page.object_list) == expected


@pytest.mark.parametrize(("query_string", "first", "last"), RANGES)
def test_other_facets_are_counted_within_the_period(dated, query_string, first, last):
    selected = within(dated, first, last)
    counts = filters.facet_counts(parse(query_string))
    for name in ("theme", "stance", "expert", "year"):
        by_hand = Counter(value for _, record in selected for value in record[name])
        assert {v.value: v.count for v in counts[name].values} == dict(by_hand), name


def test_a_source_dated_to_its_year_is_in_that_year_not_in_its_months(dated):
    i = next(i for i, p in enumerate(dated.positions) if p.source.date_precision == "year")
    position, year = dated.positions[i], dated.positions[i].source.date.year
    inside = [f"from={year}&to={year}", f"from={year}-01&to={year}-12", f"from={year - 1}-06"]
    outside = [f"from={year}-02&to={year}", f"from={year}&to={year}-11", f"to={year}-07"]
    for query_string in inside + outside:
        selected = set(filters.filter_positions(parse(query_string)).values_list("pk", flat=True))
        page, _ = filters.paginate(parse(f"{query_string}&size=100"))
        assert set(page.object_list) == selected, query_string
        assert (position.pk in selected) == (query_string in inside), query_string


def test_period_combines_with_the_other_facets(dated):
    selected = [
        p.pk
        for p, record in within(dated, datetime.date(2016, 1, 1), datetime.date(2017, 12, 31))
        if "social-credit" in record["theme"]
    ]
    query = parse("theme=social-credit&from=2016&to=2017")
    assert sorted(filters.filter_positions(query).values_list("pk", flat=True)) == sorted(selected)
    theme = {v.value: v.count for v in filters.facet_counts(query)["theme"].values}
    assert theme["social-credit"] == len(selected)


def test_page_shows_the_period_as_inputs_chips_and_in_the_shareable_url(client, dated):
    expected = len(within(dated, datetime.date(2016, 3, 1), datetime.date(2017, 12, 31)))
    html = client.get("/viewpoints/?to=2017&from=2016-03&utm_source=x").content.decode()
    assert f'<span class="count-figure">{expected}</span>' in html
    assert 'name="from" value="2016-03"' in html
    assert 'name="to" value="2017"' in html
    assert "March 2016" in html  # the chip
    assert 'href="/viewpoints/?to=2017"' in html  # the chip removes its bound only
    assert 'href="/viewpoints/?from=2016-03"' in html
    assert "export.csv?from=2016-03&amp;to=2017" in html


def test_the_cached_page_is_keyed_by_the_period(client, dated):
    counts = []
    for query_string in ("from=2015&to=2015", "from=2016&to=2018", "from=2015&to=2015"):
        html = client.get(f"/viewpoints/?{query_string}").content.decode()
        counts.append(html.split('<span class="count-figure">')[1].split("<")[0])
    assert counts[0] == counts[2] != counts[1]


def test_htmx_fragment_follows_the_period_and_pushes_the_canonical_url(client, dated):
    expected = len(within(dated, datetime.date(2018, 1, 1), None))
    response = client.get("/viewpoints/?q=&from=2018&to=", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response["HX-Push-Url"] == "/viewpoints/?from=2018"
    assert html.lstrip().startswith("<div") or "<title>" in html
    assert "<html" not in html
    assert f'<span class="count-figure">{expected}</span>' in html


def test_exports_take_the_period(client, dated):
    first, last = datetime.date(2016, 3, 1), datetime.date(2017, 2, 28)
    expected = {f"/viewpoints/{p.pk}/" for p, _ in within(dated, first, last)}
    response = client.get("/viewpoints/export.csv?from=2016-03&to=2017-02")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["url"].split("testserver")[1] for row in rows} == expected
    data = json.loads(client.get("/viewpoints/export.json?from=2016-03&to=2017-02").content)
    assert data["count"] == len(expected)
    assert data["query"] == {"from": ["2016-03"], "to": ["2017-02"]}


@pytest.mark.parametrize(
    "query_string",
    [
        "from=abcd",
        "from=2019-13",
        "to=2019-00",
        "from=0000",
        "from=2019&to=2017",
        "from=2019-05&to=2019-04",
        "from=" + "9" * 10_000,
        "to=" + "x" * 10_000,
        "from=%D9%A2%D9%A0%D9%A1%D9%A8",  # Arabic-Indic digits
        "from=2017-1",
        "from=2017-03-01",
    ],
)
def test_bad_periods_are_dropped_with_a_message(client, dated, query_string):
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(f"/viewpoints/?{query_string}", **headers)
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="notice"' in html
        assert f'<span class="count-figure">{len(dated.positions) + 1}</span>' in html
    assert client.get(f"/viewpoints/export.csv?{query_string}").status_code == 200


def test_queries_stay_constant_with_a_period(client, debate, django_assert_num_queries):
    debate.add_positions(6)
    facetindex.forget()
    with django_assert_num_queries(VIEWPOINTS):
        small = client.get("/viewpoints/?from=2016-02&to=2017")
    debate.add_positions(12)
    facetindex.forget()
    with django_assert_num_queries(VIEWPOINTS):
        large = client.get("/viewpoints/?from=2016-02&to=2017")
    assert small.content != large.content
