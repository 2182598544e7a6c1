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


def node_weights(index: FacetIndex, within: np.ndarray | None, size: int) -> tuple[list, int]:
    """The experts, institutions and themes of the selection that may be among its ``size``
    strongest (every one at least as heavy as the ``size``-th: equal weights are ordered by
    name), as (kind, id, slug, name, the positions selected it holds or that are on it); and
    how many the selection has in all."""
    found = []
    for kind in NODE_KINDS:
        data = index.facets[kind]
        tally = np.bincount(data.codes if within is None else data.codes[within[data.rows]])
        codes = np.flatnonzero(tally)
        codes = codes[codes > 0]
        found.append((kind, data, codes, tally[codes]))
    every = np.concatenate([weights for *_, weights in found])
    lightest = -np.partition(-every, size - 1)[size - 1] if len(every) > size else 0
    nodes = []
    for kind, data, codes, weights in found:
        heavy = weights >= lightest
        for code, n in zip(codes[heavy].tolist(), weights[heavy].tolist(), strict=True):
            if code in data.info:
                nodes.append((kind, code, data.info[code].value, data.info[code].label, n))
    return nodes, len(every)


class Chosen:
    """The chosen nodes' links among the selected rows: each chosen expert's and
    institution's (rows and ids), read once for the ties to themes and the stance ties."""

    def __init__(self, index: FacetIndex, within: np.ndarray | None, ids: dict[str, list[int]]):
        self.index, self.within, self.ids = index, within, ids
        self.links = {kind: self._links(kind) for kind in ("expert", "institution")}

    def _links(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        data = self.index.facets[kind]
        keep = isin(data.codes, self.ids[kind])
        rows = data.rows[keep]
        if self.within is not None:
            kept = self.within[rows]
            return rows[kept], data.codes[keep][kept]
        return rows, data.codes[keep]

    def theme_ties(self) -> list[tuple[str, int, int, int]]:
        """(kind, holder, theme, positions): how many selected positions each chosen expert
        or institution holds on each chosen theme."""
        themes = self.index.facets["theme"]
        on_held = np.zeros(self.index.size, dtype=bool)
        for rows, _ in self.links.values():
            on_held[rows] = True
        keep = on_held[themes.rows]  # the rows of held links are selected ones
        theme_rows, theme_codes = themes.rows[keep], themes.codes[keep]
        chosen = isin(theme_codes, self.ids["theme"])
        theme_rows, theme_codes = theme_rows[chosen], theme_codes[chosen]
        base = int(theme_codes.max(initial=0)) + 1
        per_row = np.bincount(theme_rows, minlength=self.index.size)
        starts = np.cumsum(per_row) - per_row
        by_row = (theme_codes[np.argsort(theme_rows, kind="stable")], starts, per_row)
        found = []
        for kind, (rows, holders) in self.links.items():
            holder, theme = _joined(rows, holders, by_row)
            tally = np.bincount(holder * base + theme)  # no sort, unlike np.unique
            pairs = np.flatnonzero(tally)
            found += [
                (kind, pair // base, pair % base, n)
                for pair, n in zip(pairs.tolist(), tally[pairs].tolist(), strict=True)
            ]
        return found

    def stance_ties(self) -> list[tuple[int, int, str, int]]:
        """Pairs of chosen experts by the questions on which they take the same stance
        (agrees) or one supports what the other opposes (disputes)."""
        experts = self.ids["expert"]
        rows, holders = self.links["expert"]
        stance_facet = self.index.facets["stance"]
        stance = stance_facet.codes[rows]
        answered = isin(stance, [stance_facet.code(s) for s in STANCES])
        rows, holders, stance = rows[answered], holders[answered], stance[answered]
        if not len(rows):
            return []
        questions, question = np.unique(
            self.index.facets["question"].codes[rows], return_inverse=True
        )
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


def _joined(
    rows: np.ndarray, codes: np.ndarray, by_row: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Every (code, other code) of two links from one row: links (``rows``, ``codes``)
    joined on the row with others grouped by row (``by_row``: their codes in row order, and
    per row where its codes start and how many there are)."""
    others, starts, per_row = by_row
    count = per_row[rows]
    left = np.repeat(codes, count)
    first = np.repeat(starts[rows] - (np.cumsum(count) - count), count)
    return left, others[first + np.arange(len(left))]


def _places(codes: list[int]) -> np.ndarray:
    """A lookup from each code to its place in ``codes``."""
    place = np.zeros(max(codes, default=0) + 1, dtype=np.int64)
    place[codes] = np.arange(len(codes))
    return place
