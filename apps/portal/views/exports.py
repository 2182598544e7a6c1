"""What the site hands out as files: a publication's citation, a /viewpoints/ selection, the
whole dataset."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from apps.core.inert import inert_json
from apps.dataset.records import dataset_zip
from apps.debate.exports import VIEWPOINT_COLUMNS, rows_to_csv, viewpoint_rows
from apps.debate.filters import filter_positions, parse_viewpoint_params
from apps.sources.citation_files import CITATION_FORMATS
from apps.sources.models import Publication


def _attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def publication_citation(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    publication = get_object_or_404(Publication.objects.with_listing_relations(), slug=slug)
    render, content_type = CITATION_FORMATS[fmt]
    return _attachment(render(publication), f"{content_type}; charset=utf-8", f"{slug}.{fmt}")


@require_safe
def viewpoints_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The /viewpoints/ selection for the same query string, unpaged."""
    query = parse_viewpoint_params(request.GET)
    positions = filter_positions(query).with_listing_relations()
    rows = viewpoint_rows(positions, site=request.build_absolute_uri("/").rstrip("/"))
    if fmt == "csv":
        # The byte-order mark lets spreadsheet programs read the hanzi as UTF-8.
        text = "\ufeff" + rows_to_csv(rows, VIEWPOINT_COLUMNS)
        return _attachment(text, "text/csv; charset=utf-8", "chinadebate-viewpoints.csv")
    params: dict[str, list[str]] = {}
    for key, value in query.params():
        params.setdefault(key, []).append(value)
    data = {
        "dataset_version": settings.DATASET_VERSION,
        "query": params,
        "notices": query.messages,
        "count": len(rows),
        "viewpoints": rows,
    }
    return _attachment(
        inert_json(data, ensure_ascii=False, indent=1),
        "application/json; charset=utf-8",
        "chinadebate-viewpoints.json",
    )


@require_safe
def dataset_download(request: HttpRequest, version: str) -> HttpResponse:
    if version != settings.DATASET_VERSION:
        raise Http404(f"Only version {settings.DATASET_VERSION} of the dataset is served.")
    filename, data = dataset_zip()
    return _attachment(data, "application/zip", filename)
