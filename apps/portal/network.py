"""The network laid out: a seeded spring layout (networkx) of the strongest nodes and their
ties (apps/portal/network_query.py), computed once per selection and data version and kept
in the cache as plain data, so that no page, download or process lays it out again."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import networkx as nx

from apps.core.cache import cached
from apps.debate.filters import ViewpointQuery

from .network_query import NodeData, TieData, strongest

SEED = 17
ITERATIONS = 120
HUB = ""  # no node's key
HUB_PULL = 0.08


@dataclass(frozen=True)
class Node:
    key: str
    kind: str
    label: str
    url: str
    weight: int
    x: float  # 0 to 1, left to right
    y: float  # 0 to 1, top to bottom


@dataclass
class Network:
    size: int  # the nodes asked for
    total: int  # the nodes the selection has
    nodes: list[Node] = field(default_factory=list)
    ties: list[TieData] = field(default_factory=list)


def network(query: ViewpointQuery, size: int) -> Network:
    """The network of the selection: ``size`` nodes at most, laid out."""
    return cached(lambda: _compute(query, size), "network", _digest(query, size))


def _digest(query: ViewpointQuery, size: int) -> str:
    chosen = [(name, sorted(s.key for s in query.values(name))) for name in ("theme", "analysis")]
    return hashlib.sha256(repr((chosen, size)).encode()).hexdigest()[:32]


def _compute(query: ViewpointQuery, size: int) -> Network:
    nodes, ties, total = strongest(query, size)
    place = layout(nodes, ties)
    return Network(
        size=size,
        total=total,
        nodes=[Node(n.key, n.kind, n.label, n.url, n.weight, *place[n.key]) for n in nodes],
        ties=ties,
    )


def layout(nodes: list[NodeData], ties: list[TieData]) -> dict[str, tuple[float, float]]:
    """Where each node stands, from 0 to 1 both ways: the same for the same graph (seeded,
    nodes and ties added in one order). Ties pull by the log of their weight, so that a
    theme's hundreds of viewpoints do not crush everything else into one point."""
    graph = nx.Graph()
    graph.add_nodes_from(n.key for n in nodes)
    for tie in ties:
        pull = math.log1p(tie.weight)
        if graph.has_edge(tie.source, tie.target):
            graph[tie.source][tie.target]["weight"] += pull
        else:
            graph.add_edge(tie.source, tie.target, weight=pull)
    if len(graph) < 2:
        return dict.fromkeys(graph, (0.5, 0.5))
    # A hidden hub tied lightly to every node keeps the islands (nodes or groups tied to
    # nothing else) near the rest instead of flung to the edges, where they would squeeze
    # the others into a corner.
    graph.add_edges_from(((HUB, key) for key in list(graph)), weight=HUB_PULL)
    placed = nx.spring_layout(
        graph, seed=SEED, iterations=ITERATIONS, weight="weight", method="force"
    )
    del placed[HUB]
    xs = [float(p[0]) for p in placed.values()]
    ys = [float(p[1]) for p in placed.values()]
    return {key: (_unit(float(p[0]), xs), _unit(float(p[1]), ys)) for key, p in placed.items()}


def _unit(value: float, values: list[float]) -> float:
    low, high = min(values), max(values)
    return 0.5 if high == low else round((value - low) / (high - low), 4)
