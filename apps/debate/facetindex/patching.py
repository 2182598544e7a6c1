"""Bringing a held facet index up to a newer data version by reading again only the positions
a write changed (and the labels, if they may have changed)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .reading import assemble, expert_ranks, kind_pairs, read_labels, read_position_rows, year_info
from .structure import SORTS, FacetData, FacetIndex, Labels, isin

MAX_OLD_ROWS = 20000


def patched(index: FacetIndex, positions: set[int], labels: bool, using: str) -> FacetIndex | None:
    """The index with these positions read again (added, changed or gone) and, if they may
    have changed, the labels: four small queries (six more for labels) and a few copies of
    the arrays, instead of ten big queries. None when too many old rows would be kept."""
    new_labels = read_labels(using) if labels else index.labels
    ids = sorted(positions)
    if ids:
        old = isin(index.pks, ids)
        live = ~old if index.live is None else index.live & ~old
        if len(live) - int(live.sum()) > MAX_OLD_ROWS:
            return None
        fresh = assemble(*read_position_rows(using, ids), labels=new_labels)
        index = _replaced(index, old, live, fresh)
    return _relabelled(index, new_labels) if labels else index


def _replaced(
    index: FacetIndex, old: np.ndarray, live: np.ndarray, fresh: FacetIndex
) -> FacetIndex:
    """``index`` with the ``old`` rows' facet codes set to 0 (no facet, no count) and the rows
    of ``fresh`` (an index of a few positions) after its own. Sort orders already computed
    are kept, with the new rows merged in."""
    size, links = index.size, index.holders.shape[1]

    def joined(data: FacetData, more: FacetData) -> FacetData:
        codes = np.concatenate([data.codes, more.codes])
        codes[: len(data.codes)][old if data.rows is None else old[data.rows]] = 0
        if data.rows is None:
            return replace(data, codes=codes)
        return replace(data, codes=codes, rows=np.concatenate([data.rows, more.rows + size]))

    holders = np.concatenate([index.holders, fresh.holders], axis=1)
    holders[0, links:] += size
    holders[1:, :links][:, old[index.holders[0]]] = 0
    facets = {name: joined(data, fresh.facets[name]) for name, data in index.facets.items()}
    facets["year"] = replace(facets["year"], info=year_info(facets["year"].codes))
    result = replace(
        index,
        pks=np.concatenate([index.pks, fresh.pks]),
        days=np.concatenate([index.days, fresh.days]),
        precision=np.concatenate([index.precision, fresh.precision]),
        sources=np.concatenate([index.sources, fresh.sources]),
        expert_rank=np.concatenate([index.expert_rank, fresh.expert_rank]),
        facets=facets,
        holders=holders,
        live=np.concatenate([live, np.ones(fresh.size, dtype=bool)]),
        _derived={},
    )
    for sort in SORTS:
        if sort in index._derived:
            result._derived[sort] = _merged_order(index._derived[sort], result, sort, size)
    return result


def _merged_order(order: np.ndarray, index: FacetIndex, sort: str, size: int) -> np.ndarray:
    """``order`` (of the first ``size`` rows of ``index``) with the rows after them inserted
    where their sort keys go."""
    keys = index.sort_key(sort)
    added = np.arange(size, index.size)
    added = added[np.argsort(keys[added])]
    return np.insert(order, np.searchsorted(keys[order], keys[added]), added)


def _relabelled(index: FacetIndex, labels: Labels) -> FacetIndex:
    """``index`` with new labels, and the institution kinds and expert ranks they give."""
    kinds = kind_pairs(index.holders, labels)
    facets = {
        name: replace(data, info=labels.infos.get(name, data.info))
        for name, data in index.facets.items()
    }
    facets["kind"] = replace(facets["kind"], codes=kinds[1], rows=kinds[0])
    # A chapter may have moved to another issue (a replaced row's chapter code is 0: none).
    facets["analysis"] = replace(facets["analysis"], codes=labels.analyses(facets["chapter"].codes))
    return replace(
        index,
        facets=facets,
        expert_rank=expert_ranks(index.size, index.holders, labels),
        labels=labels,
        # Names may have changed the expert order; dates and ids did not change the others.
        _derived={key: rows for key, rows in index._derived.items() if key != "expert"},
    )
