"""The home page, and the health check for load balancers and uptime monitors."""

from django.db import DatabaseError, connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from apps.analysis.models import Analysis
from apps.core.cache import cached, cached_page
from apps.debate.models import GlossaryTerm, Position, Theme
from apps.debate.themes import stance_overview
from apps.people.models import Expert, Institution, Origin
from apps.sources.models import Publication


@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For a load balancer or an uptime check: 200 while the app and its database answer,
    503 when the database does not. One trivial query; no template, session or cache."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
@cached_page(params=())
def home(request: HttpRequest) -> HttpResponse:
    # Newest first (the model's ordering): the latest with its chapters, the others listed.
    analyses = list(
        Analysis.objects.select_related("publication", "editor", "publisher").prefetch_related(
            "chapters"
        )
    )
    # Counting over every position takes seconds at scale: cached until the data changes.
    themes, totals = cached(_home_counts, "home:counts")
    context = {
        "themes": themes,
        "analysis": analyses[0] if analyses else None,
        "earlier_analyses": analyses[1:],
        "totals": totals,
        "overview": stance_overview(),
    }
    return TemplateResponse(request, "portal/home.html", context)


def _home_counts() -> tuple[list[Theme], dict[str, int]]:
    themes = Theme.objects.annotate(
        position_count=Count("positions", distinct=True),
        expert_count=Count("positions__holders__expert", distinct=True),
    ).order_by("order", "name")  # GROUP BY: the model's default ordering is not applied
    totals = {
        "experts": Expert.objects.chinese().count(),
        "foreign_authors": Expert.objects.filter(origin=Origin.FOREIGN).count(),
        "institutions": Institution.objects.count(),
        "positions": Position.objects.count(),
        "publications": Publication.objects.count(),
        "terms": GlossaryTerm.objects.count(),
    }
    return list(themes), totals
