"""A picture as a file for a briefing: its SVG (the drawing of the page, links absolute, no
stylesheet needed) or the CSV of what it draws. Shared by every picture's downloads."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from apps.debate.exports import rows_to_csv


def download(body: str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chinadebate-{name}"'
    return response


def site_of(request: HttpRequest) -> str:
    """The prefix that makes a picture's links absolute in its file."""
    return request.build_absolute_uri("/")[:-1]


def svg_download(request: HttpRequest, template: str, context: dict, name: str) -> HttpResponse:
    """``template`` rendered with ``site``, the prefix that makes its links absolute."""
    context = {**context, "site": site_of(request)}
    return svg_file(render_to_string(template, context, request=request), name)


def svg_file(svg: str, name: str) -> HttpResponse:
    return download(svg, "image/svg+xml", name)


def csv_download(rows: list[dict], columns: list[str], name: str) -> HttpResponse:
    # A byte-order mark, so that spreadsheet programs read the hanzi as UTF-8.
    return download("\ufeff" + rows_to_csv(rows, columns), "text/csv", name)
