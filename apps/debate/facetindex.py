"""Every position's facet values in memory: facet counts and result pages for /viewpoints/.

Counting ten facets in SQL is ten GROUP BYs over up to 300,000 link rows: 0.6–1.6 s at
200,000 positions each time cached counts go stale, i.e. after every write. Instead, the facet
columns and link tables are read into numpy arrays held by the process (ten queries, the big
ones packed into one ``bytea`` of integers on PostgreSQL). A selection is then a boolean mask
per facet, a facet's counts one ``bincount`` over the rows the other facets leave, and a page
of results a slice of a sort order: milliseconds, whatever the selection.

The index is kept per data version. After a write, the change log
(:class:`~apps.debate.models.IndexChange`, filled by the same signals that replace the
version) says which positions to read again; a bulk load, a broken chain of versions or too
many changes reads everything again.

Rows are positions in primary-key order, then those a patch appended. A facet's values are
integer codes, 0 for none: database ids (themes, questions, experts, institutions, tags,
chapters), the year, or a choice's place in its choices plus one (stance, institution kind,
publication kind).

The SQL filters in :mod:`.filters` stay the reference (exports use them) and the tests check
that both give the same positions in the same order, and that a patched index equals one read
whole after every kind of write.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import QuerySet, Subquery
from taggit.models import Tag, TaggedItem

from apps.analysis.models import Chapter, Footnote
from apps.core.cache import cached, data_version
from apps.people.models import Expert, Institution, InstitutionKind
from apps.sources.models import Publication, PublicationKind

from .models import Position, PositionHolder, Question, Stance, Theme

T = TypeVar("T")
NO_DATE = -(2**31) + 1  # days since 1970 for a position without a source date
SORTS = ("newest", "oldest", "expert")
_LARGEST = 2**31 - 1  # ids and days (offset by 2**30) fit in 31 bits of a sort key
FEW = 32  # wanted values that isin() compares one by one


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
    """The version a patched index was made from, and the positions whose facets or search
    text may differ since (None: any search text may, e.g. after a large rename)."""

    version: str
    positions: frozenset[int] | None


@dataclass
class FacetIndex:
    """One data version's positions and facets; never changed once made (a write makes a new
    one), so requests in several threads can share it."""

    pks: np.ndarray  # position ids: row i is the position pks[i]
    days: np.ndarray  # source date as days since 1970, NO_DATE when unknown
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
            lookup = self._derived["row of id"] = _row_lookup(self.pks[rows], rows)
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


# --- Reading the index -------------------------------------------------------------------------


def integer_rows(
    queryset_or_sql: QuerySet | str, columns: int, using: str = "default", params: Sequence = ()
) -> np.ndarray:
    """A query's integer columns, one row of the result per column: a (columns, n) array
    (so that each column is contiguous, as numpy is fastest); NULLs must be coalesced away.

    On PostgreSQL the rows come back as one ``bytea`` of big-endian int4s that numpy reads in
    one go: 200,000 rows in milliseconds, where building Python tuples takes ~100 ms and COPY
    hands rows over one at a time.
    """
    if isinstance(queryset_or_sql, QuerySet):
        sql, params = queryset_or_sql.query.sql_with_params()
        using = queryset_or_sql.db
    else:
        sql = queryset_or_sql
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, tuple(params))
            rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, columns)
            return np.ascontiguousarray(rows.T)
        packed = " || ".join(f"int4send(c{i}::int4)" for i in range(columns))
        aliases = ", ".join(f"c{i}" for i in range(columns))
        cursor.execute(
            f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) AS q ({aliases})", tuple(params)
        )
        (data,) = cursor.fetchone()
    values = np.frombuffer(data or b"", dtype=">i4")
    return np.ascontiguousarray(values.astype(np.int64).reshape(-1, columns).T)


def _choices_case(column: str, choices: type) -> tuple[str, list[str]]:
    """SQL giving a choice column's code (see :func:`_codes`), and its parameters."""
    codes = _codes(choices)
    whens = " ".join("WHEN %s THEN " + str(code) for code in codes.values())
    return f"CASE {column} {whens} ELSE 0 END", list(codes)


def _codes(choices: type) -> dict[str, int]:
    return {value: i + 1 for i, value in enumerate(choices.values)}


def _by_label(value: str, label: str, label_zh: str = "") -> ValueInfo:
    return ValueInfo(value, label, label_zh, order=(label.casefold(), value))


def _choices_info(choices: type) -> dict[int, ValueInfo]:
    return {
        i + 1: ValueInfo(value, str(label), order=(i,))
        for i, (value, label) in enumerate(choices.choices)
    }


def _row_lookup(pks: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Row per position id (``rows``, or each id's place in ``pks``), -1 for none: a table as
    long as the largest id (ids are dense enough: a few bytes per position ever made), so
    links find their rows in one gather."""
    lookup = np.full(int(pks.max(initial=0)) + 2, -1, dtype=np.int64)
    lookup[pks] = np.arange(len(pks)) if rows is None else rows
    return lookup


def _rows_of(lookup: np.ndarray, links: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Links' position rows, and the links themselves, without links to unknown positions
    (added after the positions were read)."""
    ids = np.minimum(links[0], len(lookup) - 1)  # past the largest id: the -1 at the end
    rows = lookup[ids]
    known = rows >= 0
    return rows[known], links[:, known]


def _distinct(rows: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, code) pairs once each, without code 0: a position counts once per value."""
    keep = codes > 0
    base = int(codes.max(initial=0)) + 1
    pairs = np.sort(rows[keep] * base + codes[keep])  # sorting beats np.unique's hashing here
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]
    return pairs // base, pairs % base


@dataclass
class Labels:
    """What the small tables give: each facet value's label and order, institutions' kinds
    and experts' ranks by name (both indexed by id)."""

    infos: dict[str, dict[int, ValueInfo]]
    kind_of: np.ndarray
    expert_rank_of: np.ndarray
    experts: int


def _position_rows(using: str, ids: list[int] | None) -> tuple[np.ndarray, ...]:
    """Positions' facet columns and links: all of them, or those of ``ids``."""
    connection = connections[using]
    stance_sql, stance_params = _choices_case("stance", Stance)
    kind_sql, kind_params = _choices_case("source_kind", PublicationKind)
    if connection.vendor == "postgresql":
        days_sql = "source_date - DATE '1970-01-01'"
    else:
        days_sql = "CAST(julianday(source_date) - 2440587.5 AS INTEGER)"

    def where(column: str) -> tuple[str, list]:
        if ids is None:
            return "", []
        if connection.vendor == "postgresql":
            return f" AND {column} = ANY(%s)", [ids]
        return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)

    sql, params = where("id")
    columns = integer_rows(
        f"SELECT id, {stance_sql}, COALESCE(question_id, 0), {kind_sql}, "
        f"COALESCE(source_year, 0), COALESCE(chapter_id, 0), COALESCE({days_sql}, {NO_DATE}) "
        f"FROM {Position._meta.db_table} WHERE TRUE{sql}",
        7,
        using,
        stance_params + kind_params + params,
    )
    sql, params = where("position_id")
    themes = integer_rows(
        f"SELECT position_id, theme_id FROM {Position.themes.through._meta.db_table} "
        f"WHERE TRUE{sql}",
        2,
        using,
        params,
    )
    holders = integer_rows(
        f"SELECT position_id, COALESCE(expert_id, 0), COALESCE(institution_id, 0) "
        f"FROM {PositionHolder._meta.db_table} WHERE TRUE{sql}",
        3,
        using,
        params,
    )
    # Joined rather than ContentType's per-process cache: the same queries every time.
    sql, params = where("t.object_id")
    tags = integer_rows(
        f"SELECT t.object_id, t.tag_id FROM {TaggedItem._meta.db_table} t "
        f"JOIN {ContentType._meta.db_table} ct ON ct.id = t.content_type_id "
        f"WHERE ct.app_label = %s AND ct.model = %s{sql}",
        2,
        using,
        [Position._meta.app_label, Position._meta.model_name, *params],
    )
    return columns, themes, holders, tags


def _labels(using: str) -> Labels:
    """The small tables facet values are shown with (and institutions' kinds, experts' names)."""
    questions = Question.objects.using(using).values_list(
        "pk", "slug", "text", "order", "theme__slug", "theme__name", "theme__order"
    )
    experts = list(
        Expert.objects.using(using)
        .order_by("name", "pk")
        .values_list("pk", "slug", "name", "name_zh")
    )
    institutions = list(
        Institution.objects.using(using).values_list("pk", "slug", "name", "name_zh", "kind")
    )
    infos = {
        "theme": {
            pk: ValueInfo(slug, name, name_zh, order=(order, name, slug))
            for pk, slug, name, name_zh, order in Theme.objects.using(using).values_list(
                "pk", "slug", "name", "name_zh", "order"
            )
        },
        "question": {
            pk: ValueInfo(
                f"{theme_slug}.{slug}",
                text,
                group=theme_name,
                order=(theme_order, theme_name, order, text, pk),
            )
            for pk, slug, text, order, theme_slug, theme_name, theme_order in questions
        },
        "stance": _choices_info(Stance),
        "expert": {pk: _by_label(slug, name, zh) for pk, slug, name, zh in experts},
        "institution": {pk: _by_label(slug, name, zh) for pk, slug, name, zh, _ in institutions},
        "kind": _choices_info(InstitutionKind),
        "pubkind": _choices_info(PublicationKind),
        "tag": {
            pk: _by_label(slug, name)
            for pk, slug, name in Tag.objects.using(using).values_list("pk", "slug", "name")
        },
        "chapter": {
            pk: ValueInfo(slug, title, order=(analysis_id, order, title, slug))
            for pk, slug, title, analysis_id, order in Chapter.objects.using(using).values_list(
                "pk", "slug", "title", "analysis_id", "order"
            )
        },
    }
    kind_codes = _codes(InstitutionKind)
    kind_of = np.zeros(max((i[0] for i in institutions), default=0) + 1, dtype=np.int64)
    for pk, *_, kind in institutions:
        kind_of[pk] = kind_codes.get(kind, 0)
    expert_rank_of = np.zeros(max((e[0] for e in experts), default=0) + 1, dtype=np.int64)
    rank, previous = -1, None
    for pk, _slug, name, _zh in experts:  # by name: equal names, equal ranks
        if name != previous:
            rank, previous = rank + 1, name
        expert_rank_of[pk] = rank
    return Labels(infos, kind_of, expert_rank_of, len(experts))


def build(using: str = "default") -> FacetIndex:
    """Read the whole index from the database: ten queries, integers only for the big ones."""
    return assemble(*_position_rows(using, None), labels=_labels(using))


# Past this many old rows left by patches, the index is read whole again.
MAX_OLD_ROWS = 20000


def patched(index: FacetIndex, positions: set[int], labels: bool, using: str) -> FacetIndex | None:
    """The index with these positions read again (added, changed or gone) and, if they may
    have changed, the labels: four small queries (six more for labels) and a few copies of
    the arrays, instead of ten big queries. None when too many old rows would be kept."""
    new_labels = _labels(using) if labels else index.labels
    ids = sorted(positions)
    if ids:
        old = isin(index.pks, ids)
        live = ~old if index.live is None else index.live & ~old
        if len(live) - int(live.sum()) > MAX_OLD_ROWS:
            return None
        fresh = assemble(*_position_rows(using, ids), labels=new_labels)
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
    facets["year"] = replace(facets["year"], info=_year_info(facets["year"].codes))
    result = replace(
        index,
        pks=np.concatenate([index.pks, fresh.pks]),
        days=np.concatenate([index.days, fresh.days]),
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
    kinds = _kind_pairs(index.holders, labels)
    facets = {
        name: replace(data, info=labels.infos.get(name, data.info))
        for name, data in index.facets.items()
    }
    facets["kind"] = replace(facets["kind"], codes=kinds[1], rows=kinds[0])
    return replace(
        index,
        facets=facets,
        expert_rank=_expert_rank(index.size, index.holders, labels),
        labels=labels,
        # Names may have changed the expert order; dates and ids did not change the others.
        _derived={key: rows for key, rows in index._derived.items() if key != "expert"},
    )


def _kind_pairs(holders: np.ndarray, labels: Labels) -> tuple[np.ndarray, np.ndarray]:
    """(row, institution kind) once each: a position counts once per kind."""
    rows, institutions = holders[0], holders[2]
    known = institutions < len(labels.kind_of)  # an institution added since the labels: none
    return _distinct(rows[known], labels.kind_of[institutions[known]])


def _expert_rank(size: int, holders: np.ndarray, labels: Labels) -> np.ndarray:
    """Per row, the rank by name of its first-named expert; no expert: after all."""
    rows, experts = holders[0], holders[1]
    ranked = (experts > 0) & (experts < len(labels.expert_rank_of))
    rank = np.full(size, labels.experts, dtype=np.int64)
    np.minimum.at(rank, rows[ranked], labels.expert_rank_of[experts[ranked]])
    return rank


def _year_info(years: np.ndarray) -> dict[int, ValueInfo]:
    found = np.flatnonzero(np.bincount(years))
    return {int(y): ValueInfo(str(y), str(y), order=(-int(y),)) for y in found if y}


def assemble(
    columns: np.ndarray,
    themes: np.ndarray,
    holders: np.ndarray,
    tags: np.ndarray,
    labels: Labels,
) -> FacetIndex:
    """The index from the rows read: positions in id order, links mapped to rows, a
    position counted once per institution and kind, and the key of the expert sort."""
    columns = columns[:, np.argsort(columns[0], kind="stable")]
    pks = columns[0]
    lookup = _row_lookup(pks)
    theme_rows, themes = _rows_of(lookup, themes)
    holder_rows, holders = _rows_of(lookup, holders)
    tag_rows, tags = _rows_of(lookup, tags)
    holders = np.stack([holder_rows, holders[1], holders[2]])
    institution_pairs = _distinct(holder_rows, holders[2])
    kind_pairs = _kind_pairs(holders, labels)
    infos = labels.infos
    facets = {
        "theme": FacetData(themes[1], infos["theme"], rows=theme_rows),
        "question": FacetData(columns[2], infos["question"]),
        "stance": FacetData(columns[1], infos["stance"], key_codes=_codes(Stance)),
        "expert": FacetData(holders[1], infos["expert"], rows=holder_rows),
        "institution": FacetData(
            institution_pairs[1], infos["institution"], rows=institution_pairs[0]
        ),
        "kind": FacetData(
            kind_pairs[1], infos["kind"], rows=kind_pairs[0], key_codes=_codes(InstitutionKind)
        ),
        "pubkind": FacetData(columns[3], infos["pubkind"], key_codes=_codes(PublicationKind)),
        "year": FacetData(columns[4], _year_info(columns[4])),
        "tag": FacetData(tags[1], infos["tag"], rows=tag_rows),
        "chapter": FacetData(columns[5], infos["chapter"]),
    }
    return FacetIndex(
        pks=pks,
        days=columns[6],
        facets=facets,
        expert_rank=_expert_rank(len(pks), holders, labels),
        holders=holders,
        labels=labels,
    )


# --- One index per process and data version ----------------------------------------------------

_lock = threading.Lock()
_current: dict[tuple[str, str], tuple[str, FacetIndex]] = {}
# Changes logged up to this many rows before the held version are read again: a transaction
# that committed after a later one must not be missed (reading a position again is harmless).
REREAD_WINDOW = 200


def current(version: str, using: str = "default") -> FacetIndex:
    """The index for ``version`` of the data, held once per process.

    After a write, the index held is patched with what the log says changed since its
    version (:class:`~apps.debate.models.IndexChange`); when the log cannot tell (a bulk load,
    a rolled-back version, too many changes), the index is read again whole. Without a version
    (no write recorded yet) nothing is held: the data may change unseen.
    """
    key = (using, str(connections[using].settings_dict["NAME"]))
    with _lock:
        held = _current.get(key)
        if held and version and held[0] == version:
            return held[1]
        index = None
        if held and version:
            index = _patched_since(held[1], held[0], version, using)
        if index is None:
            index = build(using)
        _current[key] = (version, index)
        return index


def cached_with_index(
    compute: Callable[[FacetIndex], T], *parts: object, version: str | None = None
) -> T:
    """``compute(index)``, cached under ``parts`` and the data version the index is of (see
    :func:`apps.core.cache.cached`; pass ``version`` if already read): page data drawn from
    the index."""
    if version is None:
        version = data_version()
    return cached(lambda: compute(current(version)), *parts, version=version)


def forget() -> None:
    """Drop the indexes held (tests whose data changed under them)."""
    with _lock:
        _current.clear()


def _patched_since(index: FacetIndex, held: str, version: str, using: str) -> FacetIndex | None:
    """``index`` (of version ``held``) brought to ``version`` by the change log, or None."""
    from .models import IndexChange  # the log's own writes bump no version

    Scope = IndexChange.Scope
    last = IndexChange.objects.using(using).filter(token=held).order_by("-pk").values("pk")[:1]
    changes = list(
        IndexChange.objects.using(using)
        .filter(pk__gt=Subquery(last) - REREAD_WINDOW)  # none if ``held`` is not logged
        .order_by("pk")
        .values_list("pk", "token", "scope", "position_id")[: IndexChange.MAX_POSITIONS + 1]
    )
    if len(changes) > IndexChange.MAX_POSITIONS or version not in {c[1] for c in changes}:
        return None
    start = max((pk for pk, token, _, _ in changes if token == held), default=changes[0][0] - 1)
    if any(scope == Scope.EVERYTHING for pk, _, scope, _ in changes if pk > start):
        return None
    positions = {pk for _, _, scope, pk in changes if scope == Scope.POSITION}
    labels = any(scope == Scope.LABELS for pk, _, scope, _ in changes if pk > start)
    texts = {pk for _, _, scope, pk in changes if scope == Scope.TEXT}
    index = patched(index, positions, labels, using)
    if index is None:
        return None
    searched = None if None in texts else frozenset(positions | texts)
    return replace(index, patched_from=PatchOrigin(held, searched))


# --- What a write changes ----------------------------------------------------------------------

# Their rows label facet values (or, for institutions, give a holder's kind).
LABEL_MODELS = (Theme, Question, Expert, Institution, Chapter, Tag)


def changed_by(sender, *, instance=None, action: str = "", model=None, pk_set=None, **kwargs):
    """What a write did to the index, for the log: (the positions whose facets may have
    changed, None for any; whether labels may have). Called by the data-version signals."""
    if action != "post_":  # an m2m change: post_add, post_remove, post_clear
        if isinstance(instance, Position):
            return {instance.pk}, False
        if model is Position:
            return (None if pk_set is None else set(pk_set)), False
        return set(), False
    if isinstance(instance, LABEL_MODELS):
        return set(), True
    if isinstance(instance, Position):
        return {instance.pk}, False
    if isinstance(instance, TaggedItem):
        is_position = instance.content_type_id == ContentType.objects.get_for_model(Position).pk
        return ({int(instance.object_id)} if is_position else set()), False
    if isinstance(instance, Publication | Footnote):
        if "created" not in kwargs:  # deleted: protected by, or unlinked from, its positions
            return set(), False
        # saved: it copied its kind and date, or its chapter, onto its positions
        field = "source" if isinstance(instance, Publication) else "footnote"
        return set(Position.objects.filter(**{field: instance}).values_list("pk", flat=True)), False
    position_id = getattr(instance, "position_id", None)  # holders, theme and term links
    return ({position_id} if position_id else set()), False
