"""The debate over time: positions per year (or month) and theme, counted from the facet index
exactly as /viewpoints/?theme=<slug>&from=<period>&to=<period> counts them, and the
publications those positions are drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np
from django.http import QueryDict

from . import facetindex
from .facetindex import NO_DATE, YEAR_ONLY, ValueInfo
from .filters import ViewpointQuery, parse_viewpoint_params, viewpoints_url
from .filters.cleaning import clean_text, shorten
from .filters.selection import index_selection

GROUPINGS = {"year": "per year", "month": "per month"}
TIMELINE_PARAMS = ("by", "theme")


@dataclass(frozen=True)
class Cell:
    """The positions of one theme in one period, and the /viewpoints/ page that lists them."""

    theme: ValueInfo
    period: str
    count: int

    @property
    def url(self) -> str:
        return viewpoints_url(
            [("theme", self.theme.value), ("from", self.period), ("to", self.period)]
        )


@dataclass
class Row:
    period: str
    cells: list[Cell]  # one per theme shown, in the themes' order
    publications: int

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass
class Timeline:
    by: str
    themes: list[ValueInfo]
    rows: list[Row] = field(default_factory=list)
    query: ViewpointQuery = field(default_factory=ViewpointQuery)
    year_only: int = 0  # per month: the positions whose source gives only its year, left out

    @property
    def most(self) -> int:
        """The highest stack or publication count: the top of the scale."""
        return max((max(r.total, r.publications) for r in self.rows), default=0)

    @property
    def chosen(self) -> set[str]:
        return {s.value for s in self.query.values("theme")}

    @property
    def themes_querystring(self) -> str:
        """The themes chosen, as a query string."""
        return urlencode([("theme", s.value) for s in self.query.values("theme")])

    @property
    def querystring(self) -> str:
        """The canonical query (for the downloads): the themes chosen, the grouping."""
        by = "" if self.by == "year" else f"by={self.by}"
        return "&".join(part for part in (self.themes_querystring, by) if part)

    @property
    def grouping(self) -> str:
        return GROUPINGS[self.by]


def parse_timeline_params(params: QueryDict) -> tuple[str, ViewpointQuery]:
    """The grouping (``by``) and the themes chosen, as a /viewpoints/ query of themes only."""
    themes = QueryDict(mutable=True)
    themes.setlist("theme", params.getlist("theme"))
    query = parse_viewpoint_params(themes)
    by = clean_text(params.get("by", "")) or "year"
    if by not in GROUPINGS:
        query.messages.append(f"No grouping “{shorten(by)}” (use year or month): per year.")
        by = "year"
    return by, query


def timeline(by: str, query: ViewpointQuery) -> Timeline:
    """Dated positions per period and theme (every period from the first to the last, empty
    ones too), from the facet index; a position on two themes counts in both stacks, as it
    does on both themes' /viewpoints/ pages. Per month, a position whose source gives only
    its year is in no month's page, so in no month's stack (it is counted apart). No query
    once the index is held."""
    index, masks = index_selection(query)
    within = index.current(facetindex.combine(masks.values()))
    dated = index.days != NO_DATE
    year_only = 0
    if by == "month":
        vague = dated & (index.precision == YEAR_ONLY)
        year_only = int((vague if within is None else vague & within).sum())
        dated &= ~vague
    data = index.facets["theme"]
    rows = np.arange(index.size) if data.rows is None else data.rows
    keep = (data.codes != 0) & dated[rows]
    if within is not None:
        keep &= within[rows]
    chosen = {data.code(s.key) for s in query.values("theme")}
    if chosen:
        keep &= np.isin(data.codes, list(chosen))
    codes, days = data.codes[keep], index.days[rows[keep]]
    periods = _periods(days, by)
    shown = sorted({int(c) for c in np.unique(codes)} | chosen, key=lambda c: data.info[c].order)
    themes = [data.info[c] for c in shown if c in data.info]
    if not len(periods):
        return Timeline(by, themes, query=query, year_only=year_only)
    first, last = int(periods.min()), int(periods.max())
    tally = np.zeros((last - first + 1, max(shown) + 1), dtype=np.int64)
    np.add.at(tally, (periods - first, codes), 1)
    publications = _publications(index, within, dated, by)
    result = Timeline(by, themes, query=query, year_only=year_only)
    for offset in range(last - first + 1):
        label = _label(first + offset, by)
        cells = [Cell(data.info[c], label, int(tally[offset, c])) for c in shown if c in data.info]
        result.rows.append(Row(label, cells, publications.get(label, 0)))
    return result


def _periods(days: np.ndarray, by: str) -> np.ndarray:
    """Per day since 1970, its year, or its month counted from year 0."""
    dates = days.astype("datetime64[D]")
    if by == "year":
        return dates.astype("datetime64[Y]").astype(np.int64) + 1970
    return dates.astype("datetime64[M]").astype(np.int64) + 1970 * 12


def _label(period: int, by: str) -> str:
    return f"{period:04d}" if by == "year" else f"{period // 12:04d}-{period % 12 + 1:02d}"


def _publications(index, within, dated: np.ndarray, by: str) -> dict[str, int]:
    """The publications the shown positions are drawn from, per period: distinct sources of
    the rows selected (or every live row) that have a date at the grouping's precision."""
    counted = dated if within is None else dated & within
    periods, sources = _periods(index.days[counted], by), index.sources[counted].astype(np.int64)
    if not len(periods):
        return {}
    base = int(sources.max()) + 1  # one integer per (period, source) pair
    pairs = np.unique(periods.astype(np.int64) * base + sources)
    found, n = np.unique(pairs // base, return_counts=True)
    return {_label(int(period), by): int(count) for period, count in zip(found, n, strict=True)}
