"""Filtering and facet counts for /experts/, which shows people with the debate they take part
in (so it lives on the floor that may see both).

GET parameters are whitelisted: ``kind`` (kind of an institution the expert is affiliated
with), ``theme`` (a theme the expert holds a position on) and ``origin``; each may repeat and
values combine with OR inside a parameter, AND across parameters. Unknown keys are ignored;
unknown values are dropped and reported back so the page can say so.

Facet counts follow the usual rule: each facet is counted against the experts filtered by
every *other* facet, one GROUP BY query per facet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.http import urlencode

from apps.core.facets import FacetOption
from apps.debate.models import PositionHolder
from apps.people.models import Affiliation, Expert, InstitutionKind, Origin

FILTER_KEYS = ("kind", "theme", "origin")
MAX_VALUES = 20


@dataclass
class ExpertFilters:
    kind: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.theme or self.origin)


@dataclass
class Facet:
    key: str
    legend: str
    options: list[FacetOption]


def parse_filters(data: QueryDict, theme_choices: dict[str, str]) -> ExpertFilters:
    """Keep only known values of known keys; remember the rest to tell the reader."""
    allowed = {
        "kind": set(InstitutionKind.values),
        "theme": set(theme_choices),
        "origin": set(Origin.values),
    }
    filters = ExpertFilters()
    for key in FILTER_KEYS:
        for value in dict.fromkeys(data.getlist(key)[:MAX_VALUES]):
            if value in allowed[key]:
                getattr(filters, key).append(value)
            elif value:
                filters.ignored.append((key, value[:40]))
    return filters


def filter_experts(
    experts: QuerySet[Expert], filters: ExpertFilters, skip: str = ""
) -> QuerySet[Expert]:
    """Apply every facet but ``skip`` (the one being counted)."""
    if filters.kind and skip != "kind":
        experts = experts.filter(
            pk__in=Affiliation.objects.filter(institution__kind__in=filters.kind).values("expert")
        )
    if filters.theme and skip != "theme":
        experts = experts.filter(
            pk__in=PositionHolder.objects.filter(
                position__themes__slug__in=filters.theme, expert__isnull=False
            ).values("expert")
        )
    if filters.origin and skip != "origin":
        experts = experts.filter(origin__in=filters.origin)
    return experts


def _query(filters: ExpertFilters, key: str, value: str) -> str:
    params = {name: list(getattr(filters, name)) for name in FILTER_KEYS}
    params[key] = [value]
    return urlencode(params, doseq=True)


def _counts(rows, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in rows if row[key] is not None}


def expert_facets(
    experts: QuerySet[Expert], filters: ExpertFilters, theme_choices: dict[str, str]
) -> list[Facet]:
    """Three facets, one query each."""
    base = experts.order_by()
    kind_counts = _counts(
        Affiliation.objects.filter(
            expert__in=filter_experts(base, filters, skip="kind").values("pk")
        )
        .order_by()
        .values("institution__kind")
        .annotate(n=Count("expert", distinct=True)),
        "institution__kind",
    )
    theme_counts = _counts(
        filter_experts(base, filters, skip="theme")
        .values("position_holdings__position__themes__slug")
        .annotate(n=Count("pk", distinct=True)),
        "position_holdings__position__themes__slug",
    )
    origin_counts = _counts(
        filter_experts(base, filters, skip="origin").values("origin").annotate(n=Count("pk")),
        "origin",
    )

    def options(key, choices, counts, selected):
        return [
            FacetOption(
                value, label, counts.get(value, 0), value in selected, _query(filters, key, value)
            )
            for value, label in choices
        ]

    return [
        Facet("origin", "Origin", options("origin", Origin.choices, origin_counts, filters.origin)),
        Facet(
            "theme",
            "Holds viewpoints on",
            options("theme", theme_choices.items(), theme_counts, filters.theme),
        ),
        Facet(
            "kind",
            "Affiliated with",
            options("kind", InstitutionKind.choices, kind_counts, filters.kind),
        ),
    ]
