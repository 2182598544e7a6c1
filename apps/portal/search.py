"""One search box over themes, experts, institutions, publications, viewpoints and glossary
terms.

Every searchable record keeps a ``search_text`` column (apps/core/chinese.py
``search_document``): English words, hanzi folded to simplified, tone-less pinyin spaced and
run together, and compact names. The query is folded the same way (``normalise``), so
English, hanzi in simplified or traditional characters and pinyin with or without tones or
spaces all meet the same text. Every word of the query must occur in the record.

Themes are few and have no ``search_text``: their names (English and hanzi) and their
description, which spells out the pinyin of their terms, are searched directly.

Viewpoints, 200k in the benchmark, are searched as /viewpoints/ searches them
(apps/debate/search.py ``search_positions``: full-text search on PostgreSQL, where a word
matches at the start of a word; LIKE on SQLite). The other kinds use LIKE, which a trigram
index serves on PostgreSQL for publications (migration sources 0002).

Each group costs the keys of its matches, a page of rows and the rows' prefetches: a
constant number of queries whatever the size of the data (:func:`first_matches`). The count
stops at ``COUNT_CAP``: counting all 23k viewpoints that contain 'governance' took longer
than the rest of the page, and past a thousand the exact number tells a reader nothing
("1,000+").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Count, Prefetch, Q, QuerySet

from apps.core.chinese import normalise
from apps.debate.models import GlossaryTerm, Position, Theme
from apps.debate.search import search_positions
from apps.people.models import Affiliation, Expert, Institution
from apps.sources.models import Publication

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
GROUP_LIMIT = 5
COUNT_CAP = 1000


def matching(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Records whose search_text contains every term (the column is already folded)."""
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def matching_themes(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Themes whose name, hanzi name or description contains every term."""
    for term in terms:
        queryset = queryset.filter(
            Q(name__icontains=term) | Q(name_zh__contains=term) | Q(description__icontains=term)
        )
    return queryset


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    singular: str
    rows: Callable[[], QuerySet]
    match: Callable[[QuerySet, list[str]], QuerySet] = matching


KINDS: tuple[Kind, ...] = (
    Kind(
        "themes",
        "Themes",
        "theme",
        lambda: Theme.objects.annotate(position_count=Count("positions")).order_by("order"),
        matching_themes,
    ),
    Kind(
        "experts",
        "Experts",
        "expert",
        lambda: Expert.objects.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("institution").order_by("-as_of"),
            )
        ),
    ),
    Kind(
        "institutions",
        "Institutions",
        "institution",
        lambda: Institution.objects.select_related("parent"),
    ),
    Kind(
        "publications",
        "Publications",
        "publication",
        lambda: Publication.objects.with_listing_relations(),
    ),
    Kind(
        "viewpoints",
        "Viewpoints",
        "viewpoint",
        lambda: Position.objects.with_listing_relations(),
        search_positions,
    ),
    Kind("terms", "Glossary terms", "glossary term", lambda: GlossaryTerm.objects.all()),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Searches are limited to {MAX_QUERY_LENGTH} characters; "
            "please shorten yours."
        },
    )
    type = forms.ChoiceField(
        required=False, choices=[("", "all")] + [(k.key, k.label) for k in KINDS]
    )


@dataclass
class ResultGroup:
    kind: Kind
    total: int
    items: list

    @property
    def noun(self) -> str:
        return self.kind.singular if self.total == 1 else self.kind.label.lower()

    @property
    def has_more(self) -> bool:
        return self.total > len(self.items)

    @property
    def total_label(self) -> str:
        """The count as shown: '1,000+' once it passes the cap (``total`` is then cap + 1)."""
        return f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"


def query_terms(q: str) -> list[str]:
    """The folded words of a query: 'Chéngxìn 社會' -> ['chengxin', '社会']."""
    return normalise(q).split()[:MAX_TERMS]


def search_kind(kind: Kind, terms: list[str]) -> QuerySet:
    return kind.match(kind.rows(), terms)


def first_matches(kind: Kind, terms: list[str], limit: int) -> ResultGroup:
    """A kind's first ``limit`` matches and their number: three queries plus the prefetches
    whatever the number of matches (one if nothing matches).

    The first query takes the keys of the matches, one past ``COUNT_CAP`` at most: that is
    the count. The second orders them as the rows are and keeps the first few: up to the cap,
    among those keys (a small sort); past it, from the searched table alone. The third fetches
    those rows. PostgreSQL cannot tell a rare word from a common one in a prefix or trigram
    search and, to show the newest five, walked every viewpoint newest first until five
    matched: 0.7 s at 200k for a word no viewpoint has. Joined to what a row shows before the
    sort, the 7k viewpoints of 数据治理 (taken for a hundred: its bigrams are not independent)
    took 60 ms.
    """
    rows = kind.rows()
    # Keys from the bare table: no annotation or join that only the rows need.
    matches = kind.match(rows.model.objects.all(), terms)
    keys = list(matches.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    total = len(keys)
    ordering = rows.query.order_by or rows.model._meta.ordering
    among = matches if total > COUNT_CAP else rows.model.objects.filter(pk__in=keys)
    first = list(among.order_by(*ordering).values_list("pk", flat=True)[:limit])
    # No keys: Django sends no query.
    return ResultGroup(kind, total, list(rows.filter(pk__in=first)[:limit]))


def search_all(terms: list[str], limit: int = GROUP_LIMIT) -> list[ResultGroup]:
    """Every kind's first ``limit`` matches and total."""
    return [first_matches(kind, terms, limit) for kind in KINDS]
