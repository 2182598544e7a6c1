"""Taking the synthetic data out again, and nothing else."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from apps.analysis.models import (
    Analysis,
    Analyst,
    Chapter,
    ChapterAnalyst,
    Citation,
    Footnote,
    Paragraph,
)
from apps.core.models import DataVersion
from apps.debate.models import GlossaryTerm, Position, PositionHolder, Question, Theme
from apps.people.models import (
    Affiliation,
    Expert,
    ExpertAlias,
    Institution,
)
from apps.sources.models import Authorship, Publication, Venue

from .plan import PREFIX


def _synthetic(model: type[models.Model], path: str = "") -> models.QuerySet:
    lookup = f"{path}__slug__startswith" if path else "slug__startswith"
    return model._base_manager.filter(**{lookup: PREFIX})


def _tagged(model: type[models.Model]) -> models.QuerySet:
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=_synthetic(model).values("pk"),
    )


def clear_steps() -> list[tuple[str, Callable[[], models.QuerySet]]]:
    """What clear() deletes, children before parents; each step one bulk DELETE."""
    return [
        ("position tags", lambda: _tagged(Position)),
        ("publication tags", lambda: _tagged(Publication)),
        ("position themes", lambda: _synthetic(Position.themes.through, "position")),
        ("glossary links", lambda: _synthetic(GlossaryTerm.positions.through, "position")),
        ("position holders", lambda: _synthetic(PositionHolder, "position")),
        ("positions", lambda: _synthetic(Position)),
        ("citations", lambda: _synthetic(Citation, "footnote__chapter")),
        ("footnotes", lambda: _synthetic(Footnote, "chapter")),
        ("paragraphs", lambda: _synthetic(Paragraph, "chapter")),
        ("chapter bylines", lambda: _synthetic(ChapterAnalyst, "chapter")),
        ("chapters", lambda: _synthetic(Chapter)),
        ("analyses", lambda: _synthetic(Analysis)),
        ("analysts", lambda: _synthetic(Analyst)),
        ("authorships", lambda: _synthetic(Authorship, "publication")),
        ("affiliations", lambda: _synthetic(Affiliation, "expert")),
        ("publications", lambda: _synthetic(Publication)),
        ("venues", lambda: _synthetic(Venue)),
        ("aliases", lambda: _synthetic(ExpertAlias, "expert")),
        ("experts", lambda: _synthetic(Expert)),
        ("institution units", lambda: _synthetic(Institution).filter(parent__isnull=False)),
        ("institutions", lambda: _synthetic(Institution)),
        ("questions", lambda: _synthetic(Question)),
        ("themes", lambda: _synthetic(Theme)),
        # A synthetic tag a researcher has since put on a real record stays.
        ("tags", lambda: _synthetic(Tag).filter(taggit_taggeditem_items__isnull=True)),
    ]


def clear(progress: bool = False) -> Counter:
    """Delete every synthetic record and nothing else, in bulk, in one transaction.

    ``QuerySet._raw_delete`` runs one DELETE per step without loading rows or sending
    per-row signals: Django's ``delete()`` would fetch each row and have simple-history write
    a history record per deleted row, which is what made clearing 200k positions slow.
    Dependants are deleted explicitly, in dependency order, so nothing relies on cascades.
    """
    deleted: Counter = Counter()
    steps = clear_steps()
    with transaction.atomic():
        for label, queryset in tqdm(steps, desc="clearing", disable=not progress):
            qs = queryset()
            deleted[label] = qs._raw_delete(qs.db)
        DataVersion.bump()
    return deleted


def synthetic_counts() -> dict[str, int]:
    """How many synthetic records of each main kind the database holds."""
    return {
        "institutions": _synthetic(Institution).count(),
        "experts": _synthetic(Expert).count(),
        "publications": _synthetic(Publication).count(),
        "positions": _synthetic(Position).count(),
        "footnotes": _synthetic(Footnote, "chapter").count(),
    }
