"""A validated /viewpoints/ request (:class:`ViewpointQuery`), parsed from its query string."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict

from apps.core.chinese import normalise

from .cleaning import clean_text, parse_int, shorten, split_values
from .links import viewpoints_url
from .period import Bound, Period, parse_period
from .specs import FACETS, Selected

MAX_QUERY_CHARS = 200


MAX_QUERY_WORDS = 12


MAX_VALUES_PER_FACET = 20


DEFAULT_PAGE_SIZE = 20


PAGE_SIZE_RANGE = (10, 100)


SORTS = {
    "newest": "newest source first",
    "oldest": "oldest source first",
    "expert": "by expert name",
}


DEFAULT_SORT = "newest"


@dataclass
class ViewpointQuery:
    """A validated /viewpoints/ request: what the user asked for, and what we told them."""

    selected: dict[str, list[Selected]] = field(default_factory=dict)
    period: Period = field(default_factory=Period)
    q: str = ""
    words: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    messages: list[str] = field(default_factory=list)
    # The data version, read once per request, and the selection's rows in the facet index
    # (with a weak reference to the index whose rows they are: see index_selection()).
    data_version: str | None = field(default=None, repr=False, compare=False)
    index_masks: tuple[weakref.ref, dict] | None = field(default=None, repr=False, compare=False)

    def values(self, facet: str) -> list[Selected]:
        return self.selected.get(facet, [])

    @property
    def is_filtered(self) -> bool:
        return bool(self.words) or bool(self.period) or any(self.selected.values())

    def params(self, *, without: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """The canonical query parameters (no page), optionally without one facet value."""
        pairs: list[tuple[str, str]] = []
        if self.q and ("q", self.q) != without:
            pairs.append(("q", self.q))
        for spec in FACETS:
            pairs += [
                (spec.name, s.value)
                for s in self.values(spec.name)
                if (spec.name, s.value) != without
            ]
        pairs += [(name, b.value) for name, b in self.period.bounds() if (name, b.value) != without]
        if self.sort != DEFAULT_SORT:
            pairs.append(("sort", self.sort))
        if self.size != DEFAULT_PAGE_SIZE:
            pairs.append(("size", str(self.size)))
        return pairs

    @property
    def period_fields(self) -> list[tuple[str, str, Bound | None]]:
        """The period's inputs: (parameter, label, bound given or None)."""
        return [("from", "From", self.period.start), ("to", "To", self.period.end)]

    @property
    def querystring(self) -> str:
        """The canonical selection as a query string, e.g. for the CSV/JSON export links."""
        return urlencode(self.params())

    def url(self, *, page: int = 1, without: tuple[str, str] | None = None) -> str:
        pairs = self.params(without=without)
        if page > 1:
            pairs.append(("page", str(page)))
        return viewpoints_url(pairs)

    def chips(self) -> list[tuple[str, Selected, str]]:
        """The search and selected values as (facet label, value, URL without it)."""
        search = [("Search", Selected(self.q, self.q), self.url(without=("q", self.q)))]
        period = [
            (name.capitalize(), Selected(b.value, b.label), self.url(without=(name, b.value)))
            for name, b in self.period.bounds()
        ]
        return (
            (search if self.q else [])
            + [
                (spec.label, s, self.url(without=(spec.name, s.value)))
                for spec in FACETS
                for s in self.values(spec.name)
            ]
            + period
        )


def parse_viewpoint_params(params: QueryDict) -> ViewpointQuery:
    """Validate /viewpoints/ GET parameters into a :class:`ViewpointQuery`.

    Unknown keys are ignored. Unknown or malformed values are dropped, each with a message
    for the page. Validating slugs costs one query per facet that has values, and gives
    the labels for the removable chips.
    """
    query = ViewpointQuery()
    messages = query.messages

    for spec in FACETS:
        values = split_values(params.getlist(spec.name))
        if not values:
            continue
        if len(values) > MAX_VALUES_PER_FACET:
            messages.append(
                f"Only the first {MAX_VALUES_PER_FACET} values of “{spec.name}” are used."
            )
            values = values[:MAX_VALUES_PER_FACET]
        selected, problems = spec.resolve(values)
        messages += problems
        if selected:
            query.selected[spec.name] = selected

    query.period = parse_period(params.get("from", ""), params.get("to", ""), messages)

    q = clean_text(params.get("q", ""))
    if len(q) > MAX_QUERY_CHARS:
        messages.append(f"The search text was cut to its first {MAX_QUERY_CHARS} characters.")
        q = q[:MAX_QUERY_CHARS]
    words = normalise(q).split()
    if len(words) > MAX_QUERY_WORDS:
        messages.append(f"Only the first {MAX_QUERY_WORDS} search words are used.")
        words = words[:MAX_QUERY_WORDS]
    query.q, query.words = q, tuple(dict.fromkeys(words))

    sort = clean_text(params.get("sort", ""))
    if sort in SORTS:
        query.sort = sort
    elif sort:
        messages.append(f"Unknown sort “{shorten(sort)}”: showing {SORTS[DEFAULT_SORT]}.")

    size = parse_int(params.get("size", ""), "page size", DEFAULT_PAGE_SIZE, messages)
    low, high = PAGE_SIZE_RANGE
    if not low <= size <= high:
        messages.append(f"Page size must be between {low} and {high}: using {DEFAULT_PAGE_SIZE}.")
        size = DEFAULT_PAGE_SIZE
    query.size = size

    page = parse_int(params.get("page", ""), "page", 1, messages)
    if page < 1:
        messages.append("Pages start at 1: showing page 1.")
        page = 1
    query.page = page
    return query
