from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from apps.analysis.models import Analysis
from apps.debate.models import Theme


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    themes = Theme.objects.annotate(
        position_count=Count("positions", distinct=True),
        expert_count=Count("positions__holders__expert", distinct=True),
    )
    return TemplateResponse(
        request,
        "portal/home.html",
        {"themes": themes, "analysis": Analysis.objects.select_related("publication").first()},
    )
