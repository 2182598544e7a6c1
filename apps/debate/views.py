from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .models import GlossaryTerm, Position, Theme


@require_GET
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    return TemplateResponse(request, "debate/theme_detail.html", {"theme": theme})


@require_GET
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position.objects.with_listing_relations(), pk=pk)
    return TemplateResponse(request, "debate/position_detail.html", {"position": position})


@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    terms = GlossaryTerm.objects.prefetch_related("themes")
    return TemplateResponse(request, "debate/glossary.html", {"terms": terms})


@require_GET
def viewpoint_list(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "debate/viewpoint_list.html", {})


@require_GET
def theme_list(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "debate/theme_list.html", {"themes": Theme.objects.all()})


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "debate/compare.html", {})
