"""What the theme pages show: themes with their counts, and per theme its contested questions
as stance matrices, drawn from the facet index."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import facetindex
from .facetindex import FacetIndex
from .filters.links import question_param, viewpoints_url
from .models import (
    GlossaryTerm,
    Position,
    PositionHolder,
    PositionRelation,
    Question,
    Stance,
    Theme,
)

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
    Each theme's questions come prefetched with their stance counts, ordered explicitly: a
    query with GROUP BY ignores the model's default ordering, and the database's own order
    changed after a backup was restored.
    """
    expert_count = Subquery(
        PositionHolder.objects.filter(position__themes=OuterRef("pk"), expert__isnull=False)
        .order_by()
        .values("position__themes")
        .annotate(n=Count("expert", distinct=True))
        .values("n"),
        output_field=IntegerField(),
    )
    questions = (
        Question.objects.annotate(
            **{
                f"{stance}_count": Count("positions", filter=Q(positions__stance=stance))
                for stance in STANCE_COLUMNS
            },
        )
        .select_related("theme")
        .order_by("order", "slug")
    )
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
    relations: list[PositionRelation] = field(default_factory=list)  # who answers whom on it

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells) + self.unstated_count

    @property
    def split(self) -> bool:
        """Whether the question divides the experts: more than one stance is held."""
        return sum(1 for cell in self.cells if cell.count) > 1

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

    @property
    def tallies(self) -> list[tuple[Theme, list[QuestionMatrix]]]:
        """The theme's questions x stances in the shape of the stance overview."""
        return [(self.theme, self.matrices)] if self.matrices else []


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

    relations = _relations_by_question(questions)

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
            QuestionMatrix(
                question,
                stance_cells,
                positions(unstated_ids),
                unstated_count,
                relations.get(question.pk, []),
            )
        )
    return ThemeOverview(
        theme=theme,
        matrices=matrices,
        position_count=int(tagged.sum()),
        unplaced=positions(unplaced_ids),
        unplaced_count=len(unplaced),
        terms=list(theme.glossary_terms.all()),
    )


def _relations_by_question(questions: list[Question]) -> dict[int, list[PositionRelation]]:
    """The relations with either end on one of ``questions``, under the question of the
    answering position (or of the answered one, if the first is on another theme's), in
    three queries."""
    ids = [q.pk for q in questions]
    holders = Prefetch(
        "holders", queryset=PositionHolder.objects.select_related("expert", "institution")
    )
    ends = Position.objects.select_related("question").prefetch_related(holders)
    relations = (
        PositionRelation.objects.filter(Q(position__question__in=ids) | Q(target__question__in=ids))
        .select_related("footnote__chapter__analysis", "publication")
        .prefetch_related(Prefetch("position", queryset=ends), Prefetch("target", queryset=ends))
        .order_by("kind", "pk")
    )
    grouped: dict[int, list[PositionRelation]] = {}
    for relation in relations:
        asked = relation.position.question_id
        grouped.setdefault(asked if asked in ids else relation.target.question_id, []).append(
            relation
        )
    return grouped


@dataclass
class StanceTally:
    """One row of the stance overview: a question and its positions per stance, linked."""

    question: Question
    cells: list[StanceCell]  # supports / qualified / opposes, counts and links, no examples

    @property
    def split(self) -> bool:
        """Whether the question divides the experts: more than one stance is held."""
        return sum(1 for cell in self.cells if cell.count) > 1


def stance_overview(version: str | None = None) -> list[tuple[Theme, list[StanceTally]]]:
    """Every theme's questions x stances with counts, from the facet index (the home page's
    overview of where the debate is split); cached until the data changes."""
    return facetindex.cached_with_index(_stance_overview, "stance-overview", version=version)


def _stance_overview(index: FacetIndex) -> list[tuple[Theme, list[StanceTally]]]:
    themes = Theme.objects.prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("order", "slug"))
    ).order_by("order", "name")
    question_codes = index.facets["question"].codes
    stance_codes = index.facets["stance"].codes
    overview = []
    for theme in themes:
        tallies = []
        for question in theme.questions.all():
            asked = stance_codes[question_codes == question.pk]
            cells = [
                StanceCell(
                    stance,
                    stance.label,
                    [],
                    viewpoints_url({"question": question_param(question), "stance": stance}),
                    int(np.count_nonzero(asked == index.facets["stance"].code(stance))),
                )
                for stance in STANCE_COLUMNS
            ]
            tallies.append(StanceTally(question, cells))
        overview.append((theme, tallies))
    return overview
