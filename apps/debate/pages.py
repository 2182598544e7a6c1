"""What a position's own page and the glossary show, in a constant number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from apps.sources.models import Authorship

from .filters.selection import sort_positions
from .models import GlossaryTerm, Position, PositionHolder, PositionRelation


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


def position_relations(position: Position) -> dict[str, list[PositionRelation]]:
    """What the position answers and what answers it, each with its evidence and the other
    position's holders, in two queries."""
    relations = PositionRelation.objects.select_related(
        "footnote__chapter__analysis", "publication"
    ).filter(Q(position=position) | Q(target=position))
    others = Position.objects.select_related("question").prefetch_related(
        Prefetch("holders", queryset=PositionHolder.objects.select_related("expert", "institution"))
    )
    relations = relations.prefetch_related(
        Prefetch("position", queryset=others), Prefetch("target", queryset=others)
    ).order_by("kind", "pk")
    made = [r for r in relations if r.position_id == position.pk]
    received = [r for r in relations if r.target_id == position.pk]
    return {"answers": made, "answered_by": received}


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
