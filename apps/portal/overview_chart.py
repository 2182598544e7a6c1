"""The stance overview drawn for a file: per theme its contested questions as rows, per stance
a bar as long as its count (one scale for the whole picture), each bar a link to the
viewpoints it counts. Stances differ by pattern and mark (+, ±, −) as well as colour.
Geometry for templates/portal/includes/_stance_overview.svg."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from apps.debate.models import Question, Stance, Theme
from apps.debate.themes import StanceCell, StanceTally

WIDTH = 960
MARGIN = 16
LABEL_WIDTH = 500  # the question's text
LABEL_CHARS = 78  # per line of it, at 12 px
COLUMN = (WIDTH - 2 * MARGIN - LABEL_WIDTH) / 3
BAR_MAX = COLUMN - 44  # room for the count after the bar
LINE = 15
ROW_PAD = 10
THEME_GAP = 34

# (colour, overlay path in an 8x8 tile, overlay colour): solid, diagonal, dots.
FILLS = {
    Stance.SUPPORTS: ("#0072B2", "", ""),
    Stance.QUALIFIED: ("#E69F00", "M-2,2l4,-4M0,8l8,-8M6,10l4,-4", "#000"),
    Stance.OPPOSES: ("#D55E00", "M1,1h2v2h-2zM5,5h2v2h-2z", "#fff"),
}
MARKS = {Stance.SUPPORTS: "+", Stance.QUALIFIED: "±", Stance.OPPOSES: "−"}


@dataclass(frozen=True)
class Fill:
    stance: str
    id: str
    colour: str
    overlay: str
    overlay_colour: str


@dataclass
class Bar:
    cell: StanceCell
    fill: Fill
    x: float
    y: float
    width: float

    @property
    def count_x(self) -> float:
        return self.x + self.width + 6


@dataclass
class Row:
    question: Question
    lines: list[str]
    y: float  # the first line's baseline
    bars: list[Bar]
    split: bool


@dataclass
class Block:
    theme: Theme
    y: float  # the theme's name's baseline
    rows: list[Row]


@dataclass
class Heading:
    fill: Fill
    label: str
    mark: str
    x: float


@dataclass
class Chart:
    width: int
    height: int
    title: str
    fills: list[Fill]
    headings: list[Heading]
    blocks: list[Block]


def draw(overview: list[tuple[Theme, list[StanceTally]]], title: str) -> Chart:
    fills = {
        stance: Fill(stance, f"so-fill-{stance}", *FILLS[stance])
        for stance in (Stance.SUPPORTS, Stance.QUALIFIED, Stance.OPPOSES)
    }
    most = max((c.count for _, ts in overview for t in ts for c in t.cells), default=0) or 1
    left = MARGIN + LABEL_WIDTH
    headings = [
        Heading(fill, stance.label, MARKS[stance], left + i * COLUMN)
        for i, (stance, fill) in enumerate(fills.items())
    ]
    y = 52.0
    blocks = []
    for theme, tallies in overview:
        if not tallies:
            continue
        block = Block(theme, y, [])
        y += LINE + ROW_PAD
        for tally in tallies:
            lines = textwrap.wrap(tally.question.text, LABEL_CHARS) or [""]
            bars = [
                Bar(
                    cell,
                    fills[cell.stance],
                    left + i * COLUMN,
                    y - 10,
                    max(cell.count / most * BAR_MAX, 2 if cell.count else 0),
                )
                for i, cell in enumerate(tally.cells)
            ]
            block.rows.append(Row(tally.question, lines, y, bars, tally.split))
            y += len(lines) * LINE + ROW_PAD
        blocks.append(block)
        y += THEME_GAP - ROW_PAD
    return Chart(WIDTH, int(y), title, list(fills.values()), headings, blocks)
