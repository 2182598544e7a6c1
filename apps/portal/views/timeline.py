"""The timeline of the debate: the page, and the same chart as SVG and its data as CSV."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.core.cache import cached_page
from apps.debate import timeline as timelines
from apps.debate.models import Theme

from ..timeline_svg import TimelineMarkup
from .downloads import csv_download, site_of, svg_file


def _timeline(request: HttpRequest) -> tuple[timelines.Timeline, list[str]]:
    by, query = timelines.parse_timeline_params(request.GET)
    return timelines.timeline(by, query), query.messages


@require_safe
@cached_page(params=timelines.TIMELINE_PARAMS)
def timeline(request: HttpRequest) -> HttpResponse:
    data, notices = _timeline(request)
    context = {
        "timeline": data,
        "markup": TimelineMarkup(data),
        "notices": notices,
        "groupings": timelines.GROUPINGS,
        "choices": Theme.objects.order_by("order", "name"),
    }
    return TemplateResponse(request, "portal/timeline.html", context)


@require_safe
@cached_page(params=timelines.TIMELINE_PARAMS)
def timeline_svg(request: HttpRequest) -> HttpResponse:
    """The chart of the page as a file: links absolute, no stylesheet needed."""
    data, _ = _timeline(request)
    return svg_file(TimelineMarkup(data).chart(site_of(request)), "timeline.svg")


@require_safe
@cached_page(params=timelines.TIMELINE_PARAMS)
def timeline_csv(request: HttpRequest) -> HttpResponse:
    """What the chart draws, one line per period: positions per theme, publications."""
    data, _ = _timeline(request)
    columns = ["period", *(theme.label for theme in data.themes), "publications"]
    rows = [
        {
            "period": row.period,
            **{cell.theme.label: cell.count for cell in row.cells},
            "publications": row.publications,
        }
        for row in data.rows
    ]
    return csv_download(rows, columns, "timeline.csv")
