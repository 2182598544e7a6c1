"""The public URLs, read from the URLconf, and the real values of their parameters.

Shared by the fuzz test (tests/security/test_fuzz_urls.py) and the hostile-data tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from taggit.models import Tag

from apps.analysis.models import Analysis, Chapter
from apps.debate.filters import SORTS as VIEWPOINT_SORTS
from apps.debate.filters import VIEWPOINT_PARAMS, question_param
from apps.debate.models import Position, Question, Stance, Theme
from apps.debate.timeline import GROUPINGS
from apps.people.models import Expert, Institution, InstitutionKind, Origin
from apps.portal.network_query import SIZES as NETWORK_SIZES
from apps.portal.search import KINDS
from apps.sources.filters import SORTS as PUBLICATION_SORTS
from apps.sources.models import Publication, PublicationKind, Venue

# The sections of the public site (apps/portal/urls/): every namespace but the admin's.
PUBLIC_NAMESPACES = frozenset(
    ["portal", "people", "sources", "analysis", "debate", "exports", "feeds"]
)
# Views that are not cached pages (so carry no ``page_params``) but read a query string.
READS_LIKE = {
    "exports:viewpoints_csv": VIEWPOINT_PARAMS,
    "exports:viewpoints_json": VIEWPOINT_PARAMS,
}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # e.g. "experts/<slug:slug>/"
    params: frozenset[str]  # the query parameters the view reads
    kwargs: tuple[str, ...]  # the path's parameters, in order

    def path(self, **values) -> str:
        path = self.route
        for name in self.kwargs:
            start = path.index("<")
            end = path.index(">", start)
            path = path[:start] + str(values[name]) + path[end + 1 :]
        return "/" + path


def public_routes() -> list[Route]:
    """Every route of the public site, with the query parameters its view reads."""
    routes = []

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern) and namespace in PUBLIC_NAMESPACES:
                name = f"{namespace}:{pattern.name}"
                params = getattr(pattern.callback, "page_params", None) or READS_LIKE.get(
                    name, frozenset()
                )
                kwargs = tuple(pattern.pattern.converters)
                routes.append(Route(name, prefix + str(pattern.pattern), frozenset(params), kwargs))

    walk(get_resolver().url_patterns)
    return routes


def path_values() -> dict[str, dict[str, list]]:
    """For each route with path parameters, the values that name real records."""
    publications = list(Publication.objects.values_list("slug", flat=True))
    return {
        "people:expert": {"slug": list(Expert.objects.values_list("slug", flat=True))},
        "people:institution": {"slug": list(Institution.objects.values_list("slug", flat=True))},
        "sources:publication": {"slug": publications},
        "exports:cite_bib": {"slug": publications},
        "exports:cite_ris": {"slug": publications},
        "exports:cite_json": {"slug": publications},
        "analysis:analysis": {"slug": list(Analysis.objects.values_list("slug", flat=True))},
        "analysis:chapter": {
            "pair": list(Chapter.objects.values_list("analysis__slug", "slug")),
        },
        "debate:position": {"pk": list(Position.objects.values_list("pk", flat=True))},
        "debate:theme": {"slug": list(Theme.objects.values_list("slug", flat=True))},
        **{
            f"debate:{picture}": {"slug": list(Theme.objects.values_list("slug", flat=True))}
            for picture in ("theme_overview_svg", "theme_overview_csv", "map_svg", "map_csv")
        },
        "feeds:theme": {"slug": list(Theme.objects.values_list("slug", flat=True))},
        "feeds:expert": {"slug": list(Expert.objects.values_list("slug", flat=True))},
        "exports:download": {"version": [settings.DATASET_VERSION]},
    }


def parameter_values() -> dict[str, list[str]]:
    """For each query parameter of the public pages, values that mean something to it."""
    experts = list(Expert.objects.values_list("slug", flat=True))
    years = sorted({str(p.date.year) for p in Publication.objects.exclude(date=None)})
    words = [w for p in Publication.objects.all()[:20] for w in p.title.split()[:2]]
    return {
        "theme": list(Theme.objects.values_list("slug", flat=True)),
        "question": [question_param(q) for q in Question.objects.select_related("theme")],
        "stance": list(Stance.values),
        "expert": experts,
        "experts": [",".join(experts[:2]), ",".join(experts[:3]), *experts[:3]],
        "institution": list(Institution.objects.values_list("slug", flat=True)),
        "kind": [*InstitutionKind.values, *PublicationKind.values],
        "pubkind": list(PublicationKind.values),
        "origin": [*Origin.values, "chinese"],
        "year": years or ["2017"],
        "tag": list(Tag.objects.values_list("slug", flat=True)),
        "chapter": list(Chapter.objects.values_list("slug", flat=True)),
        "from": [*years, "2016-03", "2017-12"],
        "to": [*years, "2018", "2018-01"],
        "q": [*words, "credit", "社会信用", "社會信用", "xinyong", "xìnyòng"],
        "sort": [*VIEWPOINT_SORTS, *PUBLICATION_SORTS],
        "size": ["10", "20", "50", "100", *(str(size) for size in NETWORK_SIZES)],
        "analysis": list(Analysis.objects.values_list("slug", flat=True)),
        "page": ["1", "2", "3"],
        "type": [kind.key for kind in KINDS],
        "language": ["zh", "en"],
        "venue": list(Venue.objects.values_list("slug", flat=True)),
        "by": list(GROUPINGS),
    }
