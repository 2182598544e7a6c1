"""The facets of /viewpoints/: how each is validated and filtered on (counts come from the
facet index, apps/debate/facetindex/)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from taggit.models import Tag

from apps.analysis.models import Analysis, Chapter
from apps.people.models import Expert, Institution, InstitutionKind
from apps.sources.models import PublicationKind

from ..models import Position, PositionHolder, Question, Stance, Theme
from .cleaning import SLUG, shorten
from .links import question_param
from .period import PERIOD_PARAMS


@dataclass(frozen=True)
class Selected:
    """One validated value of a facet: its URL value, its label and what filters on it."""

    value: str
    label: str
    label_zh: str = ""
    key: Any = None  # primary key, choice value or year used in the filter


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
                messages.append(f"No {what} “{shorten(value)}”: ignored.")
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
                messages.append(f"No {what} “{shorten(value)}” (use one of: {allowed}): ignored.")
        return selected, messages

    return resolve


def _resolve_years(values: list[str]) -> tuple[list[Selected], list[str]]:
    selected, messages = [], []
    for value in values:
        if re.fullmatch(r"\d{4}", value, flags=re.ASCII):
            selected.append(Selected(value, value, key=int(value)))
        else:
            messages.append(f"Year “{shorten(value)}” is not a four-digit year: ignored.")
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
                f"No question “{shorten(value)}” (questions are written theme.question): ignored."
            )
    return selected, messages


def _resolve_chapters(values: list[str]) -> tuple[list[Selected], list[str]]:
    """A chapter as ``issue.chapter`` (analysis and chapter slugs) or, as before there were
    several issues, its slug alone: the chapter of the first issue that has it."""
    wanted = {}
    for value in values:
        issue, _, slug = value.rpartition(".")
        if SLUG.match(slug) and (not issue or SLUG.match(issue)):
            wanted[value] = (issue, slug)
    found = {}
    if wanted:
        chapters = Chapter.objects.filter(slug__in={slug for _, slug in wanted.values()})
        for chapter in chapters.select_related("analysis").order_by("-analysis__date", "pk"):
            found[(chapter.analysis.slug, chapter.slug)] = chapter
            found[("", chapter.slug)] = chapter  # the oldest issue's, ordered last, stays
    selected, messages = [], []
    for value in values:
        chapter = found.get(wanted.get(value))
        if chapter is None:
            messages.append(f"No chapter “{shorten(value)}”: ignored.")
        else:
            selected.append(Selected(value, chapter.title, key=chapter.pk))
    return selected, messages


def holder_positions(**lookup) -> QuerySet:
    return PositionHolder.objects.filter(**lookup).values("position_id")


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
        lambda qs, keys: qs.filter(pk__in=holder_positions(expert_id__in=keys)),
        top=True,
    ),
    FacetSpec(
        "institution",
        "Institution",
        _resolve_slugs("institution", Institution.objects.all(), lambda i: (i.name, i.name_zh)),
        lambda qs, keys: qs.filter(pk__in=holder_positions(institution_id__in=keys)),
        top=True,
    ),
    FacetSpec(
        "kind",
        "Institution kind",
        _resolve_choices("institution kind", InstitutionKind),
        lambda qs, keys: qs.filter(pk__in=holder_positions(institution__kind__in=keys)),
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
        _resolve_chapters,
        lambda qs, keys: qs.filter(chapter_id__in=keys),
        top=True,
    ),
    # A position is in an issue through its footnote's chapter (the chapter copied onto it).
    FacetSpec(
        "analysis",
        "Analysis",
        _resolve_slugs("analysis", Analysis.objects.all(), lambda a: (a.title, "")),
        lambda qs, keys: qs.filter(
            chapter_id__in=Chapter.objects.filter(analysis_id__in=keys).values("pk")
        ),
    ),
)


# Every query parameter /viewpoints/ reads: what its cached copy is keyed by (cached_page).
VIEWPOINT_PARAMS = frozenset(
    [*(spec.name for spec in FACETS), *PERIOD_PARAMS, "q", "sort", "size", "page"]
)


# Shown unfolded on /viewpoints/ even with nothing chosen: the questions staff ask first.
OPEN_FACETS = ("theme", "question", "stance", "expert", "kind")
