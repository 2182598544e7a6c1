"""The timeline drawn: stacked bars per period, one segment per theme, as geometry for its
SVG markup (apps/portal/timeline_svg.py). Every fill is a colour of the Okabe-Ito
palette (safe for colour-blind readers) with a pattern of its own, so themes differ in
shape as well as colour, in print and in greyscale."""

from __future__ import annotations

import math
from dataclasses import dataclass

from apps.debate.timeline import Cell, Timeline

WIDTH = 960
PLOT_TOP = 16
PLOT_HEIGHT = 280
LEFT = 48
RIGHT = 16
LABEL_GAP = 18  # from the plot's foot to the baseline of the period labels
LEGEND_LINE = 22
LEGEND_COLUMNS = 2  # theme names run to ~55 characters: two to a line
LEGEND_COLUMN = 440  # wide enough for the longest theme's name
MAX_LABELS = 16  # period labels along the axis; the others are in the table

# (colour, overlay path in an 8x8 tile, overlay colour): solid, diagonal, dots, horizontal,
# cross, vertical, reverse diagonal, grid.
FILLS = (
    ("#0072B2", "", ""),
    ("#E69F00", "M-2,2l4,-4M0,8l8,-8M6,10l4,-4", "#000"),
    ("#009E73", "M1,1h2v2h-2zM5,5h2v2h-2z", "#fff"),
    ("#CC79A7", "M0,2h8M0,6h8", "#fff"),
    ("#56B4E9", "M0,0l8,8M8,0l-8,8", "#000"),
    ("#D55E00", "M2,0v8M6,0v8", "#fff"),
    ("#F0E442", "M-2,6l4,4M0,0l8,8M6,-2l4,4", "#000"),
    ("#000000", "M0,4h8M4,0v8", "#fff"),
)


@dataclass(frozen=True)
class Fill:
    id: str
    colour: str
    overlay: str
    overlay_colour: str


@dataclass(frozen=True)
class Segment:
    cell: Cell
    fill: Fill
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Label:
    text: str
    x: float


@dataclass(frozen=True)
class Marker:
    count: int
    period: str
    x: float
    y: float


@dataclass(frozen=True)
class Key:
    label: str
    fill: Fill
    x: float
    y: float


@dataclass
class Chart:
    width: int
    height: int
    base: float  # the plot's foot
    left: float
    right: float
    label_y: float
    fills: list[Fill]
    segments: list[Segment]
    ticks: list[Tick]
    labels: list[Label]
    markers: list[Marker]
    keys: list[Key]
    marker_key_y: float

    @property
    def marker_line(self) -> str:
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in self.markers)


def _step(most: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) giving about five ticks up to ``most``."""
    rough = max(most, 1) / 5
    power = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    return next(s * power for s in (1, 2, 5, 10) if s * power >= rough)


def draw(timeline: Timeline) -> Chart:
    fills = [Fill(f"tl-fill-{i}", *FILLS[i % len(FILLS)]) for i, _ in enumerate(timeline.themes)]
    fill_of = {theme.value: fill for theme, fill in zip(timeline.themes, fills, strict=True)}
    step = _step(timeline.most)
    top = max(step, math.ceil(timeline.most / step) * step)
    base = PLOT_TOP + PLOT_HEIGHT
    scale = PLOT_HEIGHT / top
    slot = (WIDTH - LEFT - RIGHT) / max(len(timeline.rows), 1)
    bar = min(slot * 0.72, 56)
    every = math.ceil(len(timeline.rows) / MAX_LABELS) or 1
    segments, labels, markers = [], [], []
    for i, row in enumerate(timeline.rows):
        centre = LEFT + slot * (i + 0.5)
        y = float(base)
        for cell in row.cells:
            if cell.count:
                height = cell.count * scale
                y -= height
                segments.append(
                    Segment(cell, fill_of[cell.theme.value], centre - bar / 2, y, bar, height)
                )
        if i % every == 0:
            labels.append(Label(row.period, centre))
        markers.append(
            Marker(row.publications, row.period, centre, base - row.publications * scale)
        )
    legend_top = base + LABEL_GAP + 30
    keys = [
        Key(
            theme.label,
            fill_of[theme.value],
            LEFT + (i % LEGEND_COLUMNS) * LEGEND_COLUMN,
            legend_top + (i // LEGEND_COLUMNS) * LEGEND_LINE,
        )
        for i, theme in enumerate(timeline.themes)
    ]
    marker_key_y = legend_top + math.ceil(len(keys) / LEGEND_COLUMNS) * LEGEND_LINE
    return Chart(
        width=WIDTH,
        height=int(marker_key_y + LEGEND_LINE),
        base=base,
        left=LEFT,
        right=WIDTH - RIGHT,
        label_y=base + LABEL_GAP,
        fills=fills,
        segments=segments,
        ticks=[Tick(v, base - v * scale) for v in range(0, top + 1, step)],
        labels=labels,
        markers=markers,
        keys=keys,
        marker_key_y=marker_key_y,
    )
