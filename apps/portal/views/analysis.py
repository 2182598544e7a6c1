"""The analyses: each issue, and its chapters read with their linked footnotes."""

from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.analysis.models import Analysis, Chapter, ChapterAnalyst, Citation
from apps.core.cache import cached_page
from apps.debate.models import Position


@require_safe
@cached_page(params=())
def analysis_list(request: HttpRequest) -> HttpResponse:
    analyses = Analysis.objects.select_related("publisher", "editor").prefetch_related("chapters")
    return TemplateResponse(request, "analysis/analysis_list.html", {"analyses": analyses})


@require_safe
@cached_page(params=())
def analysis_detail(request: HttpRequest, slug: str) -> HttpResponse:
    analysis = get_object_or_404(
        Analysis.objects.select_related("publication", "editor", "publisher"), slug=slug
    )
    chapters = list(
        analysis.chapters.annotate(note_count=Count("footnotes"))
        .order_by("order")  # GROUP BY: the model's default ordering is not applied
        .prefetch_related(
            Prefetch("bylines", queryset=ChapterAnalyst.objects.select_related("analyst"))
        )
    )
    authors = {}
    for chapter in chapters:
        for byline in chapter.bylines.all():
            authors.setdefault(byline.analyst.pk, byline.analyst)
    context = {"analysis": analysis, "chapters": chapters, "authors": list(authors.values())}
    return TemplateResponse(request, "analysis/analysis_detail.html", context)


@require_safe
@cached_page(params=())
def chapter_detail(request: HttpRequest, slug: str, chapter_slug: str) -> HttpResponse:
    chapter = get_object_or_404(
        Chapter.objects.select_related("analysis"), analysis__slug=slug, slug=chapter_slug
    )
    footnotes = list(
        chapter.footnotes.prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("publication")),
            Prefetch("positions", queryset=Position.objects.only("pk", "summary", "footnote")),
        )
    )
    paragraphs = list(chapter.paragraphs.all())
    siblings = list(chapter.analysis.chapters.only("pk", "slug", "title", "order", "analysis"))
    index = next(i for i, c in enumerate(siblings) if c.pk == chapter.pk)
    context = {
        "chapter": chapter,
        "analysis": chapter.analysis,
        "paragraphs": paragraphs,
        "sections": [p for p in paragraphs if p.heading],
        "chapters": siblings,
        "footnotes": footnotes,
        "bylines": chapter.bylines.select_related("analyst"),
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    return TemplateResponse(request, "analysis/chapter_detail.html", context)
