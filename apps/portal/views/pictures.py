"""The debate's pictures as files for a briefing: the stance overview (every theme's, or one
theme's) and a theme's debate map (every question's, or one question's), each as SVG (the
drawing of the page, links absolute, no stylesheet needed) and as the CSV of what it draws."""

from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from apps.core.cache import cached_page
from apps.debate import themes
from apps.debate.models import Theme

from .. import debate_map, overview_chart
from .downloads import csv_download, svg_download

OVERVIEW_COLUMNS = ["theme", "question", "stance", "count", "link"]
MAP_COLUMNS = [
    "question",
    "from_position",
    "from_expert",
    "from_stance",
    "relation",
    "to_position",
    "to_expert",
    "to_stance",
    "evidence_footnote",
    "evidence_link",
    "evidence_publication",
    "attribution",
    "note",
]


def _overview(slug: str | None) -> tuple[list, str, str]:
    """The overview of every theme, or of the theme ``slug`` (404 if there is none)."""
    overview = themes.stance_overview()
    if slug is None:
        return overview, "Where the debate is split: every theme", "stance-overview"
    theme = get_object_or_404(Theme, slug=slug)
    mine = [(t, tallies) for t, tallies in overview if t.pk == theme.pk]
    return mine, f"Where the debate is split: {theme.name}", f"stance-overview-{theme.slug}"


@require_safe
@cached_page(params=())
def overview_svg(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    overview, title, name = _overview(slug)
    chart = overview_chart.draw(overview, title)
    return svg_download(
        request, "portal/includes/_stance_overview.svg", {"chart": chart}, f"{name}.svg"
    )


@require_safe
@cached_page(params=())
def overview_csv(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    overview, _, name = _overview(slug)
    rows = [
        {
            "theme": theme.name,
            "question": tally.question.text,
            "stance": cell.stance,
            "count": cell.count,
            "link": request.build_absolute_uri(cell.url),
        }
        for theme, tallies in overview
        for tally in tallies
        for cell in tally.cells
    ]
    return csv_download(rows, OVERVIEW_COLUMNS, f"{name}.csv")


class UnknownQuestion(Exception):
    pass


def _map(request: HttpRequest, slug: str) -> tuple[Theme, list[themes.QuestionMatrix], str]:
    """The theme's questions (or the one ``?question=`` names: UnknownQuestion if none)."""
    theme = get_object_or_404(Theme, slug=slug)
    matrices = themes.theme_overview(theme).matrices
    name = f"debate-map-{theme.slug}"
    asked = request.GET.get("question")
    if asked is not None:
        chosen = [m for m in matrices if m.question.slug == asked]
        if not chosen:
            known = ", ".join(m.question.slug for m in matrices) or "none"
            raise UnknownQuestion(
                f"The theme “{theme.name}” has no contested question “{asked[:80]}”; "
                f"its questions are: {known}.\n"
            )
        matrices, name = chosen, f"{name}-{asked}"
    return theme, matrices, name


def _says_unknown_question(view):
    """A download naming a question the theme does not have: 404, saying which it has."""

    @wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except UnknownQuestion as unknown:
            return HttpResponseNotFound(str(unknown), content_type="text/plain; charset=utf-8")

    return answer


@require_safe
@cached_page(params=["question"])
@_says_unknown_question
def map_svg(request: HttpRequest, slug: str) -> HttpResponse:
    theme, matrices, name = _map(request, slug)
    single = len(matrices) == 1
    title = f"Who answers whom: {matrices[0].question.text if single else theme.name}"
    drawn = debate_map.draw(matrices, "dm", title, heading=not single)
    context = {"map": drawn, "heading": not single}
    return svg_download(request, "portal/includes/_debate_map.html", context, f"{name}.svg")


def _end(request: HttpRequest, position) -> tuple[str, str, str]:
    url = request.build_absolute_uri(position.get_absolute_url())
    return url, debate_map.holder_names(position), position.stance


def _evidence_link(request: HttpRequest, relation) -> str:
    evidence = relation.footnote or relation.publication
    return request.build_absolute_uri(evidence.get_absolute_url())


@require_safe
@cached_page(params=["question"])
@_says_unknown_question
def map_csv(request: HttpRequest, slug: str) -> HttpResponse:
    _, matrices, name = _map(request, slug)
    rows = []
    for matrix in matrices:
        for relation in matrix.relations:
            source, target, footnote = relation.position, relation.target, relation.footnote
            rows.append(
                dict(
                    zip(
                        MAP_COLUMNS,
                        [
                            matrix.question.text,
                            *_end(request, source),
                            relation.kind,
                            *_end(request, target),
                            str(footnote) if footnote else "",
                            _evidence_link(request, relation),
                            relation.publication.title if relation.publication else "",
                            relation.attribution,
                            relation.note,
                        ],
                        strict=True,
                    )
                )
            )
    return csv_download(rows, MAP_COLUMNS, f"{name}.csv")
