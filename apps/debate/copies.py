"""Positions keep copies of their source's date (and its precision), kind and year and of their footnote's chapter,
so /viewpoints/ sorts, filters and counts on columns of its own table
(:meth:`~.models.Position.fill_derived_fields`). When a publication or a footnote is saved,
the copies on its positions follow, in the transaction of the save (Publication.save and
Footnote.save open one), so another connection never sees the new data version without them.
"""

from django.db.models.signals import post_save

from apps.analysis.models import Footnote
from apps.sources.models import Publication

from .models import Position


def _copy_from_source(sender, instance: Publication, raw: bool = False, **kwargs) -> None:
    if raw:  # fixture loading: the loader rebuilds every derived column afterwards
        return
    copies = {
        "source_date": instance.date,
        "source_date_precision": instance.date_precision,
        "source_kind": instance.kind,
        "source_year": instance.year,
    }
    Position.objects.filter(source=instance).exclude(**copies).update(**copies)


def _copy_from_footnote(sender, instance: Footnote, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    Position.objects.filter(footnote=instance).exclude(chapter_id=instance.chapter_id).update(
        chapter_id=instance.chapter_id
    )


def connect() -> None:
    post_save.connect(_copy_from_source, sender=Publication, dispatch_uid="debate_copy_source")
    post_save.connect(_copy_from_footnote, sender=Footnote, dispatch_uid="debate_copy_footnote")
