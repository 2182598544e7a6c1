from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .models import Analysis, Chapter


@require_GET
def analysis_detail(request: HttpRequest, slug: str) -> HttpResponse:
    analysis = get_object_or_404(Analysis, slug=slug)
    return TemplateResponse(request, "analysis/analysis_detail.html", {"analysis": analysis})


@require_GET
def chapter_detail(request: HttpRequest, slug: str, chapter_slug: str) -> HttpResponse:
    chapter = get_object_or_404(
        Chapter.objects.select_related("analysis"), analysis__slug=slug, slug=chapter_slug
    )
    return TemplateResponse(request, "analysis/chapter_detail.html", {"chapter": chapter})
