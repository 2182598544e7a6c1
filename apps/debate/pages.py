"""What a position's own page and the glossary show, in a constant number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from apps.sources.models import Authorship

from .filters.selection import sort_positions
from .models import GlossaryTerm, Position, PositionHolder


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
