"""What the theme pages show: themes with their counts, and per theme its contested questions
as stance matrices, drawn from the facet index."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import facetindex
from .facetindex import FacetIndex
from .filters.links import question_param, viewpoints_url
from .models import GlossaryTerm, Position, PositionHolder, Question, Stance, Theme

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
