"""/timeline/ on generated data (apps/synthetic: sources dated to the day, the month or the year
only, 2005-2024): every segment counts what its link lists, and per theme the segments add up
to the theme's count among the dated viewpoints."""

import csv
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import F
from django.http import QueryDict

from apps.debate import filters
from apps.debate.models import Position, Theme
from apps.sources.models import Publication
from tests.portal.test_timeline_shipped import segments

pytestmark = pytest.mark.django_db

COUNT = re.compile(r'<span class="count-figure">(\d+)</span>')


@pytest.fixture
def generated(db):
    call_command(
        "generate_synthetic", positions=60, experts=12, publications=30, seed=5, verbosity=0
    )


def test_positions_copy_their_sources_date_precision(generated):
    positions = Position.objects.all()
    assert positions.exclude(source_date_precision=F("source__date_precision")).count() == 0
    assert len(set(positions.values_list("source_date_precision", flat=True))) >= 3


@pytest.mark.parametrize("by", ["year", "month"])
def test_each_segment_counts_what_its_link_lists(client, generated, by):
    drawn = segments(client.get(f"/timeline/?by={by}").content)
    assert len(drawn) >= 10
    for url, label, count in drawn:
        page = client.get(url).content.decode()
        assert int(COUNT.search(page)[1]) == count, (label, url)
    per_theme = Counter()
    for url, _, count in drawn:
        per_theme[url.split("theme=")[1].split("&")[0]] += count
    # Per year every dated viewpoint is drawn (the facet counts of the page of every dated
    # one); per month, those dated to the month or the day (counted by hand).
    if by == "year":
        counts = filters.facet_counts(filters.parse_viewpoint_params(QueryDict("to=9999")))
        expected = {v.value: v.count for v in counts["theme"].values}
    else:
        monthly = Position.objects.exclude(source_date=None).exclude(source_date_precision="year")
        expected = Counter(monthly.exclude(themes=None).values_list("themes__slug", flat=True))
    assert per_theme == expected


def by_hand(positions, by: str) -> dict[str, int]:
    """The distinct sources of the dated positions, per period, counted row by row."""
    if by == "month":
        positions = positions.exclude(source_date_precision="year")
    pairs = set()
    for day, source in positions.exclude(source_date=None).values_list("source_date", "source"):
        pairs.add((f"{day.year:04d}" if by == "year" else f"{day:%Y-%m}", source))
    return dict(Counter(period for period, _ in pairs))


@pytest.mark.parametrize("by", ["year", "month"])
def test_the_publications_of_each_period_are_the_sources_of_its_viewpoints(client, generated, by):
    def downloaded(query: str) -> dict[str, int]:
        response = client.get(f"/timeline.csv?by={by}{query}")
        rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        return {
            row["period"]: int(row["publications"]) for row in rows if row["publications"] != "0"
        }

    theme = Theme.objects.filter(positions__isnull=False).first()
    assert downloaded("") == by_hand(Position.objects.all(), by)
    assert downloaded(f"&theme={theme.slug}") == by_hand(theme.positions.all(), by)
    # After a write (the index patched, not read again) the counts follow it.
    moved = Position.objects.exclude(source_date=None).first()
    moved.source = Publication.objects.exclude(pk=moved.source_id).exclude(date=None).last()
    moved.save()
    assert downloaded("") == by_hand(Position.objects.all(), by)
