"""The debate map drawn: per contested question, its camps (the stances) side by side as
columns, each position at an end of a relation a node, and the relations between them as
curves, as geometry for the SVG template (templates/debate/includes/_debate_map.svg).

Kinds differ by line pattern and by the shape at the arrow's head (triangle, bar, diamond,
circle) as well as by colour, so the map reads in greyscale and for colour-blind readers;
the relation list under each map stays the text alternative.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

from apps.debate.models import Position, PositionRelation, RelationKind, Stance
from apps.debate.themes import QuestionMatrix

from .overview_chart import MARKS  # a stance drawn with the mark it has in the overview

WIDTH = 960
MARGIN = 16
HEAD_TOP = 28  # the camp headings' baseline
NODE_TOP = 56  # the first node's top
NODE_HEIGHT = 56
NODE_GAP = 16
BOX_SHARE = 0.74  # of a column's width: the rest is room for the curves between columns
LEGEND_LINE = 20
CHAR_WIDTH = 6.3  # an average character at 12 px, to cut labels to their box

# Where a node stands: the question's stances, then its positions without one, then the
# positions on another question that answer it or that it answers.
UNSTATED = "unstated"
ELSEWHERE = "elsewhere"
CAMP_LABELS = {
    Stance.SUPPORTS: "Supports",
    Stance.QUALIFIED: "Qualified",
    Stance.OPPOSES: "Opposes",
    UNSTATED: "No clear stance",
    ELSEWHERE: "On another question",
}


@dataclass(frozen=True)
class Style:
    """How a kind of relation is drawn: colour, dash pattern and the head's shape."""

    kind: str
    label: str
    colour: str
    dash: str  # stroke-dasharray ("" for a solid line)
    head: str  # path of the head in a 10 x 10 marker box, pointing right at (10, 5)
    head_fill: str


# Okabe-Ito colours darkened where needed for 3:1 against white.
STYLES = {
    RelationKind.SUPPORTS: Style(
        "supports", "supports", "#0072B2", "", "M0,0L10,5L0,10z", "#0072B2"
    ),
    RelationKind.DISPUTES: Style(
        "disputes", "disputes", "#C44E00", "7 4", "M7,0h3v10h-3zM0,2L7,5L0,8z", "#C44E00"
    ),
    RelationKind.QUALIFIES: Style(
        "qualifies", "qualifies (agrees in part)", "#7A5C00", "2 3", "M0,5L5,0L10,5L5,10z", "#fff"
    ),
    RelationKind.RESPONDS: Style(
        "responds", "responds to", "#4D4D4D", "9 3 2 3", "M1,5a4,4 0 1,0 8,0a4,4 0 1,0 -8,0", "#fff"
    ),
}


@dataclass
class Node:
    position: Position
    camp: str
    names: str  # every holder
    label: str  # the names, cut to the box
    lines: list[str]  # the summary's start, wrapped and cut to the box
    x: float
    y: float
    width: float
    height: float = NODE_HEIGHT

    @property
    def title(self) -> str:
        return f"{self.names}: {self.position.summary}"

    @property
    def text_x(self) -> float:
        return self.x + 8

    @property
    def label_y(self) -> float:
        return self.y + 17

    @property
    def line_y(self) -> float:
        return self.y + 33

    @property
    def line2_y(self) -> float:
        return self.y + 47

    @property
    def centre_y(self) -> float:
        return self.y + self.height / 2


@dataclass
class Edge:
    relation: PositionRelation
    style: Style
    path: str
    source: Node
    target: Node

    @property
    def title(self) -> str:
        return f"{self.source.names} {self.relation.get_kind_display()} {self.target.names}"


@dataclass
class Camp:
    key: str
    label: str
    mark: str
    x: float  # the column's centre
    count: int | None  # the question's positions in that stance (None: not a stance)
    url: str


@dataclass
class Panel:
    """One question's map, drawn from y = 0 (the template shifts it by ``top``)."""

    matrix: QuestionMatrix
    camps: list[Camp]
    nodes: list[Node]
    edges: list[Edge]
    height: float
    top: float = 0

    @property
    def question(self):
        return self.matrix.question


@dataclass
class LegendKey:
    style: Style
    x: float
    y: float


@dataclass
class Map:
    """One SVG: the panels of one question or of every question of a theme, and a legend."""

    id: str  # prefix of the markers' ids, unique on a page holding several maps
    title: str
    width: int
    height: int
    panels: list[Panel]
    styles: list[Style]
    legend: list[LegendKey] = field(default_factory=list)
    legend_y: float = 0


def holder_names(position: Position) -> str:
    """Who holds ``position``, as _relation_other.html names them (holders prefetched)."""
    names = [
        h.expert.name if h.expert else (h.group_label or h.institution.name)
        for h in position.holders.all()
    ]
    return ", ".join(names) or "an unattributed viewpoint"


def cut(text: str, width: float) -> str:
    most = max(int(width / CHAR_WIDTH), 4)
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def wrap(text: str, width: float, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width``, the last cut with an ellipsis."""
    most = max(int(width / CHAR_WIDTH), 4)
    wrapped = textwrap.wrap(text, most) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], cut(" ".join(wrapped[lines - 1 :]), width)]
    return wrapped


def _camp_of(position: Position, matrix: QuestionMatrix) -> str:
    if position.question_id != matrix.question.pk:
        return ELSEWHERE
    return position.stance or UNSTATED


def _curve(a: Node, b: Node, bend: int) -> str:
    """A cubic curve from ``a``'s side facing ``b`` to ``b``'s; between two nodes of one
    column, an arc out to its right. ``bend`` spreads several relations of one pair."""
    if a.x == b.x:
        x = a.x + a.width
        reach = 36 + 14 * bend + abs(b.y - a.y) * 0.12
        y1, y2 = a.centre_y, b.centre_y
        return (
            f"M{x:.1f},{y1:.1f}C{x + reach:.1f},{y1:.1f} {x + reach:.1f},{y2:.1f} {x:.1f},{y2:.1f}"
        )
    rightward = b.x > a.x
    x1 = a.x + a.width if rightward else a.x
    x2 = b.x if rightward else b.x + b.width
    y1 = a.centre_y + 6 * bend
    y2 = b.centre_y + 6 * bend
    span = abs(x2 - x1)
    # Far ends (a column between them) bow upwards, over the boxes in their way.
    lift = max(0.0, span - WIDTH / 3) * 0.18 + 10 * bend
    dx = span * 0.4 * (1 if rightward else -1)
    return (
        f"M{x1:.1f},{y1:.1f}C{x1 + dx:.1f},{y1 - lift:.1f} "
        f"{x2 - dx:.1f},{y2 - lift:.1f} {x2:.1f},{y2:.1f}"
    )


def draw_panel(matrix: QuestionMatrix) -> Panel:
    """The map of one question: a column per camp that has a node (the three stances always),
    nodes in the order their relations come, every relation of the question once."""
    ends: dict[int, tuple[Position, str]] = {}
    for relation in matrix.relations:
        for position in (relation.position, relation.target):
            ends.setdefault(position.pk, (position, _camp_of(position, matrix)))
    keys = [Stance.SUPPORTS, Stance.QUALIFIED, Stance.OPPOSES]
    keys += [k for k in (UNSTATED, ELSEWHERE) if any(c == k for _, c in ends.values())]
    column = (WIDTH - 2 * MARGIN) / len(keys)
    box = column * BOX_SHARE
    cells = {cell.stance: cell for cell in matrix.cells}
    camps, lefts = [], {}
    for i, key in enumerate(keys):
        centre = MARGIN + column * (i + 0.5)
        lefts[key] = centre - box / 2
        cell = cells.get(key)
        url = cell.url if cell else matrix.url
        camps.append(
            Camp(key, CAMP_LABELS[key], MARKS.get(key, "·"), centre, cell and cell.count, url)
        )
    rows = dict.fromkeys(keys, 0)
    nodes: dict[int, Node] = {}
    for pk, (position, camp) in ends.items():
        names = holder_names(position)
        y = NODE_TOP + rows[camp] * (NODE_HEIGHT + NODE_GAP)
        rows[camp] += 1
        label, lines = cut(names, box - 16), wrap(position.summary, box - 16)
        nodes[pk] = Node(position, camp, names, label, lines, lefts[camp], y, box)
    pairs: dict[frozenset[int], int] = {}
    edges = []
    for relation in matrix.relations:
        a, b = nodes[relation.position.pk], nodes[relation.target.pk]
        pair = frozenset((a.position.pk, b.position.pk))
        bend = pairs.get(pair, 0)
        pairs[pair] = bend + 1
        edges.append(Edge(relation, STYLES[relation.kind], _curve(a, b, bend), a, b))
    tallest = max(rows.values(), default=0)
    height = NODE_TOP + max(tallest, 1) * (NODE_HEIGHT + NODE_GAP) + 8
    return Panel(matrix, camps, list(nodes.values()), edges, height)


def draw(matrices: list[QuestionMatrix], id: str, title: str, heading: bool = False) -> Map:
    """One SVG of the maps of ``matrices`` stacked (those with relations); ``heading`` adds
    each question's text above its panel (for a file holding a theme's maps)."""
    panels = [draw_panel(m) for m in matrices if m.relations]
    y = 8.0
    for panel in panels:
        y += 24 if heading else 0
        panel.top = y
        y += panel.height
    styles = list(STYLES.values())
    per_line = 4
    legend_y = y + 18
    legend = [
        LegendKey(style, MARGIN + (i % per_line) * 230, legend_y + (i // per_line) * LEGEND_LINE)
        for i, style in enumerate(styles)
    ]
    height = legend_y + math.ceil(len(styles) / per_line) * LEGEND_LINE + 4
    return Map(id, title, WIDTH, int(height), panels, styles, legend, legend_y)
