"""What positions and publications can refer to, and the helpers every kind of record uses."""

from __future__ import annotations

import datetime
import random
from bisect import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from django.db import models
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from apps.analysis.models import (
    Footnote,
)
from apps.core.models import DatePrecision, format_partial_date
from apps.debate.models import Question, Theme
from apps.people.models import (
    Affiliation,
    Expert,
    Institution,
)
from apps.sources.models import Authorship, Publication, Venue

from .plan import CHUNK, EPOCH, FIRST_YEAR, LAST_YEAR, PREFIX, SKEW, SYNTHETIC, TITLE_FIELDS, Report
from .vocabulary import PRECISION_WEIGHTS

# --- Pools: what positions and publications can refer to ---------------------------------------


@dataclass
class Pools:
    institutions: list[Institution] = field(default_factory=list)
    experts: list[Expert] = field(default_factory=list)
    expert_weights: list[float] = field(default_factory=list)
    home: dict[int, tuple[Institution, str]] = field(default_factory=dict)
    venues: list[Venue] = field(default_factory=list)
    publications: list[tuple[int, str, str]] = field(default_factory=list)  # id, title, date
    # publication id -> (date, kind): what positions copy (Position.fill_derived_fields)
    sources: dict[int, tuple[datetime.date | None, str, str]] = field(default_factory=dict)
    # publication id -> (title, original title, transliteration): what positions are searched by
    titles: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    authors: dict[int, list[Expert]] = field(default_factory=lambda: defaultdict(list))
    by_author: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    questions: list[Question] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    footnotes: list[tuple[Footnote, list[int]]] = field(default_factory=list)

    def titled_source(self, publication_id: int) -> Publication:
        """A stand-in for a publication with only its titles, which a position is searched by
        (never saved; it spares a query per position)."""
        titles = dict(zip(TITLE_FIELDS, self.titles[publication_id], strict=True))
        return Publication(pk=publication_id, **titles)

    def of_kind(self, *kinds: str) -> list[Institution]:
        return [i for i in self.institutions if i.kind in kinds]

    def reweigh_experts(self) -> None:
        self.expert_weights = list(
            accumulate(1 / (rank + 1) ** SKEW for rank in range(len(self.experts)))
        )

    def pick_experts(self, rng: random.Random, n: int) -> list[Expert]:
        """``n`` distinct experts, prolific ones more often (fewer if the pool is smaller)."""
        picked: dict[int, Expert] = {}
        total = self.expert_weights[-1]
        for _ in range(n * 4):
            if len(picked) == min(n, len(self.experts)):
                break
            expert = self.experts[bisect(self.expert_weights, rng.random() * total)]
            picked.setdefault(expert.pk, expert)
        return list(picked.values())


def load_pools() -> Pools:
    """The synthetic records already there (and shipped themes and tags), in creation order."""
    pools = Pools()
    pools.institutions = list(
        Institution.objects.filter(SYNTHETIC)
        .only("id", "slug", "name", "name_zh", "kind", "abbreviation", "parent", "location")
        .order_by("pk")
    )
    pools.experts = list(
        Expert.objects.filter(SYNTHETIC).only("id", "slug", "name", "name_zh").order_by("pk")
    )
    institutions = {i.pk: i for i in pools.institutions}
    for expert_id, institution_id, role in (
        Affiliation.objects.filter(expert__slug__startswith=PREFIX)
        .order_by("pk")
        .values_list("expert_id", "institution_id", "role")
    ):
        if institution_id in institutions:
            pools.home.setdefault(expert_id, (institutions[institution_id], role))
    pools.venues = list(Venue.objects.filter(SYNTHETIC).only("id", "name", "name_zh", "kind"))
    rows = (
        Publication.objects.filter(SYNTHETIC, analysis__isnull=True)
        .order_by("pk")
        .values_list("pk", "title", "date", "date_precision")
    )
    pools.publications = [
        (pk, title, format_partial_date(date, precision)) for pk, title, date, precision in rows
    ]
    for pk, date, precision, kind, *titles in Publication.objects.filter(SYNTHETIC).values_list(
        "pk", "date", "date_precision", "kind", *TITLE_FIELDS
    ):
        pools.sources[pk] = (date, precision, kind)
        pools.titles[pk] = tuple(titles)
    experts = {e.pk: e for e in pools.experts}
    for publication_id, expert_id in (
        Authorship.objects.filter(publication__slug__startswith=PREFIX)
        .order_by("publication_id", "order")
        .values_list("publication_id", "expert_id")
    ):
        if expert_id in experts:
            pools.authors[publication_id].append(experts[expert_id])
            pools.by_author[expert_id].append(publication_id)
    pools.reweigh_experts()
    return pools


# --- Helpers -------------------------------------------------------------------------------------


def rng(seed: int, what: str, start: int) -> random.Random:
    # A string seed is hashed with SHA-512, so it is stable across processes (unlike hash()).
    return random.Random(f"{seed}:{what}:{start}")


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def created_at(index: int, minutes: int = 7) -> datetime.datetime:
    return EPOCH + datetime.timedelta(minutes=index * minutes)


def partial_date(rng: random.Random) -> tuple[datetime.date | None, str]:
    """A date weighted to recent years, as precise as a source would give it."""
    precision = weighted(rng, PRECISION_WEIGHTS)
    if precision == DatePrecision.UNKNOWN:
        return None, precision
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    year = rng.choices(years, weights=[1 + i for i in range(len(years))])[0]
    month = rng.randint(1, 12) if precision != DatePrecision.YEAR else 1
    day = rng.randint(1, 28) if precision == DatePrecision.DAY else 1
    return datetime.date(year, month, day), precision


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def synthetic_slug(*words: object, index: int | None = None) -> str:
    """``syn-`` + the words, shortened; the generation index (if any) always survives."""
    body = slugify("-".join(str(w) for w in words if w not in (None, "")))[:80].rstrip("-")
    return f"{PREFIX}{body}" if index is None else f"{PREFIX}{body}-{index}"


@lru_cache(maxsize=1)
def s2t():
    import opencc

    return opencc.OpenCC("s2t")


def bulk(model: type[models.Model], rows: list, batch_size: int, report: Report) -> list:
    created = model.objects.bulk_create(rows, batch_size=batch_size)
    report.add(model, len(created))
    return created


def chunks(total: int, size: int = CHUNK) -> Iterable[range]:
    for first in range(0, total, size):
        yield range(first, min(first + size, total))


def derive_search_text(obj: models.Model, **related: list[models.Model]) -> None:
    """Run the model's own ``refresh_search_text`` before the INSERT, related rows from memory.

    The method reads its many-valued relations (the keyword names) only once the instance has
    a primary key. A stand-in key and a filled prefetch cache let it run on the unsaved
    instance without a query, which spares an UPDATE of every row afterwards (and the table
    bloat that would skew the benchmark).
    """
    obj._prefetched_objects_cache = related
    obj.pk = -1
    try:
        obj.refresh_search_text()
    finally:
        obj.pk = None
        del obj._prefetched_objects_cache


def short_name(expert: Expert) -> str:
    """How a summary refers to a person: the surname (first for Chinese names)."""
    words = expert.name.split()
    return words[0] if expert.name_zh else words[-1]


def tag_rows(
    rng: random.Random, objects: Sequence[models.Model], tags: list[Tag], content_type, most: int
) -> list[TaggedItem]:
    rows = []
    for obj in objects:
        for tag in rng.sample(tags, rng.randint(0, most)):
            rows.append(TaggedItem(tag=tag, content_type=content_type, object_id=obj.pk))
    return rows
