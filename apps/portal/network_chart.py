"""The network drawn: nodes and ties as geometry for its SVG markup
(apps/portal/network_svg.py), and its legend.

Kinds of node differ by shape (circle, square, diamond) as well as by colour, and kinds of
tie by dash pattern as well as colour, so the picture reads in greyscale and for colour-blind
readers (Okabe-Ito colours, darkened where a line needs 3:1 against white); every node has a
dark outline for the same contrast. The strongest nodes and the themes are named on the
picture; every other node's name shows on hover and keyboard focus (its <title>, and its
label made visible by static/css/network.css).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .network import Network, Node
from .network_query import TieData

WIDTH = 960
PLOT_HEIGHT = 620
MARGIN = 28
LEGEND_TOP = PLOT_HEIGHT + 2 * MARGIN + 8
LEGEND_LINE = 22
LEGEND_COLUMN = 300
LABELLED = 15  # the strongest nodes named on the picture (and every theme)
LABEL_CHARS = 34
PARALLEL_GAP = 3.5  # between two ties of different kinds joining the same two nodes


@dataclass(frozen=True)
class Style:
    kind: str
    label: str
    colour: str
    dash: str = ""  # stroke-dasharray of a tie ("" for a solid line)
    counts: str = ""  # what a tie's weight counts


NODE_STYLES = {
    "expert": Style("expert", "Expert (circle)", "#0072B2"),
    "institution": Style("institution", "Institution (square)", "#E69F00"),
    "theme": Style("theme", "Theme (diamond)", "#009E73"),
}
TIE_STYLES = {
    "theme": Style("theme", "holds viewpoints on the theme", "#8A8A8A", "", "viewpoints"),
    "affiliation": Style("affiliation", "affiliated with", "#4D4D4D", "9 3 2 3", "roles stated"),
    "coauthor": Style("coauthor", "wrote with", "#7A5C00", "1.5 3", "publications together"),
    "agrees": Style("agrees", "agrees with", "#0072B2", "10 4", "relations and questions"),
    "disputes": Style("disputes", "disputes", "#C44E00", "4 3", "relations and questions"),
}


@dataclass(frozen=True)
class DrawnNode:
    node: Node
    style: Style
    x: float
    y: float
    path: str
    label: str
    label_x: float
    anchor: str
    named: bool  # named on the picture, not only on hover and focus

    @property
    def title(self) -> str:
        noun = "viewpoint" if self.node.weight == 1 else "viewpoints"
        return f"{self.node.label} ({self.node.kind}): {self.node.weight} {noun}"


@dataclass(frozen=True)
class DrawnTie:
    """A tie's line, its ends and width written with one decimal here: a template filter
    formatting each of a thousand ties' five numbers takes longer than the rest of the page."""

    tie: TieData
    style: Style
    x1: str
    y1: str
    x2: str
    y2: str
    width: str


@dataclass(frozen=True)
class Key:
    style: Style
    x: float
    y: float
    path: str = ""  # a node kind's shape; a tie kind is drawn as a line


@dataclass
class Chart:
    width: int
    height: int
    nodes: list[DrawnNode]
    ties: list[DrawnTie]
    keys: list[Key]


def shape(kind: str, x: float, y: float, r: float) -> str:
    """The path of a node: a circle (expert), a square (institution), a diamond (theme)."""
    if kind == "expert":
        return f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0z"
    if kind == "institution":
        side = r * 1.8
        return f"M{x - side / 2:.1f},{y - side / 2:.1f}h{side:.1f}v{side:.1f}h{-side:.1f}z"
    return f"M{x:.1f},{y - r * 1.3:.1f}L{x + r * 1.3:.1f},{y:.1f}L{x:.1f},{y + r * 1.3:.1f}L{x - r * 1.3:.1f},{y:.1f}z"


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def draw(network: Network) -> Chart:
    heaviest = max((n.weight for n in network.nodes), default=1)
    nodes = []
    for rank, node in enumerate(network.nodes):
        # Rounded once, so that the SVG and the CSV give the same figures.
        x = round(MARGIN + node.x * (WIDTH - 2 * MARGIN), 1)
        y = round(MARGIN + node.y * PLOT_HEIGHT, 1)
        r = 4 + 9 * math.sqrt(node.weight / heaviest)
        right = node.x > 0.75
        nodes.append(
            DrawnNode(
                node=node,
                style=NODE_STYLES[node.kind],
                x=x,
                y=y,
                path=shape(node.kind, x, y, r),
                label=_cut(node.label),
                label_x=x - r - 4 if right else x + r + 4,
                anchor="end" if right else "start",
                named=rank < LABELLED or node.kind == "theme",
            )
        )
    return Chart(
        width=WIDTH,
        height=LEGEND_TOP + 3 * LEGEND_LINE,
        nodes=nodes,
        ties=_ties(network.ties, {n.node.key: n for n in nodes}),
        keys=_keys(),
    )


def _ties(ties: list[TieData], at: dict[str, DrawnNode]) -> list[DrawnTie]:
    """Each tie a line; ties of several kinds between the same two nodes side by side."""
    heaviest: dict[str, int] = defaultdict(lambda: 1)
    between: dict[tuple[str, str], list[TieData]] = defaultdict(list)
    for tie in ties:
        heaviest[tie.kind] = max(heaviest[tie.kind], tie.weight)
        between[tie.source, tie.target].append(tie)
    drawn = []
    for (source, target), kinds in between.items():
        a, b = at[source], at[target]
        length = math.hypot(b.x - a.x, b.y - a.y) or 1
        normal = ((a.y - b.y) / length, (b.x - a.x) / length)
        for i, tie in enumerate(kinds):
            shift = (i - (len(kinds) - 1) / 2) * PARALLEL_GAP
            dx, dy = normal[0] * shift, normal[1] * shift
            strength = math.log1p(tie.weight) / math.log1p(heaviest[tie.kind])
            ends = (a.x + dx, a.y + dy, b.x + dx, b.y + dy, 0.8 + 2.4 * strength)
            drawn.append(DrawnTie(tie, TIE_STYLES[tie.kind], *(f"{v:.1f}" for v in ends)))
    return drawn


def _keys() -> list[Key]:
    keys = [
        Key(
            style,
            MARGIN + i * LEGEND_COLUMN,
            LEGEND_TOP,
            shape(kind, MARGIN + 8 + i * LEGEND_COLUMN, LEGEND_TOP - 4, 6),
        )
        for i, (kind, style) in enumerate(NODE_STYLES.items())
    ]
    for i, style in enumerate(TIE_STYLES.values()):
        column, line = i % 3, 1 + i // 3
        keys.append(Key(style, MARGIN + column * LEGEND_COLUMN, LEGEND_TOP + line * LEGEND_LINE))
    return keys
