"""The network's picture as SVG markup, joined here rather than by the template: its ~1,000
ties and 240 nodes (the widest view), each with its data attributes and title, took the
template ~110 ms. Every text is escaped (django.utils.html.escape) before it is joined in;
numbers are formatted here. The picture is drawn with SVG presentation attributes only, so
the downloaded file needs no stylesheet and the page no inline style."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from .network import Network
from .network_chart import TIE_STYLES, Chart, DrawnNode, Key

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}"'
    ' class="nw-chart" role="group" aria-labelledby="nw-title"'
    ' font-family="system-ui, -apple-system, \'Segoe UI\', sans-serif" font-size="12"'
    ' fill="#1f2328">'
)
OUTLINE = 'stroke="#1f2328" stroke-width="1"'


def picture(network: Network, chart: Chart, site: str = "") -> SafeString:
    """The picture; ``site`` prefixes its links (absolute in the downloaded file)."""
    parts = [
        SVG_OPEN.format(w=chart.width, h=chart.height),
        f'<title id="nw-title">The network of the debate: the strongest {len(network.nodes)}'
        " experts, institutions and themes, and their ties</title>",
        f'<rect width="{chart.width}" height="{chart.height}" fill="#fff"/>',
        '<g class="nw-ties" aria-hidden="true" fill="none" stroke-linecap="round">',
        *_ties(chart),
        "</g>",
        '<g class="nw-nodes">',
        *(_node(node, escape(site)) for node in chart.nodes),
        "</g>",
        '<g class="nw-legend" aria-hidden="true">',
        *(_key(key) for key in chart.keys),
        "</g>",
        "</svg>",
    ]
    return mark_safe("\n".join(parts))


def _ties(chart: Chart) -> list[str]:
    """One line per tie, with its ends, kind and weight as data (what the CSV lists)."""
    keys = {n.node.key: escape(n.node.key) for n in chart.nodes}
    looks = {
        kind: (
            f'class="nw-tie nw-tie-{kind}"',
            f'stroke="{style.colour}"',
            f' stroke-dasharray="{style.dash}"' if style.dash else "",
            escape(capfirst(style.label)),
            escape(style.counts),
        )
        for kind, style in TIE_STYLES.items()
    }
    drawn = []
    for line in chart.ties:
        tie = line.tie
        classes, stroke, dash, label, counts = looks[tie.kind]
        drawn.append(
            f'<line {classes} x1="{line.x1}" y1="{line.y1}" x2="{line.x2}" y2="{line.y2}"'
            f' {stroke} stroke-width="{line.width}"{dash} data-tie="{keys[tie.source]} {keys[tie.target]}"'
            f' data-kind="{tie.kind}" data-weight="{tie.weight}">'
            f"<title>{label}: {tie.weight} {counts}</title></line>"
        )
    return drawn


def _node(drawn: DrawnNode, site: str) -> str:
    node, title = drawn.node, escape(drawn.title)
    hidden = "" if drawn.named else ' visibility="hidden"'
    return (
        f'<a href="{site}{escape(node.url)}" class="nw-node nw-{node.kind}" aria-label="{title}"'
        f' data-node="{escape(node.key)}" data-weight="{node.weight}" data-x="{drawn.x:.1f}"'
        f' data-y="{drawn.y:.1f}"><title>{title}</title><path class="nw-shape" d="{drawn.path}"'
        f' fill="{drawn.style.colour}" {OUTLINE}/><text class="nw-label" x="{drawn.label_x:.1f}"'
        f' y="{drawn.y:.1f}" dy="4" text-anchor="{drawn.anchor}" stroke="#fff" stroke-width="3"'
        f' paint-order="stroke"{hidden}>{escape(drawn.label)}</text></a>'
    )


def _key(key: Key) -> str:
    style = key.style
    if key.path:
        mark = f'<path d="{key.path}" fill="{style.colour}" {OUTLINE}/>'
    else:
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        mark = (
            f'<line x1="{key.x}" x2="{key.x + 28}" y1="{key.y - 4}" y2="{key.y - 4}"'
            f' stroke="{style.colour}" stroke-width="2.4"{dash} stroke-linecap="round"/>'
        )
    return f'{mark}<text x="{key.x + 36}" y="{key.y}">{escape(capfirst(style.label))}</text>'
