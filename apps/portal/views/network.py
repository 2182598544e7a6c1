"""The network of the debate: the page, and the same picture as SVG and its data as CSV."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from apps.analysis.models import Analysis
from apps.core.cache import cached_page
from apps.debate.filters import viewpoints_url
from apps.debate.models import Theme

from .. import network as networks
from ..network_chart import TIE_STYLES, draw
from ..network_query import DEFAULT_SIZE, NETWORK_PARAMS, SIZES, parse_network_params
from ..network_svg import picture
from .downloads import csv_download, site_of, svg_file

CSV_COLUMNS = ["element", "kind", "id", "label", "weight", "link", "x", "y", "source", "target"]
TABLE_TIES = 10  # of each kind, in the table of strongest ties


def _network(request: HttpRequest) -> tuple[networks.Network, dict]:
    query, size = parse_network_params(request.GET)
    chosen = [(name, s.value) for name in ("theme", "analysis") for s in query.values(name)]
    context = {
        "notices": query.messages,
        "chosen": chosen,
        "chosen_themes": {v for name, v in chosen if name == "theme"},
        "chosen_analyses": {v for name, v in chosen if name == "analysis"},
        "size": size,
        "querystring": urlencode(chosen + ([("size", size)] if size != DEFAULT_SIZE else [])),
    }
    return networks.network(query, size), context


@require_safe
@cached_page(params=NETWORK_PARAMS)
def network(request: HttpRequest) -> HttpResponse:
    data, context = _network(request)
    chart = draw(data)
    nodes = {n.node.key: n.node for n in chart.nodes}
    wider = [s for s in SIZES if s > data.size and data.total > data.size]
    context |= {
        "network": data,
        "picture": picture(data, chart),
        "strongest": [
            (
                TIE_STYLES[kind],
                [
                    (nodes[t.source], nodes[t.target], t.weight, _counted(t, context["chosen"]))
                    for t in ties
                ],
            )
            for kind, ties in _by_kind(data).items()
        ],
        "wider": wider[0] if wider else None,
        "wider_querystring": urlencode([*context["chosen"], ("size", wider[0])]) if wider else "",
        "sizes": SIZES,
        "themes": Theme.objects.order_by("order", "name"),
        "analyses": Analysis.objects.order_by("-date", "title"),
    }
    return TemplateResponse(request, "portal/network.html", context)


def _by_kind(data: networks.Network) -> dict[str, list]:
    """The strongest ties of each kind (the network's ties are strongest first)."""
    kinds: dict[str, list] = {kind: [] for kind in TIE_STYLES}
    for tie in data.ties:
        if len(kinds[tie.kind]) < TABLE_TIES:
            kinds[tie.kind].append(tie)
    return {kind: ties for kind, ties in kinds.items() if ties}


def _counted(tie, chosen: list[tuple[str, str]]) -> str:
    """The viewpoints a tie to a theme counts (when /viewpoints/ selects exactly those: no
    theme chosen, or this one)."""
    themes = [v for name, v in chosen if name == "theme"]
    theme = tie.target.removeprefix("theme:")
    if tie.kind != "theme" or (themes and theme not in themes):
        return ""
    holder, slug = tie.source.split(":", 1)
    analyses = [(name, v) for name, v in chosen if name == "analysis"]
    return viewpoints_url([(holder, slug), ("theme", theme), *analyses])


@require_safe
@cached_page(params=NETWORK_PARAMS)
def network_svg(request: HttpRequest) -> HttpResponse:
    data, _ = _network(request)
    return svg_file(picture(data, draw(data), site_of(request)), "network.svg")


@require_safe
@cached_page(params=NETWORK_PARAMS)
def network_csv(request: HttpRequest) -> HttpResponse:
    """What the picture draws: a line per node (where it stands in the SVG), one per tie."""
    data, _ = _network(request)
    chart = draw(data)
    rows = [
        {
            "element": "node",
            "kind": n.node.kind,
            "id": n.node.key,
            "label": n.node.label,
            "weight": n.node.weight,
            "link": request.build_absolute_uri(n.node.url),
            "x": f"{n.x:.1f}",
            "y": f"{n.y:.1f}",
        }
        for n in chart.nodes
    ]
    rows += [
        {
            "element": "tie",
            "kind": t.kind,
            "weight": t.weight,
            "source": t.source,
            "target": t.target,
        }
        for t in data.ties
    ]
    return csv_download(rows, CSV_COLUMNS, "network.csv")
