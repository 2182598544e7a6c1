"""The positions a query selects: in SQL (the reference, which exports use) and as rows of
the facet index (which pages use), with the search words matched once per data version."""

from __future__ import annotations

import hashlib
import weakref

import numpy as np
from django.core.cache import cache
from django.db.models import F, Min, QuerySet

from apps.core.cache import cached, data_version, versioned_key

from .. import facetindex
from ..facetindex import FacetIndex
from ..models import Position
from ..search import search_positions
from .query import ViewpointQuery
from .specs import FACETS


def filtered_positions(query: ViewpointQuery, *, skip: str = "") -> QuerySet:
    qs = search_positions(Position.objects.all(), query.words)
    for spec in FACETS:
        selected = query.values(spec.name)
        if selected and spec.name != skip:
            qs = spec.apply(qs, [s.key for s in selected])
    return query.period.apply(qs)


def sort_positions(qs: QuerySet, sort: str) -> QuerySet:
    if sort == "oldest":
        return qs.order_by(F("source_date").asc(nulls_last=True), "pk")
    if sort == "expert":
        return qs.annotate(first_expert=Min("holders__expert__name")).order_by(
            F("first_expert").asc(nulls_last=True), "-pk"
        )
    return qs.order_by(F("source_date").desc(nulls_last=True), "-pk")


def filter_positions(query: ViewpointQuery) -> QuerySet:
    """The positions matching every selection and the search, sorted as asked (not paged)."""
    return sort_positions(filtered_positions(query), query.sort)


def _selection_digest(query: ViewpointQuery) -> str:
    """The selection: search words, facet values and period, not page, sort or size."""
    facets = sorted((k, sorted(s.key for s in v)) for k, v in query.selected.items() if v)
    period = [(name, b.value) for name, b in query.period.bounds()]
    selection = repr((query.words, facets, period))
    return hashlib.sha256(selection.encode()).hexdigest()[:32]


def data_version_of(query: ViewpointQuery) -> str:
    """The data version the query is answered at, read once per request."""
    if query.data_version is None:
        query.data_version = data_version()
    return query.data_version


def selection_key(query: ViewpointQuery) -> str:
    """The selection and data version: what the rendered filter column is cached under."""
    return versioned_key(_selection_digest(query), version=data_version_of(query))


def index_selection(query: ViewpointQuery) -> tuple[FacetIndex, dict[str, np.ndarray]]:
    """The facet index of the current data and a mask of rows per selected facet (``q`` for
    the search: its matching ids are read once, by the same search as :func:`filter_positions`).
    The masks are computed once per request and index.

    Two indexes of one version may number their rows differently (a copy patched here, the
    host's file made by another process), and the one held can change between two calls of
    one request (the file, once written, replaces the copy): masks are used only with the
    index they were made from, and made again for another.

    The query keeps its masks and a weak reference to their index, not the index: a page's
    objects (the query, its paginator) end up in reference cycles that live until the
    collector's next full pass, and an index kept by them would keep its whole file mapped
    long after a newer version replaced it.
    """
    index = facetindex.current(data_version_of(query))
    if query.index_masks is None or query.index_masks[0]() is not index:
        masks = {
            name: index.mask(name, [s.key for s in values])
            for name, values in query.selected.items()
            if values
        }
        if query.period:
            masks["period"] = query.period.mask(index.days, index.precision)
            if index.live is not None:  # a replaced row keeps its date, not its facets
                masks["period"] &= index.live
        if query.words:
            masks["q"] = _search_mask(query, index)
        query.index_masks = (weakref.ref(index), masks)
    return index, query.index_masks[1]


def _search_mask(query: ViewpointQuery, index: FacetIndex) -> np.ndarray:
    """The rows of ``index`` matching the search words."""
    return index.mask_of_ids(_search_ids(query.words, data_version_of(query), index))


def _search_ids(words: tuple[str, ...], version: str, index: FacetIndex) -> np.ndarray:
    """The ids of the positions matching ``words`` at ``version`` (of ``index``), sorted.

    Cached per words and data version as ids, not rows: the processes sharing the cache
    number their index rows differently. After a write, the ids cached for the version the
    index was patched from are brought up to date by searching only the positions that changed
    since, instead of every position again.
    """
    key = ("viewpoints:search", hashlib.sha256(repr(words).encode()).hexdigest()[:32])

    def search(among: np.ndarray | None = None) -> np.ndarray:
        positions = Position.objects.order_by()
        if among is not None:
            positions = positions.filter(pk__in=among.tolist())
        (ids,) = facetindex.integer_rows(search_positions(positions, words).values_list("pk"), 1)
        return np.sort(ids)

    def matching() -> bytes:
        origin = index.patched_from
        before = None
        if origin is not None and origin.positions is not None:
            before = cache.get(versioned_key(*key, version=origin.version))
        if before is None:
            ids = search()
        else:
            changed = np.array(sorted(origin.positions), dtype=np.int64)
            kept = np.setdiff1d(_unpacked_ids(before), changed, assume_unique=True)
            ids = np.union1d(kept, search(changed)) if len(changed) else kept
        return ids.astype("<i4").tobytes()

    return _unpacked_ids(cached(matching, *key, version=version))


def _unpacked_ids(packed: bytes) -> np.ndarray:
    return np.frombuffer(packed, dtype="<i4").astype(np.int64)
