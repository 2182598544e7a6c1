"""Filtering, facet counts and sorting for /publications/.

GET parameters are whitelisted: ``kind``, ``year``, ``language`` and ``venue`` (a venue's
slug); each may repeat, values combine with OR inside a parameter and AND across parameters.
``sort`` is one of ``SORTS``. Unknown keys are ignored; unknown values are dropped and
reported back so the page can say so.

Facet counts follow the usual rule: each facet is counted against the publications filtered
by every *other* facet, one GROUP BY query per facet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, QuerySet, When
from django.http import QueryDict
from django.utils.http import urlencode

from apps.core.facets import FacetOption

from .models import Language, Publication, PublicationKind, Venue

FILTER_KEYS = ("kind", "year", "language", "venue")
MAX_VALUES = 20
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
YEAR = re.compile(r"^[0-9]{4}$")
# Venues with the most matching publications are offered; a chosen one is always shown.
VENUE_OPTIONS = 25

SORTS = {
    "newest": "newest first",
    "oldest": "oldest first",
    "title": "title, A–Z",
}
ORDERINGS = {
    "newest": (F("date").desc(nulls_last=True), "title", "pk"),
    "oldest": (F("date").asc(nulls_last=True), "title", "pk"),
    "title": ("title", "pk"),
}


@dataclass
class PublicationFilters:
    kind: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    venue: list[str] = field(default_factory=list)
    sort: str = "newest"
    ignored: list[tuple[str, str]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(getattr(self, key) for key in FILTER_KEYS)

    @property
    def sort_label(self) -> str:
        return SORTS[self.sort]

    def params(self) -> dict[str, list[str]]:
        params = {key: list(getattr(self, key)) for key in FILTER_KEYS}
        if self.sort != "newest":
            params["sort"] = [self.sort]
        return params


@dataclass
class Facet:
    key: str
    legend: str
    options: list[FacetOption]


def parse_filters(data: QueryDict) -> PublicationFilters:
    """Keep well-formed values of known keys; remember the rest to tell the reader.

    Kinds and languages are closed lists; years must be four digits and venues look like
    slugs (a well-formed slug no venue has simply matches nothing, and is reported by
    ``unknown_venues``).
    """
    valid = {
        "kind": lambda v: v in PublicationKind.values,
        "year": lambda v: bool(YEAR.match(v)),
        "language": lambda v: v in Language.values,
        "venue": lambda v: bool(SLUG.match(v)),
    }
    filters = PublicationFilters()
    for key in FILTER_KEYS:
        for value in dict.fromkeys(data.getlist(key)[:MAX_VALUES]):
            if valid[key](value):
                getattr(filters, key).append(value)
            elif value:
                filters.ignored.append((key, value[:40]))
    sort = data.get("sort", "")
    if sort in SORTS:
        filters.sort = sort
    elif sort:
        filters.ignored.append(("sort", sort[:40]))
    return filters


def chosen_venues(filters: PublicationFilters) -> dict[str, Venue]:
    """The chosen venues that exist, by slug (one query, and only when venues are chosen)."""
    if not filters.venue:
        return {}
    return {venue.slug: venue for venue in Venue.objects.filter(slug__in=filters.venue)}


def drop_unknown_venues(filters: PublicationFilters, known: dict[str, Venue]) -> None:
    for slug in [s for s in filters.venue if s not in known]:
        filters.venue.remove(slug)
        filters.ignored.append(("venue", slug))


def filter_publications(
    publications: QuerySet[Publication], filters: PublicationFilters, skip: str = ""
) -> QuerySet[Publication]:
    """Apply every facet but ``skip`` (the one being counted)."""
    if filters.kind and skip != "kind":
        publications = publications.filter(kind__in=filters.kind)
    if filters.year and skip != "year":
        publications = publications.filter(year__in=[int(y) for y in filters.year])
    if filters.language and skip != "language":
        publications = publications.filter(language__in=filters.language)
    if filters.venue and skip != "venue":
        publications = publications.filter(venue__slug__in=filters.venue)
    return publications


def listing(publications: QuerySet[Publication], filters: PublicationFilters) -> QuerySet:
    """The rows of the list, sorted, with what a row shows."""
    return publications.with_listing_relations().order_by(*ORDERINGS[filters.sort])


def _query(filters: PublicationFilters, key: str, value: str) -> str:
    params = filters.params()
    params[key] = [value]
    return urlencode({k: v for k, v in params.items() if v}, doseq=True)


def _counts(rows, key: str) -> dict[str, int]:
    return {str(row[key]): row["n"] for row in rows if row[key] is not None}


def publication_facets(
    publications: QuerySet[Publication],
    filters: PublicationFilters,
    venues: dict[str, Venue],
) -> list[Facet]:
    """Four facets, one GROUP BY query each.

    Each lists the values that occur under the other facets' selection, plus any chosen
    value (with a count of 0 if nothing is left): kinds and languages in their set order,
    years newest first, venues by how many publications they hold (the first 25).
    """
    base = publications.order_by()

    def counted(key: str) -> dict[str, int]:
        rows = filter_publications(base, filters, skip=key).values(key).annotate(n=Count("pk"))
        return _counts(rows, key)

    def options(key: str, labels: dict[str, str], counts: dict[str, int], zh=None):
        chosen = getattr(filters, key)
        return [
            FacetOption(
                value,
                label,
                counts.get(value, 0),
                value in chosen,
                _query(filters, key, value),
                (zh or {}).get(value, ""),
            )
            for value, label in labels.items()
            if value in counts or value in chosen
        ]

    kinds, languages, years = counted("kind"), counted("language"), counted("year")
    # Chosen venues sort first, so the cut at VENUE_OPTIONS never loses their counts.
    chosen_first = (
        [Case(When(venue__slug__in=filters.venue, then=0), default=1)] if filters.venue else []
    )
    venue_rows = (
        filter_publications(base, filters, skip="venue")
        .filter(venue__isnull=False)
        .values("venue__slug", "venue__name", "venue__name_zh")
        .annotate(n=Count("pk"))
        .order_by(*chosen_first, "-n", "venue__name")[:VENUE_OPTIONS]
    )
    venue_counts = {row["venue__slug"]: row["n"] for row in venue_rows}
    venue_labels = {row["venue__slug"]: row["venue__name"] for row in venue_rows}
    venue_zh = {row["venue__slug"]: row["venue__name_zh"] for row in venue_rows}
    for slug, venue in venues.items():
        venue_labels.setdefault(slug, venue.name)
        venue_zh.setdefault(slug, venue.name_zh)
    year_labels = {y: y for y in sorted({*years, *filters.year}, reverse=True)}
    return [
        Facet("kind", "Kind", options("kind", dict(PublicationKind.choices), kinds)),
        Facet("year", "Year", options("year", year_labels, years)),
        Facet("language", "Language", options("language", dict(Language.choices), languages)),
        Facet(
            "venue",
            "Journal, newspaper or website",
            options("venue", venue_labels, venue_counts, venue_zh),
        ),
    ]
