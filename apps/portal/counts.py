"""What the list pages count across domains: the viewpoints and publications of each expert,
the people, viewpoints and publications of each institution, the footnotes and viewpoints
citing each publication.

Correlated subqueries rather than COUNTs over joins, which would multiply rows.
"""

from django.db.models import Count, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.analysis.models import Citation
from apps.debate.models import Position, PositionHolder
from apps.people.models import Affiliation
from apps.sources.models import Authorship, Publication


def _count(model: type[Model], owner: str, counted: str = "pk", distinct: bool = False):
    rows = (
        model.objects.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def experts_with_counts(experts: QuerySet) -> QuerySet:
    """How many viewpoints each expert holds and how many publications they wrote."""
    return experts.annotate(
        position_count=_count(PositionHolder, "expert", "position", distinct=True),
        publication_count=_count(Authorship, "expert", "publication", distinct=True),
    )


def institutions_with_counts(institutions: QuerySet) -> QuerySet:
    """People affiliated, viewpoints held (by or at it) and publications it issued."""
    return institutions.annotate(
        people_count=_count(Affiliation, "institution", "expert", distinct=True),
        position_count=_count(PositionHolder, "institution", "position", distinct=True),
        publication_count=_count(Publication, "issuing_institution", distinct=True),
    )


def publications_with_counts(publications: QuerySet) -> QuerySet:
    """How many footnotes cite each publication, and how many viewpoints are drawn from it."""
    return publications.annotate(
        footnote_count=_count(Citation, "publication"),
        position_count=_count(Position, "source"),
    )
