from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .models import Publication


@require_GET
def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publication = get_object_or_404(Publication.objects.with_listing_relations(), slug=slug)
    return TemplateResponse(
        request, "sources/publication_detail.html", {"publication": publication}
    )
