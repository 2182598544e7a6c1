"""Free-text search of positions (the ``q`` of /viewpoints/).

``Position.search_text`` holds every searchable word already folded (apps.core.chinese
``search_document``). On PostgreSQL, migration 0006 keeps its words in a generated column,
``search_vector`` (``strip(to_tsvector('simple', search_text))``), with a GIN index, and the
search is one tsquery on it: English and pinyin words match as prefixes, a hanzi word by its
bigrams. SQLite, which serves small datasets, looks for each word anywhere in the column.

Why a stored column rather than an index on the expression: the planner does not know that
a GIN bitmap scan needs no recheck, so for common words it often filters rows instead, and
with an expression index each such row recomputes to_tsvector (~50 µs): 'the' took 74 s on
/viewpoints/ at 200k positions. Reading the stored vector costs about what LIKE does.

A position is also searched by its themes, question, source and glossary terms: editing one
of those makes positions stale, which :func:`positions_searched_through` and
:func:`refresh_search_texts` put right (the admin calls them after each edit: apps/core/admin_base.py).
"""

import re
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.db import connections, models
from django.db.models import F, Func, QuerySet

from apps.core.chinese import HANZI, HANZI_RUN, hanzi_bigrams
from apps.core.models import DataVersion

from .models import Position

# A word's searchable pieces: hanzi runs, and runs of other letters and digits. Anything else
# (tsquery operators, quotes, underscores, NUL) separates pieces and never reaches the query.
PIECE = re.compile(rf"[{HANZI}]+|[^\W_{HANZI}]+")
# A prefix match needs no more; PostgreSQL ignores words over 2047 bytes anyway.
MAX_PIECE_CHARS = 64
SEARCH_VECTOR = "search_vector"  # made by migration 0006 on PostgreSQL only


class SearchVectorColumn(Func):
    """The ``search_vector`` column of the positions table, under the alias the query gives
    it. The model does not declare the column, which SQLite lacks and PostgreSQL fills."""

    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("search_text"))  # resolves to the positions table's alias

    def as_sql(self, compiler, connection, **extra_context):
        (column,) = self.get_source_expressions()
        table = compiler.quote_name_unless_alias(column.alias)
        return f"{table}.{connection.ops.quote_name(SEARCH_VECTOR)}", []


def tsquery_terms(word: str) -> list[str]:
    """The tsquery operands one search word needs, all to be AND-ed.

    Letters and digits match as a prefix ('xinyong:*'); a hanzi run by each of its bigrams,
    which ``search_document`` indexes as words; a single hanzi as the prefix of a bigram.
    """
    terms = []
    for piece in PIECE.findall(word.lower()):
        piece = piece[:MAX_PIECE_CHARS]
        if HANZI_RUN.fullmatch(piece) and len(piece) > 1:
            terms += [_quoted(bigram) for bigram in hanzi_bigrams(piece)]
        else:
            terms.append(f"{_quoted(piece)}:*")
    return terms


def _quoted(lexeme: str) -> str:
    """A tsquery operand in quotes (pieces are letters and digits; escaping is a safeguard)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def search_positions(qs: QuerySet, words: Sequence[str]) -> QuerySet:
    """Positions whose ``search_text`` has every query word.

    Words come from :func:`apps.core.chinese.normalise`, the folding that built the column
    (case, tones, traditional characters), so 'xinyong', 'Xìnyòng' and '社會信用' find the same
    positions. On PostgreSQL all words go into one tsquery, in one filter the index serves;
    a word matches at the start of an indexed word ('cred' finds 'credit', 'redit' does not).
    On SQLite a word matches anywhere.
    """
    if connections[qs.db].vendor != "postgresql":
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs
    terms = [term for word in words for term in tsquery_terms(word)]
    if not terms:
        return qs
    query = SearchQuery(" & ".join(dict.fromkeys(terms)), config="simple", search_type="raw")
    return qs.filter(SearchVectorExact(SearchVectorColumn(), query))


# What a position's search text takes from other records (Position.refresh_search_text): the
# fields it reads, and the lookup from Position to the record. Editing them makes it stale.
SEARCHED_THROUGH = {
    "debate.theme": (("name", "name_zh"), "themes"),
    "debate.question": (("text",), "question"),
    "debate.glossaryterm": (("hanzi", "pinyin", "gloss", "positions"), "glossary_terms"),
    "debate.positionholder": (("position", "expert", "institution"), "holders"),
    "sources.publication": (("title", "title_original", "title_transliterated"), "source"),
    "people.expert": (("name", "name_zh"), "holders__expert"),
    "people.institution": (("name", "name_zh"), "holders__institution"),
}
# What refresh_search_text reads, to prefetch for many positions at once.
SEARCH_TEXT_RELATIONS = (
    "holders__expert",
    "holders__institution",
    "themes",
    "question",
    "source",
    "glossary_terms",
)


def positions_searched_through(obj: models.Model, changed: Iterable[str] | None = None) -> set[int]:
    """Ids of the positions whose search text holds words of ``obj``, as the database links
    them now; none if ``changed`` (a form's changed fields) names none of those words."""
    fields, lookup = SEARCHED_THROUGH.get(obj._meta.label_lower, ((), ""))
    if not lookup or obj.pk is None or (changed is not None and not set(changed) & set(fields)):
        return set()
    return set(Position.objects.filter(**{lookup: obj.pk}).values_list("pk", flat=True))


def refresh_search_texts(position_ids: Iterable[int], batch_size: int = 500) -> int:
    """Recompute the search text of these positions a batch at a time; write only changes.

    ``bulk_update`` sends no signals, so the data version is bumped here (cached counts),
    logged with the positions changed (cached search matches).
    """
    ids, changed = sorted(position_ids), []
    for first in range(0, len(ids), batch_size):
        batch = Position.objects.filter(pk__in=ids[first : first + batch_size])
        dirty = []
        for position in batch.prefetch_related(*SEARCH_TEXT_RELATIONS):
            before = position.search_text
            position.refresh_search_text()
            if position.search_text != before:
                dirty.append(position)
        Position.objects.bulk_update(dirty, ["search_text"])
        changed += [position.pk for position in dirty]
    if changed:
        # No facet changed (the facet index keeps its rows); cached search matches did.
        DataVersion.bump(positions=set(), texts=changed)
    return len(changed)
