"""The network's counts over every position, from the facet index (apps/debate/facetindex)
rather than SQL: the selection is a mask of the index's rows (as /viewpoints/ selects them),
a node's weight a ``bincount`` of its links among those rows, a tie to a theme a join of two
link tables on the row, and the stance ties products of 0/1 matrices of the chosen experts'
answers. No query once the index is held, whatever the data size; the same numbers as
counting the rows one by one (tests/portal/network_by_hand.py).
"""

from __future__ import annotations

import numpy as np

from apps.debate.facetindex import FacetIndex, combine, isin
from apps.debate.filters import ViewpointQuery, index_selection
from apps.debate.models import Stance

NODE_KINDS = ("expert", "institution", "theme")
STANCES = (Stance.SUPPORTS, Stance.QUALIFIED, Stance.OPPOSES)


def selected_rows(query: ViewpointQuery) -> tuple[FacetIndex, np.ndarray | None]:
    """The current index and the rows of the positions the query selects (None: all; a row
    a patch replaced has no facet codes, so no link counts it)."""
    index, masks = index_selection(query)
    return index, combine(masks.values())


def node_weights(index: FacetIndex, within: np.ndarray | None) -> list[tuple]:
    """Every expert, institution and theme of the selection: (kind, id, slug, name, the
    positions selected it holds or that are on it)."""
    found = []
    for kind in NODE_KINDS:
        data = index.facets[kind]
        found += [
            (kind, code, data.info[code].value, data.info[code].label, n)
            for code, n in data.counts(within).items()
            if code in data.info
        ]
    return found


def theme_ties(
    index: FacetIndex, within: np.ndarray | None, ids: dict[str, list[int]]
) -> list[tuple[str, int, int, int]]:
    """(kind, holder, theme, positions): how many selected positions each chosen expert or
    institution holds on each chosen theme."""
    theme_rows, themes = _links(index, "theme", within, ids["theme"])
    base = int(themes.max(initial=0)) + 1
    found = []
    for kind in ("expert", "institution"):
        rows, holders = _links(index, kind, within, ids[kind])
        holder, theme = _joined(rows, holders, theme_rows, themes)
        pairs, counts = np.unique(holder * base + theme, return_counts=True)
        found += [
            (kind, int(pair // base), int(pair % base), int(n))
            for pair, n in zip(pairs, counts, strict=True)
        ]
    return found


def stance_ties(
    index: FacetIndex, within: np.ndarray | None, experts: list[int]
) -> list[tuple[int, int, str, int]]:
    """Pairs of chosen experts by the questions on which they take the same stance (agrees)
    or one supports what the other opposes (disputes), among the selected positions."""
    rows, holders = _links(index, "expert", within, experts)
    stance_facet = index.facets["stance"]
    stance = stance_facet.codes[rows]
    answered = isin(stance, [stance_facet.code(s) for s in STANCES])
    rows, holders, stance = rows[answered], holders[answered], stance[answered]
    if not len(rows):
        return []
    questions, question = np.unique(index.facets["question"].codes[rows], return_inverse=True)
    expert_of = _places(experts)
    stance_of = _places([stance_facet.code(s) for s in STANCES])
    held = np.zeros((len(experts), len(STANCES), len(questions)), dtype=np.int64)
    held[expert_of[holders], stance_of[stance], question] = 1
    flat = held.reshape(len(experts), -1)
    same = flat @ flat.T
    supports, opposes = held[:, 0], held[:, 2]
    opposite = supports @ opposes.T + opposes @ supports.T
    found = []
    for kind, matrix in (("agrees", same), ("disputes", opposite)):
        for i, j in zip(*np.nonzero(np.triu(matrix, k=1)), strict=True):
            found.append((experts[i], experts[j], kind, int(matrix[i, j])))
    return found


def _links(
    index: FacetIndex, kind: str, within: np.ndarray | None, codes: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """The links of a link facet to ``codes`` from selected rows: their rows and codes."""
    data = index.facets[kind]
    keep = isin(data.codes, codes)
    if within is not None:
        keep &= within[data.rows]
    return data.rows[keep], data.codes[keep]


def _joined(
    a_rows: np.ndarray, a_codes: np.ndarray, b_rows: np.ndarray, b_codes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every (a code, b code) of two links from one row: the two link tables joined on the
    row (b's links first narrowed to a's rows, then sorted by row)."""
    on_a = np.zeros(int(max(a_rows.max(initial=0), b_rows.max(initial=0))) + 1, dtype=bool)
    on_a[a_rows] = True
    narrowed = on_a[b_rows]
    b_rows, b_codes = b_rows[narrowed], b_codes[narrowed]
    order = np.argsort(b_rows, kind="stable")
    b_rows, b_codes = b_rows[order], b_codes[order]
    start = np.searchsorted(b_rows, a_rows, "left")
    count = np.searchsorted(b_rows, a_rows, "right") - start
    left = np.repeat(a_codes, count)
    first = np.repeat(start - (np.cumsum(count) - count), count)
    return left, b_codes[first + np.arange(len(left))]


def _places(codes: list[int]) -> np.ndarray:
    """A lookup from each code to its place in ``codes``."""
    place = np.zeros(max(codes, default=0) + 1, dtype=np.int64)
    place[codes] = np.arange(len(codes))
    return place
