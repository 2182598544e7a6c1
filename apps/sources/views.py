from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from apps.analysis.models import Analysis, Citation
from apps.debate.models import Position

from .citations import citation_meta, csl_json_script, format_citation
from .models import Publication


@require_GET
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
