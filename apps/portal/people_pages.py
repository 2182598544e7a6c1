"""What the expert and institution pages show, cached until the data changes.

Each page's data is computed in a constant number of queries, as evaluated lists and model
instances (so it pickles into any cache backend), and cached under the record's pk and the data
version (apps/core/cache.py): a warm request costs the slug lookup and the version, and the
next request after any write sees the write.
"""

import hashlib
from typing import Any

from django.db.models import Count, F, Prefetch

from apps.analysis.models import Citation
from apps.core.cache import cached
from apps.debate.facetindex import FacetIndex, cached_with_index
from apps.debate.filters import viewpoints_url
from apps.debate.models import Position, PositionHolder, Theme
from apps.people.models import Affiliation, Expert, Institution
from apps.sources.models import Authorship, Publication, Venue

from .counts import institutions_with_counts
from .expert_filters import FILTER_KEYS, ExpertFilters, Facet, expert_facets

# A page lists the latest this many viewpoints, publications, citations and the most frequent
# co-authors; counts and links to the filtered lists stand for the rest.
LIST_SIZE = 20


def expert_page(expert_id: int, version: str | None = None) -> dict[str, Any]:
    """What the expert page shows."""
    return cached_with_index(
        lambda index: _expert_page(expert_id, index), "people:expert", expert_id, version=version
    )


def _expert_page(expert_id: int, index: FacetIndex) -> dict[str, Any]:
    affiliations = Affiliation.objects.select_related("institution__parent", "source").order_by(
        "is_former", F("as_of").desc(nulls_last=True), "institution__name"
    )
    expert = Expert.objects.prefetch_related(
        "aliases", Prefetch("affiliations", queryset=affiliations)
    ).get(pk=expert_id)
    # An expert holds a position once and authors a publication once (unique constraints): their
    # holder and authorship rows count positions and publications without DISTINCT, and the
    # authorships' publication ids stand for the publications in the joins below.
    authorships = Authorship.objects.filter(expert=expert)
    authored = authorships.values("publication_id")
    # Their positions, latest first, and their count per theme, from the facet index.
    held = index.mask("expert", [expert.pk])
    latest, position_count = index.page(held, "newest", 0, LIST_SIZE)
    positions = _cards(latest)
    themes = index.facets["theme"]
    theme_counts = sorted(themes.counts(held).items(), key=lambda item: themes.info[item[0]].order)
    publications = Publication.objects.filter(pk__in=authored)
    citations = Citation.objects.filter(publication_id__in=authored)
    return {
        "expert": expert,
        "positions": positions,
        "position_count": position_count,
        "positions_url": viewpoints_url({"expert": expert.slug}),
        "theme_counts": [
            (
                {"theme__name": themes.info[theme].label, "n": n},
                viewpoints_url({"expert": expert.slug, "theme": themes.info[theme].value}),
            )
            for theme, n in theme_counts
        ],
        "positions_by_theme": _by_theme(positions),
        "publications": list(publications.with_listing_relations()[:LIST_SIZE]),
        "publication_count": authorships.count(),
        # One pass over the co-authors' authorships of the expert's publications; each counts
        # a joint publication once.
        "coauthors": list(
            Expert.objects.filter(authorships__publication_id__in=authored)
            .exclude(pk=expert.pk)
            .annotate(joint=Count("authorships"))
            .order_by("-joint", "name")[:LIST_SIZE]
        ),
        "citations": list(
            citations.select_related("footnote__chapter__analysis", "publication").order_by(
                "footnote__chapter__analysis", "footnote__chapter__order", "footnote__number"
            )[:LIST_SIZE]
        ),
        "citation_count": citations.count(),
    }


def _cards(ids: list[int]) -> list[Position]:
    """These positions, in this order, as viewpoint cards.

    The card (includes/_position_item.html) shows holders, question and themes, not the source
    or footnote that with_listing_relations() also joins: without those five joins PostgreSQL
    plans the query in a fraction of the time.
    """
    cards = (
        Position.objects.filter(pk__in=ids)
        .with_listing_relations()
        .select_related(None)
        .select_related("question__theme")
        .in_bulk()
    )
    return [cards[pk] for pk in ids if pk in cards]


def _by_theme(positions: list[Position]) -> list[tuple[Theme | None, list[Position]]]:
    """Positions under each of their themes, themes in their editorial order."""
    groups: dict[Theme | None, list[Position]] = {}
    for position in positions:
        for theme in position.themes.all() or [None]:
            groups.setdefault(theme, []).append(position)
    return sorted(
        groups.items(),
        key=lambda item: (item[0] is None, item[0] and (item[0].order, item[0].name)),
    )


def institution_page(institution_id: int, version: str | None = None) -> dict[str, Any]:
    """What the institution page shows."""
    return cached_with_index(
        lambda index: _institution_page(institution_id, index),
        "people:institution",
        institution_id,
        version=version,
    )


def _institution_page(institution_id: int, index: FacetIndex) -> dict[str, Any]:
    institution = Institution.objects.select_related("parent").get(pk=institution_id)
    holdings = PositionHolder.objects.filter(institution=institution)
    latest, position_count = index.page(
        index.mask("institution", [institution.pk]), "newest", 0, LIST_SIZE
    )
    affiliations = list(
        institution.affiliations.select_related("expert", "source").order_by(
            "expert__name", F("as_of").desc(nulls_last=True)
        )
    )
    affiliated = {a.expert_id for a in affiliations}
    # Experts who speak for it in viewpoints without a recorded affiliation.
    speakers = list(
        Expert.objects.filter(pk__in=holdings.values("expert_id"))
        .exclude(pk__in=affiliated)
        .order_by("name")
    )
    return {
        "institution": institution,
        "children": list(institutions_with_counts(institution.children.order_by("name"))),
        "affiliations": affiliations,
        "speakers": speakers,
        "people_count": len(affiliated) + len(speakers),
        "positions": _cards(latest),
        "position_count": position_count,
        "positions_url": viewpoints_url({"institution": institution.slug}),
        "publications": list(
            Publication.objects.filter(issuing_institution=institution).with_listing_relations()
        ),
        "venues": list(Venue.objects.filter(publisher=institution)),
    }


def expert_list_facets(filters: ExpertFilters, themes: dict[str, str]) -> list[Facet]:
    """The /experts/ facet counts for a selection: the costly part of the list at scale."""
    selection = repr([(key, getattr(filters, key)) for key in FILTER_KEYS])
    digest = hashlib.sha256(selection.encode()).hexdigest()[:32]
    return cached(
        lambda: expert_facets(Expert.objects.all(), filters, themes), "people:experts", digest
    )
