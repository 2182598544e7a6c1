"""The network's data, in a constant number of queries whatever the data size:
the experts, institutions and themes of the viewpoints selected (by theme and by analysis,
as /viewpoints/ selects them) weighted by their viewpoints, the strongest ``size`` of them,
and the ties among those:

- ``theme``: an expert or an institution holds viewpoints on a theme (how many);
- ``affiliation``: an expert's roles at an institution, as a source states them;
- ``coauthor``: two experts wrote a publication together (how many, among the sources of
  the viewpoints selected);
- ``agrees``: one's viewpoint supports the other's, or both take the same stance on a
  question (relations plus questions);
- ``disputes``: one's viewpoint disputes the other's, or one supports what the other
  opposes on a question.

The nodes' weights, the ties to themes and the stances are counted over every selected
position in the facet index (apps/portal/network_index.py: no query once it is held); the
affiliations, co-authorships and relations in three queries limited to the chosen nodes'
rows. Of each kind of tie the ``size`` strongest are kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, F, QuerySet
from django.http import QueryDict
from django.urls import reverse

from apps.debate.facetindex import FacetIndex
from apps.debate.filters import ViewpointQuery, filtered_positions, parse_viewpoint_params
from apps.debate.filters.cleaning import clean_text, shorten
from apps.debate.models import Position, PositionRelation, RelationKind
from apps.people.models import Affiliation
from apps.sources.models import Authorship

from .network_index import Chosen, node_weights, selected_rows

SIZES = (60, 120, 240)
DEFAULT_SIZE = SIZES[0]
NETWORK_PARAMS = ("theme", "analysis", "size")
KINDS = ("theme", "expert", "institution")  # the order of nodes of equal weight
TIE_KINDS = ("theme", "affiliation", "coauthor", "agrees", "disputes")
PAGES = {"expert": "people:expert", "institution": "people:institution", "theme": "debate:theme"}


@dataclass(frozen=True)
class NodeData:
    kind: str  # expert, institution or theme
    pk: int
    slug: str
    label: str
    weight: int  # the viewpoints selected it holds (a theme: that are on it)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.slug}"

    @property
    def url(self) -> str:
        return reverse(PAGES[self.kind], args=[self.slug])


@dataclass(frozen=True)
class TieData:
    source: str  # node keys
    target: str
    kind: str
    weight: int


def parse_network_params(params: QueryDict) -> tuple[ViewpointQuery, int]:
    """The themes and analyses chosen, as a /viewpoints/ query of those only, and the number
    of nodes to show (one of SIZES; anything else the default, with a message)."""
    chosen = QueryDict(mutable=True)
    for name in ("theme", "analysis"):
        chosen.setlist(name, params.getlist(name))
    query = parse_viewpoint_params(chosen)
    raw = clean_text(params.get("size", ""))
    size = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 5 else 0
    if raw and size not in SIZES:
        query.messages.append(
            f"No network size “{shorten(raw)}” (use 60, 120 or 240): showing {DEFAULT_SIZE}."
        )
    return query, size if size in SIZES else DEFAULT_SIZE


def strongest(query: ViewpointQuery, size: int) -> tuple[list[NodeData], list[TieData], int]:
    """The ``size`` strongest nodes of the selection, the ties among them, and how many
    nodes the selection has in all."""
    index, within = selected_rows(query)
    candidates, total = node_weights(index, within, size)
    chosen = sorted(
        (NodeData(*node) for node in candidates),
        key=lambda n: (-n.weight, KINDS.index(n.kind), n.label, n.pk),
    )[:size]
    return chosen, _strongest_ties(_ties(index, within, query, chosen), size), total


def _strongest_ties(ties: list[TieData], size: int) -> list[TieData]:
    """Of each kind, the ``size`` strongest ties: weights of different kinds count different
    things (viewpoints, roles, publications, questions), so each kind keeps its own best."""
    ties.sort(key=lambda t: (-t.weight, TIE_KINDS.index(t.kind), t.source, t.target))
    kept: Counter = Counter()
    strongest = []
    for tie in ties:
        if kept[tie.kind] < size:
            kept[tie.kind] += 1
            strongest.append(tie)
    return strongest


def _ties(
    index: FacetIndex, within: np.ndarray | None, query: ViewpointQuery, chosen: list[NodeData]
) -> list[TieData]:
    """The ties among the chosen nodes: those over every selected position (to themes, and by
    stances on questions) from the facet index; in SQL those limited to the chosen nodes'
    rows (affiliations, co-authorships, relations)."""
    keys = {(n.kind, n.pk): n.key for n in chosen}
    ids = {kind: [n.pk for n in chosen if n.kind == kind] for kind in KINDS}
    ties: Counter = Counter()
    links = Chosen(index, within, ids)
    for kind, holder, theme, n in links.theme_ties():
        ties[keys[kind, holder], keys["theme", theme], "theme"] += n
    affiliations = (
        Affiliation.objects.filter(expert__in=ids["expert"], institution__in=ids["institution"])
        .order_by()
        .values("expert", "institution")
        .annotate(n=Count("pk"))
    )
    for r in affiliations:
        pair = (keys["expert", r["expert"]], keys["institution", r["institution"]])
        ties[(*pair, "affiliation")] += r["n"]
    experts = {pk: keys["expert", pk] for pk in ids["expert"]}
    positions = filtered_positions(query) if query.is_filtered else None
    for a, b, kind, n in [
        *_coauthors(positions, ids["expert"]),
        *_answers(positions, experts),
        *links.stance_ties(),
    ]:
        ties[(*sorted((experts[a], experts[b])), kind)] += n
    return [TieData(a, b, kind, n) for (a, b, kind), n in ties.items() if n]


def _coauthors(positions: QuerySet | None, experts: list[int]) -> list[tuple]:
    """Pairs of experts by the publications they wrote together, among the sources."""
    sources = (positions if positions is not None else Position.objects).values("source")
    rows = (
        Authorship.objects.filter(
            publication__in=sources,
            expert__in=experts,
            publication__authorships__expert__in=experts,
            expert__lt=F("publication__authorships__expert"),
        )
        .order_by()
        .values("expert", "publication__authorships__expert")
        .annotate(n=Count("publication", distinct=True))
    )
    return [(r["expert"], r["publication__authorships__expert"], "coauthor", r["n"]) for r in rows]


def _answers(positions: QuerySet | None, experts: dict[int, str]) -> list[tuple]:
    """Pairs of experts by the relations between their viewpoints that support or dispute."""
    relations = PositionRelation.objects.filter(
        kind__in=[RelationKind.SUPPORTS, RelationKind.DISPUTES],
        position__holders__expert__in=list(experts),
        target__holders__expert__in=list(experts),
    )
    if positions is not None:
        selected = positions.values("pk")
        relations = relations.filter(position__in=selected, target__in=selected)
    rows = (
        relations.order_by()
        .values("position__holders__expert", "target__holders__expert", "kind")
        .annotate(n=Count("pk", distinct=True))
    )
    tie = {RelationKind.SUPPORTS: "agrees", RelationKind.DISPUTES: "disputes"}
    return [
        (r["position__holders__expert"], r["target__holders__expert"], tie[r["kind"]], r["n"])
        for r in rows
        if r["position__holders__expert"] != r["target__holders__expert"]
    ]
