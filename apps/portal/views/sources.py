"""The sources pages: publications (faceted), and each source with the footnotes and
positions that cite it."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from apps.analysis.models import Analysis, Citation
from apps.core.cache import cached_page
from apps.debate.models import Position
from apps.sources import filters
from apps.sources.citations import citation_meta, csl_json_script, format_citation
from apps.sources.models import Publication

from ..counts import publications_with_counts
from .rendering import wants_fragment

PUBLICATIONS_PER_PAGE = 25


@require_safe
@cached_page(params=[*filters.FILTER_KEYS, "sort", "page"])
def publication_list(request: HttpRequest) -> HttpResponse:
    selection = filters.parse_filters(request.GET)
    venues = filters.chosen_venues(selection)
    filters.drop_unknown_venues(selection, venues)
    publications = filters.filter_publications(Publication.objects.all(), selection)
    rows = publications_with_counts(filters.listing(publications, selection))
    context = {
        "filters": selection,
        "facets": filters.publication_facets(Publication.objects.all(), selection, venues),
        "sorts": filters.SORTS,
        "page_obj": Paginator(rows, PUBLICATIONS_PER_PAGE).get_page(request.GET.get("page")),
        "total": Publication.objects.count(),
    }
    if wants_fragment(request):
        response = TemplateResponse(request, "sources/publication_list.html#results", context)
        # The address bar gets the selection without defaults or empty fields.
        query = urlencode(selection.params(), doseq=True)
        return push_url(response, f"{request.path}?{query}" if query else request.path)
    return TemplateResponse(request, "sources/publication_list.html", context)


@require_safe
@cached_page(params=())
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_object_or_404(
        Publication.objects.with_listing_relations().prefetch_related("tags"), slug=slug
    )
    context = {
        "publication": publication,
        "lang": "zh-Hans" if publication.language == "zh" else publication.language,
        "meta_tags": citation_meta(publication),
        "csl_json": csl_json_script(publication),
        "citation": format_citation(publication),
        "citations": Citation.objects.filter(publication=publication)
        .select_related("footnote__chapter__analysis")
        .order_by("footnote__chapter__analysis", "footnote__chapter__order", "footnote__number"),
        "positions": Position.objects.filter(source=publication).with_listing_relations(),
        "stated_affiliations": publication.stated_affiliations.select_related(
            "expert", "institution"
        ),
        "analysis": Analysis.objects.filter(publication=publication).first(),
    }
    return TemplateResponse(request, "sources/publication_detail.html", context)
