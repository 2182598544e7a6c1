import datetime

import pytest
from django.http import QueryDict

from apps.portal.counts import publications_with_counts
from apps.sources.filters import (
    VENUE_OPTIONS,
    chosen_venues,
    drop_unknown_venues,
    filter_publications,
    listing,
    parse_filters,
    publication_facets,
)
from apps.sources.models import Publication
from tests.factories import CitationFactory, PublicationFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_parse_filters_keeps_well_formed_values_and_reports_the_rest():
    filters = parse_filters(
        QueryDict(
            "kind=report&kind=pamphlet&year=2018&year=20x8&language=zh&language=fr"
            "&venue=people-s-daily&venue=no%20slug!&sort=random&x=1"
        )
    )
    assert filters.kind == ["report"]
    assert filters.year == ["2018"]
    assert filters.language == ["zh"]
    assert filters.venue == ["people-s-daily"]
    assert filters.sort == "newest"
    assert set(filters.ignored) == {
        ("kind", "pamphlet"),
        ("year", "20x8"),
        ("language", "fr"),
        ("venue", "no slug!"),
        ("sort", "random"),
    }


def test_a_well_formed_venue_no_one_has_is_reported_and_dropped():
    VenueFactory(slug="xinhua")
    filters = parse_filters(QueryDict("venue=xinhua&venue=nowhere"))
    venues = chosen_venues(filters)
    drop_unknown_venues(filters, venues)
    assert filters.venue == ["xinhua"]
    assert ("venue", "nowhere") in filters.ignored


@pytest.fixture
def shelf():
    daily = VenueFactory(slug="daily", name="Daily")
    monthly = VenueFactory(slug="monthly", name="Monthly", name_zh="月刊")
    return {
        "report-zh-2018": PublicationFactory(
            title="B report", kind="report", language="zh", venue=daily
        ),
        "article-zh-2017": PublicationFactory(
            title="A article",
            kind="journal_article",
            language="zh",
            venue=monthly,
            date=datetime.date(2017, 5, 1),
        ),
        "article-en-2018": PublicationFactory(
            title="C article", kind="journal_article", language="en", venue=monthly
        ),
        "undated": PublicationFactory(
            title="D undated",
            kind="report",
            language="en",
            date=None,
            date_precision="unknown",
        ),
    }


def titles(queryset):
    return sorted(p.title for p in queryset)


def test_values_of_one_facet_are_ored_and_facets_are_anded(shelf):
    filters = parse_filters(QueryDict("kind=report&kind=journal_article&language=zh"))
    assert titles(filter_publications(Publication.objects.all(), filters)) == [
        "A article",
        "B report",
    ]
    filters = parse_filters(QueryDict("year=2018&venue=monthly"))
    assert titles(filter_publications(Publication.objects.all(), filters)) == ["C article"]


def counts(facets):
    return {f.key: {o.value: (o.count, o.selected) for o in f.options} for f in facets}


def test_facet_counts_ignore_their_own_selection_and_follow_the_others(shelf):
    filters = parse_filters(QueryDict("kind=journal_article&language=zh"))
    facets = counts(publication_facets(Publication.objects.all(), filters, {}))
    # Kinds are counted among Chinese publications, whatever kind is chosen.
    assert facets["kind"] == {"report": (1, False), "journal_article": (1, True)}
    # Languages among journal articles, whatever language is chosen.
    assert facets["language"] == {"zh": (1, True), "en": (1, False)}
    # Years and venues under both choices.
    assert facets["year"] == {"2017": (1, False)}
    assert facets["venue"] == {"monthly": (1, False)}


def test_a_chosen_value_with_nothing_left_is_still_offered_with_zero(shelf):
    filters = parse_filters(QueryDict("year=2017&venue=daily"))
    venues = chosen_venues(filters)
    facets = counts(publication_facets(Publication.objects.all(), filters, venues))
    assert facets["venue"]["daily"] == (0, True)
    assert facets["year"]["2017"] == (0, True)


def test_a_chosen_venue_beyond_the_offered_ones_keeps_its_count():
    for i in range(VENUE_OPTIONS + 2):
        venue = VenueFactory(slug=f"busy-{i}")
        PublicationFactory.create_batch(2, venue=venue)
    quiet = VenueFactory(slug="quiet", name="Zzz quiet")
    PublicationFactory(venue=quiet)
    filters = parse_filters(QueryDict("venue=quiet"))
    facets = counts(publication_facets(Publication.objects.all(), filters, chosen_venues(filters)))
    assert facets["venue"]["quiet"] == (1, True)
    assert len(facets["venue"]) == VENUE_OPTIONS


def test_facet_links_keep_the_other_choices_and_the_sort(shelf):
    filters = parse_filters(QueryDict("kind=report&year=2018&sort=title"))
    [kind, *_] = publication_facets(Publication.objects.all(), filters, {})
    article = next(o for o in kind.options if o.value == "journal_article")
    assert article.query == "kind=journal_article&year=2018&sort=title"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["B report", "C article", "A article", "D undated"]),
        ("oldest", ["A article", "B report", "C article", "D undated"]),
        ("title", ["A article", "B report", "C article", "D undated"]),
    ],
)
def test_sorting_puts_undated_publications_last_by_date(shelf, sort, expected):
    filters = parse_filters(QueryDict(f"sort={sort}"))
    rows = listing(Publication.objects.all(), filters)
    assert [p.title for p in rows] == expected


def test_listing_counts_the_footnotes_citing_each_publication(shelf):
    cited = shelf["report-zh-2018"]
    CitationFactory.create_batch(3, publication=cited)
    listed = listing(Publication.objects.all(), parse_filters(QueryDict()))
    rows = {p.pk: p for p in publications_with_counts(listed)}
    assert rows[cited.pk].footnote_count == 3
    assert rows[shelf["undated"].pk].footnote_count == 0
