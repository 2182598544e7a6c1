"""The network laid out: a seeded spring layout (python-igraph's Fruchterman-Reingold, in C)
of the strongest nodes and their ties (apps/portal/network_query.py), computed once per
selection and data version and kept in the cache as plain data, so that no page, download or
process lays it out again."""

from __future__ import annotations

import hashlib
import math
import random
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import igraph
import numpy as np

from apps.core.cache import cached
from apps.debate.filters import ViewpointQuery

from .network_query import NodeData, TieData, strongest

SEED = 17
ITERATIONS = 120
HUB_PULL = 0.08
# igraph jitters every node at every step with its random generator, a setting of the
# process: set to one seeded afresh for each layout, under this lock.
RANDOM = threading.Lock()


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
    """Where each node stands, from 0 to 1 both ways: the same for the same graph (the start
    and the random generator seeded, nodes and ties added in one order). Ties pull by the log
    of their weight, so that a theme's hundreds of viewpoints do not crush everything else
    into one point."""
    keys = [n.key for n in nodes]
    if len(keys) < 2:
        return dict.fromkeys(keys, (0.5, 0.5))
    place = {key: i for i, key in enumerate(keys)}
    pulls: dict[tuple[int, int], float] = defaultdict(float)
    for tie in ties:
        a, b = sorted((place[tie.source], place[tie.target]))
        pulls[a, b] += math.log1p(tie.weight)
    # A hidden hub (the last vertex) tied lightly to every node keeps the islands (nodes or
    # groups tied to nothing else) near the rest instead of flung to the edges, where they
    # would squeeze the others into a corner.
    hub = len(keys)
    graph = igraph.Graph(n=hub + 1, edges=[*pulls, *((i, hub) for i in range(hub))])
    start = np.random.default_rng(SEED).random((hub + 1, 2)).tolist()
    weights = [*pulls.values(), *[HUB_PULL] * hub]
    with RANDOM:
        igraph.set_random_number_generator(random.Random(SEED))
        placed = graph.layout_fruchterman_reingold(
            weights=weights, niter=ITERATIONS, seed=start, grid=False
        ).coords[:hub]
    xs = [p[0] for p in placed]
    ys = [p[1] for p in placed]
    return {key: (_unit(p[0], xs), _unit(p[1], ys)) for key, p in zip(keys, placed, strict=True)}


def _unit(value: float, values: list[float]) -> float:
    low, high = min(values), max(values)
    return 0.5 if high == low else round((value - low) / (high - low), 4)
