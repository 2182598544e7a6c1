from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from apps.analysis.models import Citation
from apps.debate.filters import sort_positions, viewpoints_url
from apps.debate.models import Position, PositionHolder, Theme
from apps.sources.models import Publication, Venue

from .filters import expert_facets, filter_experts, institution_groups, parse_filters
from .models import Affiliation, Expert, Institution

EXPERTS_PER_PAGE = 50
# An expert page lists the latest this many viewpoints, publications, citations and the most
# frequent co-authors; counts and links to the filtered lists stand for the rest.
EXPERT_LIST_SIZE = 20


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def expert_list(request: HttpRequest) -> HttpResponse:
    themes = dict(Theme.objects.values_list("slug", "name"))
    filters = parse_filters(request.GET, themes)
    experts = filter_experts(Expert.objects.all(), filters)
    rows = experts.with_counts().with_latest_affiliations().chinese_first()
    context = {
        "filters": filters,
        "facets": expert_facets(Expert.objects.all(), filters, themes),
        "page_obj": Paginator(rows, EXPERTS_PER_PAGE).get_page(request.GET.get("page")),
        "total": Expert.objects.count(),
    }
    template = "people/expert_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return TemplateResponse(request, template, context)


@require_GET
def expert_detail(request: HttpRequest, slug: str) -> HttpResponse:
    affiliations = Affiliation.objects.select_related("institution__parent", "source").order_by(
        "is_former", F("as_of").desc(nulls_last=True), "institution__name"
    )
    expert = get_object_or_404(
        Expert.objects.prefetch_related("aliases", Prefetch("affiliations", queryset=affiliations)),
        slug=slug,
    )
    held = PositionHolder.objects.filter(expert=expert).values("position_id")
    positions = list(
        sort_positions(Position.objects.filter(pk__in=held), "newest").with_listing_relations()[
            :EXPERT_LIST_SIZE
        ]
    )
    theme_counts = (
        Position.themes.through.objects.filter(position_id__in=held)
        .values("theme__slug", "theme__name", "theme__order")
        .annotate(n=Count("position_id"))
        .order_by("theme__order", "theme__name")
    )
    publications = Publication.objects.by(expert)
    citations = Citation.objects.filter(publication__authorships__expert=expert)
    context = {
        "expert": expert,
        "positions": positions,
        "position_count": held.distinct().count(),
        "positions_url": viewpoints_url({"expert": expert.slug}),
        "theme_counts": [
            (row, viewpoints_url({"expert": expert.slug, "theme": row["theme__slug"]}))
            for row in theme_counts
        ],
        "positions_by_theme": _by_theme(positions),
        "publications": publications.with_listing_relations()[:EXPERT_LIST_SIZE],
        "publication_count": publications.count(),
        "coauthors": Expert.objects.filter(authorships__publication__authorships__expert=expert)
        .exclude(pk=expert.pk)
        .annotate(joint=Count("authorships__publication", distinct=True))
        .order_by("-joint", "name")[:EXPERT_LIST_SIZE],
        "citations": citations.select_related(
            "footnote__chapter__analysis", "publication"
        ).order_by("footnote__chapter__analysis", "footnote__chapter__order", "footnote__number")[
            :EXPERT_LIST_SIZE
        ],
        "citation_count": citations.count(),
    }
    return TemplateResponse(request, "people/expert_detail.html", context)


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


@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    institutions = list(Institution.objects.with_counts().order_by("name"))
    context = {"groups": institution_groups(institutions), "total": len(institutions)}
    return TemplateResponse(request, "people/institution_list.html", context)


@require_GET
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(Institution.objects.select_related("parent"), slug=slug)
    positions = list(
        Position.objects.filter(holders__institution=institution)
        .with_listing_relations()
        .distinct()
    )
    affiliations = list(
        institution.affiliations.select_related("expert", "source").order_by(
            "expert__name", F("as_of").desc(nulls_last=True)
        )
    )
    affiliated = {a.expert_id for a in affiliations}
    speakers = {
        holder.expert.pk: holder.expert
        for position in positions
        for holder in position.holders.all()
        if holder.expert
        and holder.institution_id == institution.pk
        and holder.expert.pk not in affiliated
    }
    context = {
        "institution": institution,
        "children": institution.children.with_counts().order_by("name"),
        "affiliations": affiliations,
        "speakers": sorted(speakers.values(), key=lambda e: e.name),
        "people_count": len(affiliated) + len(speakers),
        "positions": positions,
        "publications": Publication.objects.filter(
            issuing_institution=institution
        ).with_listing_relations(),
        "venues": Venue.objects.filter(publisher=institution),
    }
    return TemplateResponse(request, "people/institution_detail.html", context)
