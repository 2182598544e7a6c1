"""The debate's pages: viewpoints (faceted), themes, positions, comparison, glossary.

Queries are built in apps/debate/filters/, theme pages in apps/debate/themes.py, the
comparison in apps/debate/comparison.py.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from apps.core.cache import CACHE_SECONDS, cached_content_context, cached_page
from apps.debate import comparison, filters, pages, themes
from apps.debate.cards import position_cards
from apps.debate.models import Theme

from .rendering import render_page, wants_fragment


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
    response = render_page(request, "debate/viewpoint_list.html", "results", context)
    # htmx pushes the canonical URL (no empty fields, page clamped), not the raw form query.
    return push_url(response, query.url(page=page.number)) if wants_fragment(request) else response


@require_safe
@cached_page(params=())
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(pages.positions_for_detail(), pk=pk)
    context = {
        "position": position,
        "related": pages.related_positions(position),
        "relations": pages.position_relations(position),
    }
    return render_page(request, "debate/position_detail.html", "position", context)


@require_safe
@cached_page(params=())
def theme_list(request: HttpRequest) -> HttpResponse:
    return render_page(
        request, "debate/theme_list.html", "themes", {"themes": themes.themes_with_counts()}
    )


@require_safe
@cached_page(params=())
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    # The overview is drawn for the htmx fragment, or when the cached page content is stale.
    context = cached_content_context(
        lambda version: themes.theme_overview(theme, version), "overview", theme=theme
    )
    return render_page(request, "debate/theme_detail.html", "questions", context)


@require_safe
@cached_page(params=["experts"])
def compare(request: HttpRequest) -> HttpResponse:
    experts, messages = comparison.parse_compare_params(request.GET)
    canonical = comparison.compare_url(experts)
    # The picker form sends ?experts=a&experts=b; the shareable URL is ?experts=a,b.
    if len(request.GET.getlist("experts")) > 1 and not messages and not wants_fragment(request):
        return redirect(canonical)
    context = {
        "experts": experts,
        "notices": messages,
        "themes": comparison.compare_experts(experts) if len(experts) >= 2 else [],
        "choices": comparison.comparable_experts(),
        "slots": range(comparison.COMPARE_MAX),
    }
    response = render_page(request, "debate/compare.html", "comparison", context)
    return push_url(response, canonical) if wants_fragment(request) else response


@require_safe
@cached_page(params=())
def glossary(request: HttpRequest) -> HttpResponse:
    terms = pages.glossary_terms()
    return render_page(request, "debate/glossary.html", "terms", {"terms": terms})
