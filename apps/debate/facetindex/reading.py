"""Reading the facet index from the database: the facet columns and link tables as integers,
and the small tables that label them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import QuerySet
from taggit.models import Tag, TaggedItem

from apps.analysis.models import Chapter
from apps.core.models import DatePrecision
from apps.people.models import Expert, Institution, InstitutionKind
from apps.sources.models import PublicationKind

from ..models import Position, PositionHolder, Question, Stance, Theme
from .structure import (
    NO_DATE,
    FacetData,
    FacetIndex,
    Labels,
    ValueInfo,
    choice_codes,
    row_lookup,
)


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
    """SQL giving a choice column's code (:func:`.structure.choice_codes`), and its parameters."""
    codes = choice_codes(choices)
    whens = " ".join("WHEN %s THEN " + str(code) for code in codes.values())
    return f"CASE {column} {whens} ELSE 0 END", list(codes)


def _by_label(value: str, label: str, label_zh: str = "") -> ValueInfo:
    return ValueInfo(value, label, label_zh, order=(label.casefold(), value))


def _choices_info(choices: type) -> dict[int, ValueInfo]:
    return {
        i + 1: ValueInfo(value, str(label), order=(i,))
        for i, (value, label) in enumerate(choices.choices)
    }


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


def read_position_rows(using: str, ids: list[int] | None) -> tuple[np.ndarray, ...]:
    """Positions' facet columns and links: all of them, or those of ``ids``."""
    connection = connections[using]
    stance_sql, stance_params = _choices_case("stance", Stance)
    kind_sql, kind_params = _choices_case("source_kind", PublicationKind)
    precision_sql, precision_params = _choices_case("source_date_precision", DatePrecision)
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
        f"COALESCE(source_year, 0), COALESCE(chapter_id, 0), COALESCE({days_sql}, {NO_DATE}), "
        f"{precision_sql}, source_id FROM {Position._meta.db_table} WHERE TRUE{sql}",
        9,
        using,
        stance_params + kind_params + precision_params + params,
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


def read_labels(using: str) -> Labels:
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
    # The analyses come with their chapters (one query): one without chapters has no positions.
    chapters = list(
        Chapter.objects.using(using).values_list(
            "pk",
            "slug",
            "title",
            "order",
            "analysis_id",
            "analysis__slug",
            "analysis__title",
            "analysis__date",
        )
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
        **_chapters_and_analyses(chapters),
    }
    kind_codes = choice_codes(InstitutionKind)
    kind_of = np.zeros(max((i[0] for i in institutions), default=0) + 1, dtype=np.int64)
    for pk, *_, kind in institutions:
        kind_of[pk] = kind_codes.get(kind, 0)
    expert_rank_of = np.zeros(max((e[0] for e in experts), default=0) + 1, dtype=np.int64)
    rank, previous = -1, None
    for pk, _slug, name, _zh in experts:  # by name: equal names, equal ranks
        if name != previous:
            rank, previous = rank + 1, name
        expert_rank_of[pk] = rank
    analysis_of = np.zeros(max((c[0] for c in chapters), default=0) + 1, dtype=np.int64)
    for pk, *_, analysis_id, _slug, _title, _date in chapters:
        analysis_of[pk] = analysis_id
    return Labels(infos, kind_of, expert_rank_of, len(experts), analysis_of)


def _chapters_and_analyses(chapters: list[tuple]) -> dict[str, dict[int, ValueInfo]]:
    """Chapters and analyses as facet values, newest issue first. With several issues a
    chapter is shown under its issue's title, and a slug two issues share (both have an
    "introduction") is written issue.chapter (:func:`.filters.specs.chapter_param`)."""
    issues = {row[4] for row in chapters}
    slugs = Counter(row[1] for row in chapters)
    analyses, infos = {}, {}
    for pk, slug, title, order, analysis_id, issue_slug, issue_title, date in chapters:
        newest = (-date.toordinal(), issue_title, issue_slug)
        analyses[analysis_id] = ValueInfo(issue_slug, issue_title, order=newest)
        infos[pk] = ValueInfo(
            f"{issue_slug}.{slug}" if slugs[slug] > 1 else slug,
            title,
            group=issue_title if len(issues) > 1 else "",
            order=(*newest, order, title, slug),
        )
    return {"chapter": infos, "analysis": analyses}


def build(using: str = "default") -> FacetIndex:
    """Read the whole index from the database: ten queries, integers only for the big ones."""
    return assemble(*read_position_rows(using, None), labels=read_labels(using))


# Past this many old rows left by patches, the index is read whole again.


def kind_pairs(holders: np.ndarray, labels: Labels) -> tuple[np.ndarray, np.ndarray]:
    """(row, institution kind) once each: a position counts once per kind."""
    rows, institutions = holders[0], holders[2]
    known = institutions < len(labels.kind_of)  # an institution added since the labels: none
    return _distinct(rows[known], labels.kind_of[institutions[known]])


def expert_ranks(size: int, holders: np.ndarray, labels: Labels) -> np.ndarray:
    """Per row, the rank by name of its first-named expert; no expert: after all."""
    rows, experts = holders[0], holders[1]
    ranked = (experts > 0) & (experts < len(labels.expert_rank_of))
    rank = np.full(size, labels.experts, dtype=np.int64)
    np.minimum.at(rank, rows[ranked], labels.expert_rank_of[experts[ranked]])
    return rank


def year_info(years: np.ndarray) -> dict[int, ValueInfo]:
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
    lookup = row_lookup(pks)
    theme_rows, themes = _rows_of(lookup, themes)
    holder_rows, holders = _rows_of(lookup, holders)
    tag_rows, tags = _rows_of(lookup, tags)
    holders = np.stack([holder_rows, holders[1], holders[2]])
    institution_pairs = _distinct(holder_rows, holders[2])
    kinds = kind_pairs(holders, labels)
    infos = labels.infos
    facets = {
        "theme": FacetData(themes[1], infos["theme"], rows=theme_rows),
        "question": FacetData(columns[2], infos["question"]),
        "stance": FacetData(columns[1], infos["stance"], key_codes=choice_codes(Stance)),
        "expert": FacetData(holders[1], infos["expert"], rows=holder_rows),
        "institution": FacetData(
            institution_pairs[1], infos["institution"], rows=institution_pairs[0]
        ),
        "kind": FacetData(
            kinds[1], infos["kind"], rows=kinds[0], key_codes=choice_codes(InstitutionKind)
        ),
        "pubkind": FacetData(columns[3], infos["pubkind"], key_codes=choice_codes(PublicationKind)),
        "year": FacetData(columns[4], year_info(columns[4])),
        "tag": FacetData(tags[1], infos["tag"], rows=tag_rows),
        "chapter": FacetData(columns[5], infos["chapter"]),
        "analysis": FacetData(labels.analyses(columns[5]), infos["analysis"]),
    }
    return FacetIndex(
        pks=pks,
        days=columns[6],
        precision=columns[7].astype(np.int8),
        sources=columns[8],
        facets=facets,
        expert_rank=expert_ranks(len(pks), holders, labels),
        holders=holders,
        labels=labels,
    )
