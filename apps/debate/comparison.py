"""Two or three experts side by side, theme by theme and question by question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse

from apps.people.models import Expert

from .filters.cleaning import SLUG, shorten, split_values
from .filters.selection import sort_positions
from .filters.specs import holder_positions
from .models import Position, PositionHolder, Question, Theme

COMPARE_MIN, COMPARE_MAX = 2, 3


def parse_compare_params(params: QueryDict) -> tuple[list[Expert], list[str]]:
    """The experts named by ``?experts=a,b[,c]`` (or repeated keys), in order, with messages.

    Unknown or malformed slugs are dropped with a message; beyond three, the rest are dropped.
    """
    slugs = split_values(params.getlist("experts"))
    messages: list[str] = []
    if len(slugs) > COMPARE_MAX:
        messages.append(
            f"Up to {COMPARE_MAX} experts can be compared: "
            f"“{shorten(', '.join(slugs[COMPARE_MAX:]))}” left out."
        )
        slugs = slugs[:COMPARE_MAX]
    wellformed = [s for s in slugs if SLUG.match(s)]
    found = {e.slug: e for e in Expert.objects.filter(slug__in=wellformed)} if wellformed else {}
    experts = []
    for slug in slugs:
        if slug in found:
            experts.append(found[slug])
        else:
            messages.append(f"No expert “{shorten(slug)}”: ignored.")
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
        Position.objects.filter(pk__in=holder_positions(expert_id__in=ids)), "newest"
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
