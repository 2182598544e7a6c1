"""The network counted by hand, row by row in Python (no aggregate), to check what
apps/portal/network_query.py counts (from the facet index, and in SQL); and the picture read
back from its SVG."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass

from apps.debate.models import Position, PositionRelation
from apps.people.models import Affiliation
from apps.sources.models import Authorship

SVG = "{http://www.w3.org/2000/svg}"
CHART = re.compile(r'<svg [^>]*class="nw-chart".*?</svg>', re.S)


@dataclass(frozen=True)
class Drawn:
    nodes: dict[str, dict]  # key: href, kind, weight, x, y
    ties: dict[tuple[str, str, str], int]  # (source, target, kind): weight


def read_svg(svg: str) -> Drawn:
    root = ET.fromstring(svg)
    nodes = {
        a.get("data-node"): {
            "href": a.get("href"),
            "weight": int(a.get("data-weight")),
            "x": a.get("data-x"),
            "y": a.get("data-y"),
            "title": a.find(f"{SVG}title").text,
        }
        for a in root.iter(f"{SVG}a")
    }
    ties = {
        (*line.get("data-tie").split(), line.get("data-kind")): int(line.get("data-weight"))
        for line in root.iter(f"{SVG}line")
        if line.get("data-tie")
    }
    return Drawn(nodes, ties)


def read_page(html: str) -> Drawn:
    found = CHART.search(html)
    return read_svg(found.group(0)) if found else Drawn({}, {})


def selected(theme: str | None = None, analysis: str | None = None) -> list[Position]:
    positions = Position.objects.all()
    if theme:
        positions = positions.filter(themes__slug=theme)
    if analysis:
        positions = positions.filter(chapter__analysis__slug=analysis)
    return list(
        positions.distinct().prefetch_related("themes", "holders__expert", "holders__institution")
    )


def _holders(position: Position) -> tuple[set[str], set[str]]:
    experts = {f"expert:{h.expert.slug}" for h in position.holders.all() if h.expert_id}
    bodies = {
        f"institution:{h.institution.slug}" for h in position.holders.all() if h.institution_id
    }
    return experts, bodies


def node_weights(positions: list[Position]) -> Counter:
    weights: Counter = Counter()
    for position in positions:
        experts, bodies = _holders(position)
        weights.update(experts | bodies | {f"theme:{t.slug}" for t in position.themes.all()})
    return weights


def ties(positions: list[Position], keys: set[str]) -> Counter:
    """Every tie among the nodes ``keys``, counted one row at a time."""
    found: Counter = Counter()
    experts_of = {}
    for position in positions:
        experts, bodies = _holders(position)
        experts_of[position.pk] = experts & keys
        themes = {f"theme:{t.slug}" for t in position.themes.all()} & keys
        for holder, theme in itertools.product((experts | bodies) & keys, themes):
            found[holder, theme, "theme"] += 1
    for row in Affiliation.objects.select_related("expert", "institution"):
        pair = (f"expert:{row.expert.slug}", f"institution:{row.institution.slug}")
        if set(pair) <= keys:
            found[(*pair, "affiliation")] += 1
    authors = defaultdict(set)
    sources = {p.source_id for p in positions}
    for row in Authorship.objects.filter(publication__in=sources).select_related("expert"):
        if f"expert:{row.expert.slug}" in keys:
            authors[row.publication_id].add(f"expert:{row.expert.slug}")
    for wrote in authors.values():
        for pair in itertools.combinations(sorted(wrote), 2):
            found[(*pair, "coauthor")] += 1
    kinds = {"supports": "agrees", "disputes": "disputes"}
    for relation in PositionRelation.objects.filter(kind__in=kinds):
        if relation.position_id in experts_of and relation.target_id in experts_of:
            for a in experts_of[relation.position_id]:
                for b in experts_of[relation.target_id] - {a}:
                    found[(*sorted((a, b)), kinds[relation.kind])] += 1
    held = defaultdict(set)
    for position in positions:
        if position.stance:
            for expert in experts_of[position.pk]:
                held[expert].add((position.question_id, position.stance))
    for a, b in itertools.combinations(sorted(held), 2):
        found[a, b, "agrees"] += len(held[a] & held[b])
        found[a, b, "disputes"] += sum(
            (q, "opposes") in held[b] for q, s in held[a] if s == "supports"
        ) + sum((q, "supports") in held[b] for q, s in held[a] if s == "opposes")
    return +found
