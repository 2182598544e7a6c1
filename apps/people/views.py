from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .models import Expert, Institution


@require_GET
def expert_detail(request: HttpRequest, slug: str) -> HttpResponse:
    expert = get_object_or_404(Expert, slug=slug)
    return TemplateResponse(request, "people/expert_detail.html", {"expert": expert})


@require_GET
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution.objects.select_related("parent"), slug=slug)
    return TemplateResponse(request, "people/institution_detail.html", {"institution": institution})
