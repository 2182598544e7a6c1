"""The period of /viewpoints/ on the shipped dataset (sources dated to the day, the month or the
year only): the page's count and facet counts equal filtering the positions by hand."""

import re
from collections import Counter

import pytest
from django.http import QueryDict

from apps.debate import filters
from apps.debate.models import Position
from tests.debate.test_period import span

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'<span class="count-figure">(\d+)</span>')
PERIODS = ["from=2018&to=2018", "from=2017-07&to=2018-03", "from=2018-06", "to=2017", "to=2017-06"]


def by_hand(query_string: str) -> list[Position]:
    bounds = dict(part.split("=") for part in query_string.split("&"))
    found = []
    for position in Position.objects.select_related("source").prefetch_related("themes"):
        if position.source.date is None:
            continue
        earliest, latest = span(position.source)
        start, end = bounds.get("from"), bounds.get("to")
        if start and f"{earliest:%Y-%m}"[: len(start)] < start:
            continue
        if end and f"{latest:%Y-%m}"[: len(end)] > end:
            continue
        found.append(position)
    return found


@pytest.mark.parametrize("query_string", PERIODS)
def test_counts_equal_filtering_by_hand(client, shipped_dataset_once, query_string):
    expected = by_hand(query_string)
    assert 0 < len(expected) < Position.objects.count()
    html = client.get(f"/viewpoints/?{query_string}").content.decode()
    assert 'class="notice"' not in html
    assert int(COUNT.search(html)[1]) == len(expected)
    counts = filters.facet_counts(filters.parse_viewpoint_params(QueryDict(query_string)))
    for name, values in (
        ("theme", lambda p: [t.slug for t in p.themes.all()]),
        ("pubkind", lambda p: [p.source.kind]),
    ):
        by_hand_counts = Counter(value for p in expected for value in values(p))
        assert {v.value: v.count for v in counts[name].values} == by_hand_counts, name


def test_a_month_leaves_out_the_sources_dated_to_its_year_only(client, shipped_dataset_once):
    year_only = Position.objects.filter(source_date_precision="year").exclude(source_date=None)
    year = year_only.values_list("source_date__year", flat=True).first()
    assert year is not None
    whole_year = by_hand(f"from={year}&to={year}")
    months = sum(len(by_hand(f"from={year}-{m:02d}&to={year}-{m:02d}")) for m in range(1, 13))
    assert months == len(whole_year) - year_only.filter(source_date__year=year).count()
