"""The facet index in memory: each position's facet values as numpy arrays, and what a
selection, a count or a page of results does with them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from apps.core.models import DatePrecision

NO_DATE = -(2**31) + 1  # days since 1970 for a position without a source date
SORTS = ("newest", "oldest", "expert")
_LARGEST = 2**31 - 1  # ids and days (offset by 2**30) fit in 31 bits of a sort key
FEW = 32  # wanted values that isin() compares one by one


def choice_codes(choices: type) -> dict[str, int]:
    """A choice's code in the index: its place in its choices, plus one (0: none)."""
    return {value: i + 1 for i, value in enumerate(choices.values)}


YEAR_ONLY = choice_codes(DatePrecision)[DatePrecision.YEAR]  # a source dated to its year only


@dataclass(frozen=True)
class ValueInfo:
    """How a facet value is shown: its URL value, labels, group and place in the list."""

    value: str
    label: str
    label_zh: str = ""
    group: str = ""
    order: tuple = ()


@dataclass
class FacetData:
    """One facet's codes per position (``rows`` None: one code per row, in row order) or per
    link (``rows``: the position row of each link), and what each code shows."""

    codes: np.ndarray
    info: dict[int, ValueInfo]
    rows: np.ndarray | None = None
    # Choices and years: the code a selected key (a value or year) stands for.
    key_codes: dict[Any, int] | None = None

    def code(self, key: Any) -> int:
        return self.key_codes.get(key, -1) if self.key_codes is not None else int(key)

    def mask(self, size: int, keys: Iterable[Any]) -> np.ndarray:
        """The rows with any of ``keys``."""
        hit = isin(self.codes, [self.code(key) for key in keys])
        if self.rows is None:
            return hit
        selected = np.zeros(size, dtype=bool)
        selected[self.rows[hit]] = True
        return selected

    def counts(self, within: np.ndarray | None) -> dict[int, int]:
        """Rows per code among the rows ``within`` (all when None), code 0 left out."""
        codes = self.codes
        if within is not None:
            codes = codes[within if self.rows is None else within[self.rows]]
        tally = np.bincount(codes)
        found = np.flatnonzero(tally)
        return {int(code): int(tally[code]) for code in found if code}


@dataclass(frozen=True)
class PatchOrigin:
    """The version a patched index was made from, the positions whose facets or search text
    may differ since (None: any search text may, e.g. after a large rename), and those whose
    card may (None: any, after a write that names no position: a label, a venue)."""

    version: str
    positions: frozenset[int] | None
    shown: frozenset[int] | None = None


@dataclass
class FacetIndex:
    """One data version's positions and facets; never changed once made (a write makes a new
    one), so requests in several threads can share it."""

    pks: np.ndarray  # position ids: row i is the position pks[i]
    days: np.ndarray  # source date as days since 1970, NO_DATE when unknown
    precision: np.ndarray  # how precise the source date is: a DatePrecision's code
    sources: np.ndarray  # the publication each row is drawn from (its id)
    facets: dict[str, FacetData]
    expert_rank: np.ndarray  # per row: rank of its first holder's name, len(experts) if none
    holders: np.ndarray  # per holder: row, expert, institution (to relabel kinds and ranks)
    labels: Labels
    # Rows still current; None: all. A patch leaves the old rows of the positions it read
    # again in place, with every facet code 0, and appends their new rows.
    live: np.ndarray | None = None
    patched_from: PatchOrigin | None = None  # None: read whole
    # Computed from the rows when first asked for (sort orders, the row of each id); a
    # patch starts again.
    _derived: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.pks)

    def mask(self, facet: str, keys: Sequence[Any]) -> np.ndarray:
        return self.facets[facet].mask(self.size, keys)

    def mask_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """The current rows of these position ids (ids the index does not hold are left out)."""
        lookup = self._derived.get("row of id")
        if lookup is None:
            rows = np.arange(self.size) if self.live is None else np.flatnonzero(self.live)
            lookup = self._derived["row of id"] = row_lookup(self.pks[rows], rows)
        rows = lookup[ids[(ids > 0) & (ids < len(lookup))]]
        mask = np.zeros(self.size, dtype=bool)
        mask[rows[rows >= 0]] = True
        return mask

    def order(self, sort: str) -> np.ndarray:
        """Rows in the order of :func:`.filters.sort_positions` (computed once per sort, and
        merged with the rows a patch appends rather than sorted again)."""
        if sort not in self._derived:
            self._derived[sort] = np.argsort(self.sort_key(sort))
        return self._derived[sort]

    def sort_key(self, sort: str) -> np.ndarray:
        """Per row, one integer that orders rows as ``sort`` does: its fields packed into bits
        (undated last, then the date, then the id; or the first expert's rank, then the id).
        Unique per position, so any sort algorithm gives the same order."""
        ids = self.pks.astype(np.int64)
        if sort == "expert":
            return (self.expert_rank.astype(np.int64) << 31) | (_LARGEST - ids)
        undated = self.days == NO_DATE
        day = np.where(undated, 0, self.days.astype(np.int64) + (1 << 30))
        undated = undated.astype(np.int64) << 62
        if sort == "oldest":
            return undated | (day << 31) | ids
        return undated | ((_LARGEST - day) << 31) | (_LARGEST - ids)

    def page(
        self, within: np.ndarray | None, sort: str, start: int, stop: int
    ) -> tuple[list[int], int]:
        """The ids of rows ``start:stop`` of the selection in ``sort`` order, and its size."""
        within = self.current(within)
        rows = self.order(sort)
        if within is not None:
            rows = rows[within[rows]]
        return self.pks[rows[start:stop]].tolist(), len(rows)

    def current(self, within: np.ndarray | None) -> np.ndarray | None:
        """``within``, or without it the live rows (a facet's mask has no replaced rows)."""
        return self.live if within is None else within

    def count(self, within: np.ndarray | None) -> int:
        within = self.current(within)
        return self.size if within is None else int(within.sum())

    def latest(self, rows: np.ndarray, n: int) -> list[int]:
        """The ids of the ``n`` newest records (highest ids) among ``rows``."""
        return self.pks[rows[np.argsort(-self.pks[rows], kind="stable")[:n]]].tolist()


def isin(values: np.ndarray, wanted: Sequence[int]) -> np.ndarray:
    """Whether each value is one of ``wanted`` (ids or codes).

    numpy's default for integers builds a table over the whole range of ``wanted`` and looks
    every value up in it: ~2 ms for 200,000 values, most of a warm faceted request. For a few
    wanted values its "sort" kind compares with each instead (~0.1 ms); for many (a patch's
    changed ids), it would sort everything, and the table is faster.
    """
    return np.isin(values, wanted, kind="sort" if len(wanted) <= FEW else None)


def combine(masks: Iterable[np.ndarray]) -> np.ndarray | None:
    """The rows every mask keeps; None (every row) without masks."""
    result = None
    for mask in masks:
        result = mask if result is None else result & mask
    return result


@dataclass
class Labels:
    """What the small tables give: each facet value's label and order, institutions' kinds,
    experts' ranks by name and chapters' analyses (each indexed by id)."""

    infos: dict[str, dict[int, ValueInfo]]
    kind_of: np.ndarray
    expert_rank_of: np.ndarray
    experts: int
    analysis_of: np.ndarray

    def analyses(self, chapters: np.ndarray) -> np.ndarray:
        """Per chapter code, the code of its analysis (0: no chapter, or one added since)."""
        known = chapters < len(self.analysis_of)
        return np.where(known, self.analysis_of[np.where(known, chapters, 0)], 0)


def row_lookup(pks: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Row per position id (``rows``, or each id's place in ``pks``), -1 for none: a table as
    long as the largest id (ids are dense enough: a few bytes per position ever made), so
    links find their rows in one gather."""
    lookup = np.full(int(pks.max(initial=0)) + 2, -1, dtype=np.int64)
    lookup[pks] = np.arange(len(pks)) if rows is None else rows
    return lookup
