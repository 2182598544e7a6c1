"""The people pages: experts (faceted by theme, kind and origin) and institutions."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.core.cache import cached_content_context, cached_page
from apps.debate.models import Theme
from apps.people.listing import institution_groups
from apps.people.models import Expert, Institution

from ..counts import experts_with_counts, institutions_with_counts
from ..expert_filters import FILTER_KEYS, filter_experts, parse_filters
from ..people_pages import expert_list_facets, expert_page, institution_page
from .rendering import render_page

EXPERTS_PER_PAGE = 50


@require_safe
@cached_page(params=[*FILTER_KEYS, "page"])
def expert_list(request: HttpRequest) -> HttpResponse:
    themes = dict(Theme.objects.values_list("slug", "name"))
    filters = parse_filters(request.GET, themes)
    experts = filter_experts(Expert.objects.all(), filters)
    rows = experts_with_counts(experts).with_latest_affiliations().chinese_first()
    context = {
        "filters": filters,
        "facets": expert_list_facets(filters, themes),
        "page_obj": Paginator(rows, EXPERTS_PER_PAGE).get_page(request.GET.get("page")),
        "total": Expert.objects.count(),
    }
    return render_page(request, "people/expert_list.html", "results", context)


@require_safe
@cached_page(params=())
def expert_detail(request: HttpRequest, slug: str) -> HttpResponse:
    expert = get_object_or_404(Expert, slug=slug)
    context = cached_content_context(
        lambda version: expert_page(expert.pk, version), "page", expert=expert
    )
    return TemplateResponse(request, "people/expert_detail.html", context)


@require_safe
@cached_page(params=())
def institution_list(request: HttpRequest) -> HttpResponse:
    institutions = list(institutions_with_counts(Institution.objects.order_by("name")))
    context = {"groups": institution_groups(institutions), "total": len(institutions)}
    return TemplateResponse(request, "people/institution_list.html", context)


@require_safe
@cached_page(params=())
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution, slug=slug)
    context = cached_content_context(
        lambda version: institution_page(institution.pk, version), "page", institution=institution
    )
    return TemplateResponse(request, "people/institution_detail.html", context)
