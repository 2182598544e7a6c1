"""Facet counts: each facet counted among the positions every other facet leaves."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from .. import facetindex
from .query import ViewpointQuery
from .selection import index_selection
from .specs import FACETS, FacetSpec, Selected

# Big facets (experts, institutions, tags at scale) list their most frequent values, plus those
# selected: a page of 5,000 checkboxes helps nobody and takes long to render.
TOP_VALUES = 30


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    label_zh: str = ""
    group: str = ""  # e.g. the theme a question belongs to


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def selected_count(self) -> int:
        return sum(v.selected for v in self.values)


def facet_counts(query: ViewpointQuery) -> dict[str, Facet]:
    """Each facet's values with the number of positions each would give, as plain data.

    Each facet is counted among the positions every *other* facet and the search leave, from
    the in-memory :mod:`.facetindex` (no query once the index is read). Values with no
    positions are left out unless selected (so they can be removed).
    """
    index, masks = index_selection(query)
    return {
        spec.name: _facet(
            spec,
            index.facets[spec.name],
            facetindex.combine(mask for name, mask in masks.items() if name != spec.name),
            query.values(spec.name),
        )
        for spec in FACETS
    }


def _facet(
    spec: FacetSpec, data: facetindex.FacetData, within: np.ndarray | None, chosen: list[Selected]
) -> Facet:
    counts = data.counts(within)
    chosen_codes = {data.code(s.key) for s in chosen}
    info = data.info
    codes = [code for code in counts if code in info]
    if spec.top:
        codes = _top(codes, counts, chosen_codes, info, TOP_VALUES + len(chosen))
    codes.sort(key=lambda c: info[c].order)
    values = [
        FacetValue(
            info[c].value,
            info[c].label,
            counts[c],
            c in chosen_codes,
            info[c].label_zh,
            info[c].group,
        )
        for c in codes
    ]
    # Chosen but not listed (no positions left); one chosen under another spelling (a
    # chapter's slug alone) is listed already.
    shown = {v.value for v in values}
    listed = set(codes)
    values += [
        FacetValue(s.value, s.label, 0, True, s.label_zh)
        for s in chosen
        if s.value not in shown and data.code(s.key) not in listed
    ]
    return Facet(spec.name, spec.label, values)


def _top(
    codes: list[int], counts: dict[int, int], chosen: set[int], info: dict, limit: int
) -> list[int]:
    """The chosen codes, then the most frequent others (ties by value), ``limit`` in all.

    Only the codes counted at least as often as the ``limit``-th are sorted by value: a
    facet of 5,000 experts sorts a few dozen, not all 5,000 (~13 ms at 200,000 positions)."""
    listed = [code for code in codes if code in chosen]
    others = [code for code in codes if code not in chosen]
    slots = limit - len(listed)
    if len(others) > slots:
        least = heapq.nlargest(slots, (counts[code] for code in others))[-1]
        others = [code for code in others if counts[code] >= least]
    others.sort(key=lambda c: (-counts[c], info[c].value))
    return listed + others[:slots]
