"""Filtering, search, sorting and facet counts for /viewpoints/ (and anything that reuses it).

The public API, shared with the exports:

- :func:`parse_viewpoint_params` turns a ``QueryDict`` into a validated :class:`ViewpointQuery`:
  unknown keys are ignored, unknown or malformed values are dropped with a message.
- :func:`filter_positions` returns the matching, sorted ``Position`` queryset.
- :func:`facet_counts` returns every facet's values with counts, as plain data.
- :func:`paginate` picks the requested page, clamping bad page numbers with a message.

Every facet filter is a ``pk__in`` subquery or a column of ``Position`` itself, so filters
never add joins to the outer query: selections combine without duplicating rows, and a facet's
GROUP BY join is the only join in its count query. Several values of one facet are OR-ed,
different facets are AND-ed, and each facet is counted against the positions filtered by every
*other* facet (so a selected value never hides its siblings).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from taggit.models import Tag

from apps.analysis.models import Chapter
from apps.core.cache import cached, data_version, versioned_key
from apps.core.chinese import normalise
from apps.people.models import Expert, Institution, InstitutionKind
from apps.sources.models import Authorship, PublicationKind

from . import facetindex
from .facetindex import FacetIndex
from .models import GlossaryTerm, Position, PositionHolder, Question, Stance, Theme
from .search import search_positions

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
MAX_VALUES_PER_FACET = 20
DEFAULT_PAGE_SIZE = 20
PAGE_SIZE_RANGE = (10, 100)
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

SORTS = {
    "newest": "newest source first",
    "oldest": "oldest source first",
    "expert": "by expert name",
}
DEFAULT_SORT = "newest"


@dataclass(frozen=True)
class Selected:
    """One validated value of a facet: its URL value, its label and what filters on it."""

    value: str
    label: str
    label_zh: str = ""
    key: Any = None  # primary key, choice value or year used in the filter


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


@dataclass
class ViewpointQuery:
    """A validated /viewpoints/ request: what the user asked for, and what we told them."""

    selected: dict[str, list[Selected]] = field(default_factory=dict)
    q: str = ""
    words: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    page: int = 1
    size: int = DEFAULT_PAGE_SIZE
    messages: list[str] = field(default_factory=list)
    # The data version, read once per request, and the selection's rows in the facet index.
    data_version: str | None = field(default=None, repr=False, compare=False)
    index_selection: tuple | None = field(default=None, repr=False, compare=False)

    def values(self, facet: str) -> list[Selected]:
        return self.selected.get(facet, [])

    @property
    def is_filtered(self) -> bool:
        return bool(self.words) or any(self.selected.values())

    def params(self, *, without: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """The canonical query parameters (no page), optionally without one facet value."""
        pairs: list[tuple[str, str]] = []
        if self.q and ("q", self.q) != without:
            pairs.append(("q", self.q))
        for spec in FACETS:
            pairs += [
                (spec.name, s.value)
                for s in self.values(spec.name)
                if (spec.name, s.value) != without
            ]
        if self.sort != DEFAULT_SORT:
            pairs.append(("sort", self.sort))
        if self.size != DEFAULT_PAGE_SIZE:
            pairs.append(("size", str(self.size)))
        return pairs

    @property
    def querystring(self) -> str:
        """The canonical selection as a query string, e.g. for the CSV/JSON export links."""
        return urlencode(self.params())

    def url(self, *, page: int = 1, without: tuple[str, str] | None = None) -> str:
        pairs = self.params(without=without)
        if page > 1:
            pairs.append(("page", str(page)))
        return viewpoints_url(pairs)

    def chips(self) -> list[tuple[str, Selected, str]]:
        """The search and selected values as (facet label, value, URL without it)."""
        search = [("Search", Selected(self.q, self.q), self.url(without=("q", self.q)))]
        return (search if self.q else []) + [
            (spec.label, s, self.url(without=(spec.name, s.value)))
            for spec in FACETS
            for s in self.values(spec.name)
        ]


def viewpoints_url(params: Iterable[tuple[str, str]] | dict[str, Any] = ()) -> str:
    """/viewpoints/ with the given parameters, e.g. for a stance-matrix count on a theme page."""
    items = params.items() if isinstance(params, dict) else params
    query = urlencode([(k, v) for k, v in items if v not in (None, "")])
    base = reverse("debate:viewpoints")
    return f"{base}?{query}" if query else base


def question_param(question: Question) -> str:
    """A question's value in URLs: its slug is unique within its theme only."""
    return f"{question.theme.slug}.{question.slug}"


# --- Facets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetSpec:
    """How one facet is validated and filtered on (counts come from :mod:`.facetindex`)."""

    name: str
    label: str
    resolve: Callable[[list[str]], tuple[list[Selected], list[str]]]
    apply: Callable[[QuerySet, list[Any]], QuerySet]
    # Many values (experts, institutions, tags, chapters): list only the most frequent ones.
    top: bool = False


def _resolve_slugs(
    what: str, queryset: QuerySet, label: Callable[[Any], tuple[str, str]]
) -> Callable[[list[str]], tuple[list[Selected], list[str]]]:
    def resolve(values: list[str]) -> tuple[list[Selected], list[str]]:
        wellformed = [v for v in values if SLUG.match(v)]
        found = (
            {obj.slug: obj for obj in queryset.filter(slug__in=wellformed)} if wellformed else {}
        )
        selected, messages = [], []
        for value in values:
            if value in found:
                obj = found[value]
                selected.append(Selected(value, *label(obj), key=obj.pk))
            else:
                messages.append(f"No {what} “{_shorten(value)}”: ignored.")
        return selected, messages

    return resolve


def _resolve_choices(
    what: str, choices: type
) -> Callable[[list[str]], tuple[list[Selected], list[str]]]:
    labels = dict(choices.choices)

    def resolve(values: list[str]) -> tuple[list[Selected], list[str]]:
        selected, messages = [], []
        for value in values:
            if value in labels:
                selected.append(Selected(value, str(labels[value]), key=value))
            else:
                allowed = ", ".join(labels)
                messages.append(f"No {what} “{_shorten(value)}” (use one of: {allowed}): ignored.")
        return selected, messages

    return resolve


def _resolve_years(values: list[str]) -> tuple[list[Selected], list[str]]:
    selected, messages = [], []
    for value in values:
        if re.fullmatch(r"\d{4}", value, flags=re.ASCII):
            selected.append(Selected(value, value, key=int(value)))
        else:
            messages.append(f"Year “{_shorten(value)}” is not a four-digit year: ignored.")
    return selected, messages


def _resolve_questions(values: list[str]) -> tuple[list[Selected], list[str]]:
    pairs = {}
    for value in values:
        theme_slug, _, slug = value.partition(".")
        if SLUG.match(theme_slug) and SLUG.match(slug):
            pairs[value] = (theme_slug, slug)
    found = {}
    if pairs:
        match = Q()
        for theme_slug, slug in pairs.values():
            match |= Q(theme__slug=theme_slug, slug=slug)
        found = {
            question_param(q): q for q in Question.objects.filter(match).select_related("theme")
        }
    selected, messages = [], []
    for value in values:
        if value in found:
            selected.append(Selected(value, found[value].text, key=found[value].pk))
        else:
            messages.append(
                f"No question “{_shorten(value)}” (questions are written theme.question): ignored."
            )
    return selected, messages


def _holders(**lookup) -> QuerySet:
    return PositionHolder.objects.filter(**lookup).values("position_id")


# Big facets (experts, institutions, tags at scale) list their most frequent values, plus those
# selected: a page of 5,000 checkboxes helps nobody and takes long to render.
TOP_VALUES = 30

FACETS: tuple[FacetSpec, ...] = (
    FacetSpec(
        "theme",
        "Theme",
        _resolve_slugs("theme", Theme.objects.all(), lambda t: (t.name, t.name_zh)),
        lambda qs, keys: qs.filter(
            pk__in=Position.themes.through.objects.filter(theme_id__in=keys).values("position_id")
        ),
    ),
    FacetSpec(
        "question",
        "Question",
        _resolve_questions,
        lambda qs, keys: qs.filter(question_id__in=keys),
    ),
    FacetSpec(
        "stance",
        "Stance",
        _resolve_choices("stance", Stance),
        lambda qs, keys: qs.filter(stance__in=keys),
    ),
    FacetSpec(
        "expert",
        "Expert",
        _resolve_slugs("expert", Expert.objects.all(), lambda e: (e.name, e.name_zh)),
        lambda qs, keys: qs.filter(pk__in=_holders(expert_id__in=keys)),
        top=True,
    ),
    FacetSpec(
        "institution",
        "Institution",
        _resolve_slugs("institution", Institution.objects.all(), lambda i: (i.name, i.name_zh)),
        lambda qs, keys: qs.filter(pk__in=_holders(institution_id__in=keys)),
        top=True,
    ),
    FacetSpec(
        "kind",
        "Institution kind",
        _resolve_choices("institution kind", InstitutionKind),
        lambda qs, keys: qs.filter(pk__in=_holders(institution__kind__in=keys)),
    ),
    FacetSpec(
        "pubkind",
        "Publication kind",
        _resolve_choices("publication kind", PublicationKind),
        lambda qs, keys: qs.filter(source_kind__in=keys),
    ),
    FacetSpec(
        "year",
        "Publication year",
        _resolve_years,
        lambda qs, keys: qs.filter(source_year__in=keys),
    ),
    FacetSpec(
        "tag",
        "Tag",
        _resolve_slugs("tag", Tag.objects.all(), lambda t: (t.name, "")),
        lambda qs, keys: qs.filter(pk__in=Position.objects.filter(tags__in=keys).values("pk")),
        top=True,
    ),
    FacetSpec(
        "chapter",
        "Chapter",
        _resolve_slugs("chapter", Chapter.objects.all(), lambda c: (c.title, "")),
        lambda qs, keys: qs.filter(chapter_id__in=keys),
        top=True,
    ),
)
# Every query parameter /viewpoints/ reads: what its cached copy is keyed by (cached_page).
VIEWPOINT_PARAMS = frozenset([*(spec.name for spec in FACETS), "q", "sort", "size", "page"])
# Shown unfolded on /viewpoints/ even with nothing chosen: the questions staff ask first.
OPEN_FACETS = ("theme", "question", "stance", "expert", "kind")


# --- Parsing -----------------------------------------------------------------------------------


def _shorten(value: str, limit: int = 40) -> str:
    value = CONTROL_CHARS.sub("", value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _clean_text(value: str) -> str:
    return CONTROL_CHARS.sub("", value).strip()


def _split_values(raw: list[str]) -> list[str]:
    """Repeated keys (?expert=a&expert=b) and commas (?expert=a,b) both list several values."""
    values: list[str] = []
    for item in raw:
        for part in _clean_text(item).split(","):
            part = part.strip()
            if part and part not in values:
                values.append(part)
    return values


def _parse_int(raw: str, name: str, default: int, messages: list[str]) -> int:
    """A non-negative whole number; absurdly long ones become a very large number to clamp."""
    raw = _clean_text(raw)
    if not raw:
        return default
    if not re.fullmatch(r"\d+", raw, flags=re.ASCII):
        messages.append(f"{name.capitalize()} “{_shorten(raw)}” is not a number: using {default}.")
        return default
    return int(raw) if len(raw) <= 18 else 10**18


def parse_viewpoint_params(params: QueryDict) -> ViewpointQuery:
    """Validate /viewpoints/ GET parameters into a :class:`ViewpointQuery`.

    Unknown keys are ignored. Unknown or malformed values are dropped, each with a message
    for the page. Validating slugs costs one query per facet that has values, and gives
    the labels for the removable chips.
    """
    query = ViewpointQuery()
    messages = query.messages

    for spec in FACETS:
        values = _split_values(params.getlist(spec.name))
        if not values:
            continue
        if len(values) > MAX_VALUES_PER_FACET:
            messages.append(
                f"Only the first {MAX_VALUES_PER_FACET} values of “{spec.name}” are used."
            )
            values = values[:MAX_VALUES_PER_FACET]
        selected, problems = spec.resolve(values)
        messages += problems
        if selected:
            query.selected[spec.name] = selected

    q = _clean_text(params.get("q", ""))
    if len(q) > MAX_QUERY_CHARS:
        messages.append(f"The search text was cut to its first {MAX_QUERY_CHARS} characters.")
        q = q[:MAX_QUERY_CHARS]
    words = normalise(q).split()
    if len(words) > MAX_QUERY_WORDS:
        messages.append(f"Only the first {MAX_QUERY_WORDS} search words are used.")
        words = words[:MAX_QUERY_WORDS]
    query.q, query.words = q, tuple(dict.fromkeys(words))

    sort = _clean_text(params.get("sort", ""))
    if sort in SORTS:
        query.sort = sort
    elif sort:
        messages.append(f"Unknown sort “{_shorten(sort)}”: showing {SORTS[DEFAULT_SORT]}.")

    size = _parse_int(params.get("size", ""), "page size", DEFAULT_PAGE_SIZE, messages)
    low, high = PAGE_SIZE_RANGE
    if not low <= size <= high:
        messages.append(f"Page size must be between {low} and {high}: using {DEFAULT_PAGE_SIZE}.")
        size = DEFAULT_PAGE_SIZE
    query.size = size

    page = _parse_int(params.get("page", ""), "page", 1, messages)
    if page < 1:
        messages.append("Pages start at 1: showing page 1.")
        page = 1
    query.page = page
    return query


# --- Filtering ---------------------------------------------------------------------------------


def _filtered(query: ViewpointQuery, *, skip: str = "") -> QuerySet:
    qs = search_positions(Position.objects.all(), query.words)
    for spec in FACETS:
        selected = query.values(spec.name)
        if selected and spec.name != skip:
            qs = spec.apply(qs, [s.key for s in selected])
    return qs


def sort_positions(qs: QuerySet, sort: str) -> QuerySet:
    if sort == "oldest":
        return qs.order_by(F("source_date").asc(nulls_last=True), "pk")
    if sort == "expert":
        return qs.annotate(first_expert=Min("holders__expert__name")).order_by(
            F("first_expert").asc(nulls_last=True), "-pk"
        )
    return qs.order_by(F("source_date").desc(nulls_last=True), "-pk")


def filter_positions(query: ViewpointQuery) -> QuerySet:
    """The positions matching every selection and the search, sorted as asked (not paged)."""
    return sort_positions(_filtered(query), query.sort)


def _selection_digest(query: ViewpointQuery) -> str:
    """The selection: search words and facet values, not page, sort or size."""
    selection = repr(
        (query.words, sorted((k, sorted(s.key for s in v)) for k, v in query.selected.items() if v))
    )
    return hashlib.sha256(selection.encode()).hexdigest()[:32]


def data_version_of(query: ViewpointQuery) -> str:
    """The data version the query is answered at, read once per request."""
    if query.data_version is None:
        query.data_version = data_version()
    return query.data_version


def selection_key(query: ViewpointQuery) -> str:
    """The selection and data version: what the rendered filter column is cached under."""
    return versioned_key(_selection_digest(query), version=data_version_of(query))


def _selection(query: ViewpointQuery) -> tuple[FacetIndex, dict[str, np.ndarray]]:
    """The facet index of the current data and a mask of rows per selected facet (``q`` for
    the search: its matching ids are read once, by the same search as :func:`filter_positions`).
    Computed once per request."""
    if query.index_selection is None:
        index = facetindex.current(data_version_of(query))
        masks = {
            name: index.mask(name, [s.key for s in values])
            for name, values in query.selected.items()
            if values
        }
        if query.words:
            masks["q"] = _search_mask(query, index)
        query.index_selection = (index, masks)
    return query.index_selection


def _search_mask(query: ViewpointQuery, index: FacetIndex) -> np.ndarray:
    """The rows of ``index`` matching the search words."""
    return index.mask_of_ids(_search_ids(query.words, data_version_of(query), index))


def _search_ids(words: tuple[str, ...], version: str, index: FacetIndex) -> np.ndarray:
    """The ids of the positions matching ``words`` at ``version`` (of ``index``), sorted.

    Cached per words and data version as ids, not rows: the processes sharing the cache
    number their index rows differently. After a write, the ids cached for the version the
    index was patched from are brought up to date by searching only the positions that changed
    since, instead of every position again.
    """
    key = ("viewpoints:search", hashlib.sha256(repr(words).encode()).hexdigest()[:32])

    def search(among: np.ndarray | None = None) -> np.ndarray:
        positions = Position.objects.order_by()
        if among is not None:
            positions = positions.filter(pk__in=among.tolist())
        (ids,) = facetindex.integer_rows(search_positions(positions, words).values_list("pk"), 1)
        return np.sort(ids)

    def matching() -> bytes:
        origin = index.patched_from
        before = None
        if origin is not None and origin.positions is not None:
            before = cache.get(versioned_key(*key, version=origin.version))
        if before is None:
            ids = search()
        else:
            changed = np.array(sorted(origin.positions), dtype=np.int64)
            kept = np.setdiff1d(_unpacked_ids(before), changed, assume_unique=True)
            ids = np.union1d(kept, search(changed)) if len(changed) else kept
        return ids.astype("<i4").tobytes()

    return _unpacked_ids(cached(matching, *key, version=version))


def _unpacked_ids(packed: bytes) -> np.ndarray:
    return np.frombuffer(packed, dtype="<i4").astype(np.int64)


def facet_counts(query: ViewpointQuery) -> dict[str, Facet]:
    """Each facet's values with the number of positions each would give, as plain data.

    Each facet is counted among the positions every *other* facet and the search leave, from
    the in-memory :mod:`.facetindex` (no query once the index is read). Values with no
    positions are left out unless selected (so they can be removed).
    """
    index, masks = _selection(query)
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
    codes = [code for code in counts if code in data.info]
    info = data.info
    if spec.top:
        codes.sort(key=lambda c: (c not in chosen_codes, -counts[c], info[c].value))
        codes = codes[: TOP_VALUES + len(chosen)]
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
    shown = {v.value for v in values}
    values += [
        FacetValue(s.value, s.label, 0, True, s.label_zh) for s in chosen if s.value not in shown
    ]
    return Facet(spec.name, spec.label, values)


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for a gap (…)
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pager:
    links: list[PageLink]
    previous: str = ""
    next: str = ""


def pager(query: ViewpointQuery, page: Page, around: int = 2) -> Pager:
    """Previous/next and the first, last and nearby pages, with gaps: 1 … 4 5 [6] 7 8 … 20."""
    last = page.paginator.num_pages
    shown = sorted({1, last, *range(page.number - around, page.number + around + 1)})
    links: list[PageLink] = []
    for number in (n for n in shown if 1 <= n <= last):
        if links and links[-1].number is not None and number > links[-1].number + 1:
            links.append(PageLink(None))
        links.append(PageLink(number, query.url(page=number), number == page.number))
    return Pager(
        links,
        previous=query.url(page=page.number - 1) if page.has_previous() else "",
        next=query.url(page=page.number + 1) if page.has_next() else "",
    )


class _Matches(Sequence):
    """The selection's position ids in the requested order, sliced from the facet index."""

    def __init__(self, query: ViewpointQuery):
        self.index, masks = _selection(query)
        self.within = facetindex.combine(masks.values())
        self.sort = query.sort
        self.total = self.index.count(self.within)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("matches are read by page")
        start, stop, _ = item.indices(self.total)
        return self.index.page(self.within, self.sort, start, stop)[0]


def paginate(query: ViewpointQuery) -> tuple[Page, list[str]]:
    """The requested page of the selection, as position ids in order; past the end, the last
    page, with a message.

    The ids come from the facet index (a slice of a sort order, however deep the page): no
    query. :func:`.cards.position_cards` turns them into what the page shows.
    """
    paginator = Paginator(_Matches(query), query.size)
    messages = []
    number = query.page
    if number > paginator.num_pages:
        messages.append(f"There is no page {number}: showing page {paginator.num_pages}, the last.")
        number = paginator.num_pages
    return paginator.page(number), messages


# --- Theme pages -------------------------------------------------------------------------------

STANCE_COLUMNS = (Stance.SUPPORTS, Stance.QUALIFIED, Stance.OPPOSES)


def _subquery_count(qs: QuerySet, outer: str) -> Subquery:
    """A correlated COUNT(DISTINCT ...) over ``qs``, grouped by ``outer`` = OuterRef("pk")."""
    return Subquery(
        qs.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk", distinct=True))
        .values("n"),
        output_field=IntegerField(),
    )


def themes_with_counts() -> QuerySet:
    """Themes with their numbers of positions, experts, questions and glossary terms.

    Correlated subqueries rather than joined COUNT(DISTINCT)s, which would multiply rows.
    Each theme's questions come prefetched with their stance counts.
    """
    expert_count = Subquery(
        PositionHolder.objects.filter(position__themes=OuterRef("pk"), expert__isnull=False)
        .order_by()
        .values("position__themes")
        .annotate(n=Count("expert", distinct=True))
        .values("n"),
        output_field=IntegerField(),
    )
    questions = Question.objects.annotate(
        **{
            f"{stance}_count": Count("positions", filter=Q(positions__stance=stance))
            for stance in STANCE_COLUMNS
        },
    ).select_related("theme")
    return Theme.objects.annotate(
        position_count=Coalesce(_subquery_count(Position.objects.all(), "themes"), 0),
        expert_count=Coalesce(expert_count, 0),
        term_count=Coalesce(_subquery_count(GlossaryTerm.objects.all(), "themes"), 0),
    ).prefetch_related(Prefetch("questions", queryset=questions))


# How many viewpoints a stance-matrix cell or a theme's list shows; the rest are a link away.
CELL_EXAMPLES = 4
THEME_LIST_SIZE = 10


@dataclass
class StanceCell:
    """A stance column of a matrix: how many hold it, the latest few, and a link to all."""

    stance: str
    label: str
    positions: list[Position]
    url: str
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.positions)


@dataclass
class QuestionMatrix:
    """A contested question with its positions in supports / qualified / opposes columns."""

    question: Question
    cells: list[StanceCell]
    unstated: list[Position]
    unstated_count: int = 0

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells) + self.unstated_count

    @property
    def url(self) -> str:
        return viewpoints_url({"question": question_param(self.question)})


@dataclass
class ThemeOverview:
    theme: Theme
    matrices: list[QuestionMatrix]
    position_count: int  # positions tagged with the theme
    unplaced: list[Position]  # the latest of those on no question of this theme
    unplaced_count: int
    terms: list[GlossaryTerm]

    @property
    def url(self) -> str:
        return viewpoints_url({"theme": self.theme.slug})


def theme_overview(theme: Theme, version: str | None = None) -> ThemeOverview:
    """Everything a theme page shows; cached until the data changes (see apps.core.cache)."""
    return facetindex.cached_with_index(
        lambda index: _theme_overview(theme, index), "theme", theme.pk, version=version
    )


def _theme_overview(theme: Theme, index: FacetIndex) -> ThemeOverview:
    """Everything a theme page shows, in a constant number of queries and bounded work.

    Matrix cells carry their counts and the ids of their latest few positions (by record),
    both read from the facet index, and link to their /viewpoints/ selection; the list of
    positions on no question holds the latest few too. Only the positions shown are read.
    """
    questions = list(theme.questions.all())
    question_codes = index.facets["question"].codes
    stance_codes = index.facets["stance"].codes
    on_questions = facetindex.isin(question_codes, [q.pk for q in questions])
    rows = np.flatnonzero(on_questions)
    cells: dict[tuple[int, str], tuple[int, list[int]]] = {}
    for question in questions:
        asked = rows[question_codes[rows] == question.pk]
        for stance in [*STANCE_COLUMNS, ""]:
            code = index.facets["stance"].code(stance) if stance else 0
            held = asked[stance_codes[asked] == code]
            cells[question.pk, stance] = (len(held), index.latest(held, CELL_EXAMPLES))
    tagged = index.mask("theme", [theme.pk])
    unplaced = np.flatnonzero(tagged & ~on_questions)
    unplaced_ids = index.latest(unplaced, THEME_LIST_SIZE)
    example_ids = [pk for _, ids in cells.values() for pk in ids]
    shown = Position.objects.filter(pk__in=example_ids + unplaced_ids).with_listing_relations()
    shown = shown.in_bulk()

    def positions(ids: list[int]) -> list[Position]:
        return [shown[pk] for pk in ids if pk in shown]

    matrices = []
    for question in questions:
        stance_cells = [
            StanceCell(
                stance,
                stance.label,
                positions(cells[question.pk, stance][1]),
                viewpoints_url({"question": question_param(question), "stance": stance}),
                cells[question.pk, stance][0],
            )
            for stance in STANCE_COLUMNS
        ]
        unstated_count, unstated_ids = cells[question.pk, ""]
        matrices.append(
            QuestionMatrix(question, stance_cells, positions(unstated_ids), unstated_count)
        )
    return ThemeOverview(
        theme=theme,
        matrices=matrices,
        position_count=int(tagged.sum()),
        unplaced=positions(unplaced_ids),
        unplaced_count=len(unplaced),
        terms=list(theme.glossary_terms.all()),
    )


# --- Position and glossary pages --------------------------------------------------------------


def positions_for_detail() -> QuerySet:
    """Positions with everything their own page shows, in a constant number of queries."""
    return Position.objects.with_listing_relations().prefetch_related(
        "tags",
        "glossary_terms",
        Prefetch("source__authorships", queryset=Authorship.objects.select_related("expert")),
    )


def related_positions(position: Position) -> QuerySet:
    """The other positions on the same question, newest source first."""
    if not position.question_id:
        return Position.objects.none()
    others = Position.objects.filter(question_id=position.question_id).exclude(pk=position.pk)
    return sort_positions(others, "newest").with_listing_relations()


def glossary_terms() -> QuerySet:
    """Terms with their themes and the positions (and holders) that use them."""
    holders = PositionHolder.objects.select_related("expert")
    return GlossaryTerm.objects.prefetch_related(
        "themes",
        Prefetch(
            "positions",
            queryset=Position.objects.prefetch_related(Prefetch("holders", queryset=holders)),
        ),
    )


# --- Comparing experts -------------------------------------------------------------------------

COMPARE_MIN, COMPARE_MAX = 2, 3


def parse_compare_params(params: QueryDict) -> tuple[list[Expert], list[str]]:
    """The experts named by ``?experts=a,b[,c]`` (or repeated keys), in order, with messages.

    Unknown or malformed slugs are dropped with a message; beyond three, the rest are dropped.
    """
    slugs = _split_values(params.getlist("experts"))
    messages: list[str] = []
    if len(slugs) > COMPARE_MAX:
        messages.append(
            f"Up to {COMPARE_MAX} experts can be compared: "
            f"“{_shorten(', '.join(slugs[COMPARE_MAX:]))}” left out."
        )
        slugs = slugs[:COMPARE_MAX]
    wellformed = [s for s in slugs if SLUG.match(s)]
    found = {e.slug: e for e in Expert.objects.filter(slug__in=wellformed)} if wellformed else {}
    experts = []
    for slug in slugs:
        if slug in found:
            experts.append(found[slug])
        else:
            messages.append(f"No expert “{_shorten(slug)}”: ignored.")
    # One expert and nothing amiss: the page asks for another, as it does with none.
    if messages and len(experts) < COMPARE_MIN:
        messages.append(f"Choose {COMPARE_MIN} or {COMPARE_MAX} experts to compare.")
    return experts, messages


def compare_url(experts: Sequence[Expert]) -> str:
    """The canonical, shareable comparison URL: ``/compare/?experts=a,b``."""
    base = reverse("debate:compare")
    return f"{base}?experts={','.join(e.slug for e in experts)}" if experts else base


@dataclass
class ComparisonRow:
    """One question (or a theme's positions on no question): each expert's positions on it."""

    question: Question | None
    cells: list[list[Position]]  # one list per expert, in the experts' order

    @property
    def verdict(self) -> str:
        """``agree``, ``differ`` or ``single``: stances compared among experts who have one."""
        stances = [frozenset(p.stance for p in cell if p.stance) for cell in self.cells]
        recorded = [s for s in stances if s]
        if self.question is None or len(recorded) < 2:
            return "single"
        return "agree" if len(set(recorded)) == 1 else "differ"

    @property
    def silent(self) -> list[int]:
        """Indexes of the experts with no recorded view here."""
        return [i for i, cell in enumerate(self.cells) if not cell]


@dataclass
class ComparisonTheme:
    theme: Theme
    rows: list[ComparisonRow]

    @property
    def agreements(self) -> int:
        return sum(row.verdict == "agree" for row in self.rows)

    @property
    def differences(self) -> int:
        return sum(row.verdict == "differ" for row in self.rows)


def compare_experts(experts: Sequence[Expert]) -> list[ComparisonTheme]:
    """The experts' positions side by side, theme by theme and question by question.

    A position on a question sits in its question's theme; one on no question sits in each
    of its themes, in a row of its own at the end.
    """
    ids = [e.pk for e in experts]
    positions = sort_positions(
        Position.objects.filter(pk__in=_holders(expert_id__in=ids)), "newest"
    ).with_listing_relations()
    themes: dict[int, Theme] = {}
    rows: dict[tuple[int, int | None], ComparisonRow] = {}
    for position in positions:
        held_by = {h.expert_id for h in position.holders.all()}
        if position.question_id:
            places = [(position.question.theme, position.question)]
        else:
            places = [(theme, None) for theme in position.themes.all()]
        for theme, question in places:
            themes[theme.pk] = theme
            key = (theme.pk, question.pk if question else None)
            row = rows.setdefault(key, ComparisonRow(question, [[] for _ in ids]))
            for index, expert_id in enumerate(ids):
                if expert_id in held_by:
                    row.cells[index].append(position)

    def row_order(row: ComparisonRow) -> tuple[bool, int, str]:
        if row.question is None:
            return (True, 0, "")
        return (False, row.question.order, row.question.text)

    ordered = sorted(themes.values(), key=lambda t: (t.order, t.name))
    return [
        ComparisonTheme(
            theme,
            sorted((r for (t, _), r in rows.items() if t == theme.pk), key=row_order),
        )
        for theme in ordered
    ]


def comparable_experts() -> QuerySet:
    """Experts who hold at least one position: the choices of the comparison form."""
    return Expert.objects.filter(pk__in=PositionHolder.objects.values("expert_id")).order_by("name")
