"""What every public page does with htmx: a named partial for htmx's requests, the whole page
for everything else, including htmx's history restore (which must get a page, not a
fragment)."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def wants_fragment(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(request: HttpRequest, template: str, partial: str, context: dict) -> HttpResponse:
    """The page, or to htmx its named partial (``template#partial``)."""
    if wants_fragment(request):
        template = f"{template}#{partial}"
    return TemplateResponse(request, template, context)
