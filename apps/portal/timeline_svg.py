"""The timeline's chart (SVG) and its table's rows as markup, joined here rather than by the
template: per month (240 months at 200k) the ~1,400 segments, each a link with a label and a
title, and the table's ~1,700 cells took the template ~250 ms, and each cell's link (a
``reverse``) another ~50 ms. Every text is escaped (django.utils.html.escape) before it is
joined in; numbers are formatted here. The chart is drawn with SVG presentation attributes
only, so the downloaded file needs no stylesheet and the page no inline style."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.debate.filters import viewpoints_url
from apps.debate.timeline import Timeline

from .timeline_chart import Chart, draw

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
    ' class="tl-chart" role="group" aria-labelledby="tl-title"'
    ' font-family="system-ui, -apple-system, \'Segoe UI\', sans-serif" font-size="12"'
    ' fill="#1f2328">'
)
DASHED = 'stroke="#1f2328" stroke-width="1.5" stroke-dasharray="4 3"'
MARKER = 'r="3.5" fill="#fff" stroke="#1f2328" stroke-width="1.5"'


def _links(timeline: Timeline) -> dict[tuple[str, str], str]:
    """The link of each counted cell by (theme, period): its ``Cell.url``, with one
    ``reverse`` per theme instead of one per cell (the theme's part of the query first)."""
    themes = {theme.value: viewpoints_url([("theme", theme.value)]) for theme in timeline.themes}
    links = {}
    for row in timeline.rows:
        period = urlencode([("from", row.period), ("to", row.period)])
        for cell in row.cells:
            if cell.count:
                links[cell.theme.value, row.period] = f"{themes[cell.theme.value]}&{period}"
    return links


class TimelineMarkup:
    """The chart and the table rows of one timeline, sharing their links."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self.links = _links(timeline)

    def chart(self, site: str = "") -> SafeString:
        """The chart; ``site`` prefixes its links (absolute in the downloaded file)."""
        chart = draw(self.timeline)
        grouping = escape(self.timeline.grouping)
        parts = [
            SVG_OPEN.format(w=chart.width, h=chart.height),
            f'<title id="tl-title">Viewpoints {grouping} and theme, with the publications'
            " they are drawn from</title>",
            "<defs>",
            *(_pattern(fill) for fill in chart.fills),
            "</defs>",
            f'<rect width="{chart.width}" height="{chart.height}" fill="#fff"/>',
            '<g class="tl-axis" aria-hidden="true">',
            *_axis(chart),
            "</g>",
            '<g class="tl-bars" stroke="#fff" stroke-width="1">',
            *self._segments(chart, escape(site)),
            "</g>",
            '<g class="tl-publications" aria-hidden="true" pointer-events="none">',
            f'<polyline points="{chart.marker_line}" fill="none" {DASHED}/>',
            *(
                f'<circle cx="{m.x:.1f}" cy="{m.y:.1f}" {MARKER}><title>Publications,'
                f" {escape(m.period)}: {m.count}</title></circle>"
                for m in chart.markers
            ),
            "</g>",
            f'<line x1="{chart.left}" x2="{chart.right}" y1="{chart.base}" y2="{chart.base}"'
            ' stroke="#1f2328" stroke-width="1" aria-hidden="true"/>',
            '<g class="tl-legend" aria-hidden="true">',
            *_legend(chart),
            "</g>",
            "</svg>",
        ]
        return mark_safe("\n".join(parts))

    def _segments(self, chart: Chart, site: str) -> list[str]:
        labels = {theme.value: escape(theme.label) for theme in self.timeline.themes}
        drawn = []
        for s in chart.segments:
            cell = s.cell
            label = f"{labels[cell.theme.value]}, {escape(cell.period)}: {cell.count}"
            link = escape(self.links[cell.theme.value, cell.period])
            noun = "viewpoint" if cell.count == 1 else "viewpoints"
            drawn.append(
                f'<a href="{site}{link}" aria-label="{label} {noun}" data-count="{cell.count}">'
                f'<title>{label}</title><rect class="tl-seg" x="{s.x:.1f}" y="{s.y:.1f}"'
                f' width="{s.width:.1f}" height="{s.height:.1f}" fill="url(#{s.fill.id})"/></a>'
            )
        return drawn

    def table_rows(self) -> SafeString:
        """The rows of the table of figures: per period each theme's count, linked to the
        viewpoints it counts, and the publications."""
        rows = []
        for row in self.timeline.rows:
            cells = "".join(
                f'<td class="numeric"><a href="{escape(self.links[cell.theme.value, row.period])}">'
                f"{cell.count}</a></td>"
                if cell.count
                else '<td class="numeric"><span class="tl-zero">0</span></td>'
                for cell in row.cells
            )
            rows.append(
                f'<tr><th scope="row">{escape(row.period)}</th>{cells}'
                f'<td class="numeric">{row.publications}</td></tr>'
            )
        return mark_safe("\n".join(rows))


def _pattern(fill) -> str:
    overlay = (
        f'<path d="{fill.overlay}" stroke="{fill.overlay_colour}" stroke-width="1.4"'
        f' fill="{fill.overlay_colour}" stroke-opacity=".55" fill-opacity=".55"/>'
        if fill.overlay
        else ""
    )
    return (
        f'<pattern id="{fill.id}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{fill.colour}"/>{overlay}</pattern>'
    )


def _axis(chart: Chart) -> list[str]:
    ticks = [
        f'<line x1="{chart.left}" x2="{chart.right}" y1="{t.y:.1f}" y2="{t.y:.1f}"'
        f' stroke="#d0d4da" stroke-width="1"/><text x="{chart.left - 8}" y="{t.y:.1f}" dy="4"'
        f' text-anchor="end" fill="#57606a">{t.value}</text>'
        for t in chart.ticks
    ]
    labels = [
        f'<text x="{label.x:.1f}" y="{chart.label_y}" text-anchor="middle"'
        f' fill="#57606a">{escape(label.text)}</text>'
        for label in chart.labels
    ]
    return ticks + labels


def _legend(chart: Chart) -> list[str]:
    keys = [
        f'<rect x="{key.x}" y="{key.y - 11}" width="22" height="14" fill="url(#{key.fill.id})"'
        f' stroke="#1f2328" stroke-width=".5"/><text x="{key.x + 30}" y="{key.y}">'
        f"{escape(key.label)}</text>"
        for key in chart.keys
    ]
    y, left = chart.marker_key_y, chart.left
    return [
        *keys,
        f'<polyline points="{left},{y - 4} {left + 22},{y - 4}" {DASHED}/><circle'
        f' cx="{left + 11}" cy="{y - 4}" {MARKER}/><text x="{left + 30}" y="{y}">Publications'
        " the viewpoints are drawn from</text>",
    ]
