"""Filtering, search, sorting and facet counts for /viewpoints/ (and anything that reuses it).

The public API, shared with the exports:

- :func:`parse_viewpoint_params` turns a ``QueryDict`` into a validated :class:`ViewpointQuery`:
  unknown keys are ignored, unknown or malformed values are dropped with a message.
- :func:`filter_positions` returns the matching, sorted ``Position`` queryset.
- :func:`facet_counts` returns every facet's values with counts, as plain data.
- :func:`paginate` picks the requested page, clamping bad page numbers with a message.

Every facet filter is a ``pk__in`` subquery or a column of ``Position`` itself, so filters
never add joins to the outer query: selections combine without duplicating rows, and a facet's
GROUP BY join is the only join in its count query. Several values of one facet are OR-ed,
different facets are AND-ed, and each facet is counted against the positions filtered by every
*other* facet (so a selected value never hides its siblings).

The parts: :mod:`.query` (parsing), :mod:`.specs` (the facets), :mod:`.period` (from/to), :mod:`.selection` (SQL and
the facet index), :mod:`.counting`, :mod:`.paging`, :mod:`.links` (URLs into /viewpoints/) and
:mod:`.cleaning` (raw parameters). Theme pages and the comparison, which reuse them, are in
apps/debate/themes.py and apps/debate/comparison.py.
"""

from .counting import Facet, FacetValue, facet_counts
from .links import question_param, viewpoints_url
from .paging import pager, paginate
from .query import (
    DEFAULT_PAGE_SIZE,
    MAX_QUERY_CHARS,
    SORTS,
    ViewpointQuery,
    parse_viewpoint_params,
)
from .selection import (
    data_version_of,
    filter_positions,
    filtered_positions,
    index_selection,
    selection_key,
    sort_positions,
)
from .specs import FACETS, OPEN_FACETS, VIEWPOINT_PARAMS, Selected

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "FACETS",
    "MAX_QUERY_CHARS",
    "OPEN_FACETS",
    "SORTS",
    "VIEWPOINT_PARAMS",
    "Facet",
    "FacetValue",
    "Selected",
    "ViewpointQuery",
    "data_version_of",
    "facet_counts",
    "filter_positions",
    "filtered_positions",
    "index_selection",
    "pager",
    "paginate",
    "parse_viewpoint_params",
    "question_param",
    "selection_key",
    "sort_positions",
    "viewpoints_url",
]
