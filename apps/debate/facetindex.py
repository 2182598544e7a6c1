"""Every position's facet values in memory: facet counts and result pages for /viewpoints/.

Counting ten facets in SQL is ten GROUP BYs over up to 300,000 link rows: 0.6–1.6 s at
200,000 positions each time cached counts go stale, i.e. after every write. Instead, the facet
columns and link tables are read once per data version (a handful of integer-only queries,
streamed with COPY on PostgreSQL) into numpy arrays held by the process. A selection is then a
boolean mask per facet, a facet's counts one ``bincount`` over the rows the other facets leave,
and a page of results a slice of a sort order: milliseconds, whatever the selection.

Rows are positions in primary-key order. A facet's values are integer codes, 0 for none:
database ids (themes, questions, experts, institutions, tags, chapters), the year, or a
choice's place in its choices plus one (stance, institution kind, publication kind).

The SQL filters in :mod:`.filters` stay the reference (exports use them) and the tests check
that both give the same positions in the same order.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import QuerySet
from taggit.models import Tag, TaggedItem

from apps.analysis.models import Chapter
from apps.people.models import Expert, Institution, InstitutionKind
from apps.sources.models import PublicationKind

from .models import Position, PositionHolder, Question, Stance, Theme

NO_DATE = -(2**31) + 1  # days since 1970 for a position without a source date


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
        hit = np.isin(self.codes, [self.code(key) for key in keys])
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


@dataclass
class FacetIndex:
    pks: np.ndarray  # position ids, ascending: row i is the position pks[i]
    days: np.ndarray  # source date as days since 1970, NO_DATE when unknown
    facets: dict[str, FacetData]
    expert_rank: np.ndarray  # per row: rank of its first holder's name, len(experts) if none
    _orders: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def size(self) -> int:
        return len(self.pks)

    def mask(self, facet: str, keys: Sequence[Any]) -> np.ndarray:
        return self.facets[facet].mask(self.size, keys)

    def mask_of_ids(self, ids: np.ndarray) -> np.ndarray:
        return np.isin(self.pks, ids, assume_unique=True)

    def order(self, sort: str) -> np.ndarray:
        """Rows in the order of :func:`.filters.sort_positions` (computed once per sort)."""
        if sort not in self._orders:
            undated = self.days == NO_DATE
            if sort == "oldest":
                keys = (self.pks, self.days, undated)
            elif sort == "expert":
                keys = (-self.pks, self.expert_rank)
            else:
                keys = (-self.pks, -self.days.astype(np.int64), undated)
            self._orders[sort] = np.lexsort(keys)  # the last key sorts first
        return self._orders[sort]

    def page(
        self, within: np.ndarray | None, sort: str, start: int, stop: int
    ) -> tuple[list[int], int]:
        """The ids of rows ``start:stop`` of the selection in ``sort`` order, and its size."""
        rows = self.order(sort)
        if within is not None:
            rows = rows[within[rows]]
        return self.pks[rows[start:stop]].tolist(), len(rows)


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
    """A query's integer columns as an (n, columns) array; NULLs must be coalesced away.

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
            return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, columns)
        packed = " || ".join(f"int4send(c{i}::int4)" for i in range(columns))
        aliases = ", ".join(f"c{i}" for i in range(columns))
        cursor.execute(
            f"SELECT string_agg({packed}, ''::bytea) FROM ({sql}) AS q ({aliases})", tuple(params)
        )
        (data,) = cursor.fetchone()
    values = np.frombuffer(data or b"", dtype=">i4")
    return values.astype(np.int64).reshape(-1, columns)


def _choices_case(column: str, choices: type) -> tuple[str, list[str], dict[str, int]]:
    """SQL giving a choice column's code, its parameters, and code per value."""
    codes = {value: i + 1 for i, value in enumerate(choices.values)}
    whens = " ".join("WHEN %s THEN " + str(code) for code in codes.values())
    return f"CASE {column} {whens} ELSE 0 END", list(codes), codes


def _by_label(value: str, label: str, label_zh: str = "") -> ValueInfo:
    return ValueInfo(value, label, label_zh, order=(label.casefold(), value))


def _choices_info(choices: type) -> dict[int, ValueInfo]:
    return {
        i + 1: ValueInfo(value, str(label), order=(i,))
        for i, (value, label) in enumerate(choices.choices)
    }


def _rows_of(pks: np.ndarray, links: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Links' position rows, and the links themselves, without links to unknown positions
    (added after the positions were read)."""
    if not len(pks):
        return np.zeros(0, dtype=np.int64), links[:0]
    rows = np.minimum(np.searchsorted(pks, links[:, 0]), len(pks) - 1)
    known = pks[rows] == links[:, 0]
    return rows[known], links[known]


def _distinct(rows: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, code) pairs once each, without code 0: a position counts once per value."""
    keep = codes > 0
    base = int(codes.max(initial=0)) + 1
    pairs = np.sort(rows[keep] * base + codes[keep])  # sorting beats np.unique's hashing here
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]
    return pairs // base, pairs % base


def build(using: str = "default") -> FacetIndex:
    """Read the index from the database: ten queries, integers only for the big ones."""
    connection = connections[using]
    table = Position._meta.db_table
    stance_sql, stance_params, stance_codes = _choices_case("stance", Stance)
    kind_sql, kind_params, kind_codes = _choices_case("source_kind", PublicationKind)
    if connection.vendor == "postgresql":
        days_sql = "source_date - DATE '1970-01-01'"
    else:
        days_sql = "CAST(julianday(source_date) - 2440587.5 AS INTEGER)"
    columns = integer_rows(
        f"SELECT id, {stance_sql}, COALESCE(question_id, 0), {kind_sql}, "
        f"COALESCE(source_year, 0), COALESCE(chapter_id, 0), COALESCE({days_sql}, {NO_DATE}) "
        f"FROM {table}",
        7,
        using,
        stance_params + kind_params,
    )
    columns = columns[np.argsort(columns[:, 0])]
    pks = columns[:, 0]

    themes = integer_rows(
        f"SELECT position_id, theme_id FROM {Position.themes.through._meta.db_table}", 2, using
    )
    holders = integer_rows(
        f"SELECT position_id, COALESCE(expert_id, 0), COALESCE(institution_id, 0) "
        f"FROM {PositionHolder._meta.db_table}",
        3,
        using,
    )
    # Joined rather than ContentType's per-process cache: the same queries every time.
    tags = integer_rows(
        f"SELECT t.object_id, t.tag_id FROM {TaggedItem._meta.db_table} t "
        f"JOIN {ContentType._meta.db_table} ct ON ct.id = t.content_type_id "
        "WHERE ct.app_label = %s AND ct.model = %s",
        2,
        using,
        [Position._meta.app_label, Position._meta.model_name],
    )
    theme_rows, themes = _rows_of(pks, themes)
    holder_rows, holders = _rows_of(pks, holders)
    tag_rows, tags = _rows_of(pks, tags)

    institutions = list(
        Institution.objects.using(using).values_list("pk", "slug", "name", "name_zh", "kind")
    )
    institution_kind_codes = {value: i + 1 for i, value in enumerate(InstitutionKind.values)}
    kind_of = np.zeros(max((i[0] for i in institutions), default=0) + 1, dtype=np.int64)
    for pk, *_, kind in institutions:
        kind_of[pk] = institution_kind_codes.get(kind, 0)
    holder_institutions = holders[:, 2]
    institution_pairs = _distinct(holder_rows, holder_institutions)
    kind_pairs = _distinct(holder_rows, kind_of[np.minimum(holder_institutions, len(kind_of) - 1)])

    experts = list(
        Expert.objects.using(using)
        .order_by("name", "pk")
        .values_list("pk", "slug", "name", "name_zh")
    )
    expert_rank = _first_expert_rank(len(pks), holder_rows, holders[:, 1], experts)

    questions = Question.objects.using(using).values_list(
        "pk", "slug", "text", "order", "theme__slug", "theme__name", "theme__order"
    )
    chapters = Chapter.objects.using(using).values_list(
        "pk", "slug", "title", "analysis_id", "order"
    )
    years = np.unique(columns[:, 4])
    facets = {
        "theme": FacetData(
            themes[:, 1],
            {
                pk: ValueInfo(slug, name, name_zh, order=(order, name, slug))
                for pk, slug, name, name_zh, order in Theme.objects.using(using).values_list(
                    "pk", "slug", "name", "name_zh", "order"
                )
            },
            rows=theme_rows,
        ),
        "question": FacetData(
            columns[:, 2],
            {
                pk: ValueInfo(
                    f"{theme_slug}.{slug}",
                    text,
                    group=theme_name,
                    order=(theme_order, theme_name, order, text, pk),
                )
                for pk, slug, text, order, theme_slug, theme_name, theme_order in questions
            },
        ),
        "stance": FacetData(columns[:, 1], _choices_info(Stance), key_codes=stance_codes),
        "expert": FacetData(
            holders[:, 1],
            {pk: _by_label(slug, name, name_zh) for pk, slug, name, name_zh in experts},
            rows=holder_rows,
        ),
        "institution": FacetData(
            institution_pairs[1],
            {pk: _by_label(slug, name, name_zh) for pk, slug, name, name_zh, _ in institutions},
            rows=institution_pairs[0],
        ),
        "kind": FacetData(
            kind_pairs[1],
            _choices_info(InstitutionKind),
            rows=kind_pairs[0],
            key_codes=institution_kind_codes,
        ),
        "pubkind": FacetData(columns[:, 3], _choices_info(PublicationKind), key_codes=kind_codes),
        "year": FacetData(
            columns[:, 4],
            {int(y): ValueInfo(str(y), str(y), order=(-int(y),)) for y in years if y},
        ),
        "tag": FacetData(
            tags[:, 1],
            {
                pk: _by_label(slug, name)
                for pk, slug, name in Tag.objects.using(using)
                .filter(pk__in=np.unique(tags[:, 1]).tolist())
                .values_list("pk", "slug", "name")
            },
            rows=tag_rows,
        ),
        "chapter": FacetData(
            columns[:, 5],
            {
                pk: ValueInfo(slug, title, order=(analysis_id, order, title, slug))
                for pk, slug, title, analysis_id, order in chapters
            },
        ),
    }
    return FacetIndex(pks=pks, days=columns[:, 6], facets=facets, expert_rank=expert_rank)


def _first_expert_rank(
    size: int, holder_rows: np.ndarray, holder_experts: np.ndarray, experts: list[tuple]
) -> np.ndarray:
    """Per row, the rank by name of its first-named expert (equal names, equal ranks)."""
    rank_of = np.zeros(max((e[0] for e in experts), default=0) + 1, dtype=np.int64)
    rank, previous = -1, None
    for pk, _slug, name, _zh in experts:
        if name != previous:
            rank, previous = rank + 1, name
        rank_of[pk] = rank
    result = np.full(size, len(experts), dtype=np.int64)
    held = holder_experts > 0
    np.minimum.at(result, holder_rows[held], rank_of[holder_experts[held]])
    return result


# --- One index per process and data version ----------------------------------------------------

_lock = threading.Lock()
_current: dict[tuple[str, str], tuple[str, FacetIndex]] = {}


def current(version: str, using: str = "default") -> FacetIndex:
    """The index for ``version`` of the data, read once per process and version.

    Without a version (no write recorded yet) nothing is kept: the data may change unseen.
    """
    key = (using, str(connections[using].settings_dict["NAME"]))
    with _lock:
        held = _current.get(key)
        if held and version and held[0] == version:
            return held[1]
        index = build(using)
        _current[key] = (version, index)
        return index
