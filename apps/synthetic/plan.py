"""How many records one call adds, and what it reports."""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db import models

PREFIX = "syn-"
SYNTHETIC = models.Q(slug__startswith=PREFIX)
# Record timestamps follow the generation index, so ordering by creation is deterministic too.
EPOCH = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
CHUNK = 5000  # rows built in memory before they are written
TITLE_FIELDS = ("title", "title_original", "title_transliterated")
FOOTNOTES_PER_POSITION = 0.1
FOOTNOTES_PER_CHAPTER = 50
CHAPTERS_PER_ANALYSIS = 6
QUESTIONS_PER_THEME = 3
# Authors and holders are drawn with weight 1 / (rank + 1) ** SKEW: a few prolific experts
# hold thousands of positions at 200k, as in a real debate (and as the expert page must bear).
SKEW = 0.7


FIRST_YEAR, LAST_YEAR = 2005, 2024


@dataclass(frozen=True)
class Plan:
    """How many records one call adds; derived counts follow the requested ones."""

    experts: int
    publications: int
    positions: int

    @property
    def institutions(self) -> int:
        return self.experts // 10

    @property
    def venues(self) -> int:
        return self.publications // 100

    @property
    def footnotes(self) -> int:
        return round(self.positions * FOOTNOTES_PER_POSITION) if self.publications else 0

    @property
    def chapters(self) -> int:
        return math.ceil(self.footnotes / FOOTNOTES_PER_CHAPTER)

    @property
    def analyses(self) -> int:
        return math.ceil(self.chapters / CHAPTERS_PER_ANALYSIS)


def default_plan(
    positions: int, experts: int | None = None, publications: int | None = None
) -> Plan:
    """The proportions of a grown debate: ~40 positions per expert, ~4 per publication."""
    return Plan(
        experts=max(10, positions // 40) if experts is None else experts,
        publications=max(20, positions // 4) if publications is None else publications,
        positions=positions,
    )


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)

    def add(self, model: type[models.Model], n: int) -> None:
        self.created[model._meta.label] += n

    def __str__(self) -> str:
        return ", ".join(f"{n} {label}" for label, n in self.created.items() if n)
