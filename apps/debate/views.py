"""The debate pages: viewpoints (faceted), themes, positions, comparison, glossary.

Every page serves a named partial of its template to htmx requests, and the whole page to
everything else, including htmx's history restore (which must get a page, not a fragment).
Queries are built in ``filters``.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from apps.core.cache import CACHE_SECONDS, cached_content_context, cached_page

from . import filters
from .cards import position_cards
from .models import Theme


def _wants_fragment(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _render(request: HttpRequest, template: str, partial: str, context: dict) -> HttpResponse:
    """The page, or to htmx its named partial (``template#partial``)."""
    if _wants_fragment(request):
        template = f"{template}#{partial}"
    return TemplateResponse(request, template, context)


@require_safe
@cached_page(params=filters.VIEWPOINT_PARAMS)
def viewpoint_list(request: HttpRequest) -> HttpResponse:
    query = filters.parse_viewpoint_params(request.GET)
    page, page_messages = filters.paginate(query)
    context = {
        "query": query,
        "page": page,
        "cards": position_cards(page.object_list, filters.data_version_of(query)),
        # Counted only when the cached filter column (below) must be rendered again.
        "facets": SimpleLazyObject(lambda: filters.facet_counts(query)),
        "notices": [*query.messages, *page_messages],
        "sorts": filters.SORTS,
        "pager": filters.pager(query, page),
        "open_facets": filters.OPEN_FACETS,
        # The filter column is rendered once per selection and data version (template fragment
        # cache), as the cards are: rendering them costs more than their queries.
        "selection_key": filters.selection_key(query),
        "fragment_seconds": CACHE_SECONDS,
    }
    response = _render(request, "debate/viewpoint_list.html", "results", context)
    # htmx pushes the canonical URL (no empty fields, page clamped), not the raw form query.
    return push_url(response, query.url(page=page.number)) if _wants_fragment(request) else response


@require_safe
@cached_page(params=())
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(filters.positions_for_detail(), pk=pk)
    related = filters.related_positions(position)
    return _render(
        request,
        "debate/position_detail.html",
        "position",
        {"position": position, "related": related},
    )


@require_safe
@cached_page(params=())
def theme_list(request: HttpRequest) -> HttpResponse:
    return _render(
        request, "debate/theme_list.html", "themes", {"themes": filters.themes_with_counts()}
    )


@require_safe
@cached_page(params=())
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    # The overview is drawn for the htmx fragment, or when the cached page content is stale.
    context = cached_content_context(
        lambda version: filters.theme_overview(theme, version), "overview", theme=theme
    )
    return _render(request, "debate/theme_detail.html", "questions", context)


@require_safe
@cached_page(params=["experts"])
def compare(request: HttpRequest) -> HttpResponse:
    experts, messages = filters.parse_compare_params(request.GET)
    canonical = filters.compare_url(experts)
    # The picker form sends ?experts=a&experts=b; the shareable URL is ?experts=a,b.
    if len(request.GET.getlist("experts")) > 1 and not messages and not _wants_fragment(request):
        return redirect(canonical)
    context = {
        "experts": experts,
        "notices": messages,
        "themes": filters.compare_experts(experts) if len(experts) >= 2 else [],
        "choices": filters.comparable_experts(),
        "slots": range(filters.COMPARE_MAX),
    }
    response = _render(request, "debate/compare.html", "comparison", context)
    return push_url(response, canonical) if _wants_fragment(request) else response


@require_safe
@cached_page(params=())
def glossary(request: HttpRequest) -> HttpResponse:
    terms = filters.glossary_terms()
    return _render(request, "debate/glossary.html", "terms", {"terms": terms})
