"""Every write to the domain data replaces the data version, logged with what it changed.

The debate sits above every other domain app, so it is the floor that may watch them all:
each save, delete or many-to-many change of a domain model replaces the
:class:`~apps.core.models.DataVersion` (so cached pages go stale at once), and the new
version is logged in :class:`~.models.IndexChange` with the positions whose facets it may have
changed (so a process holding the facet index re-reads only those).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from apps.analysis.models import Analysis, Chapter, Footnote
from apps.core.models import DataVersion
from apps.core.signals import data_changed
from apps.people.models import Expert, Institution
from apps.sources.models import Publication

from .models import IndexChange, Position, Question, Theme

DOMAIN_APPS = frozenset({"debate", "sources", "people", "analysis", "taggit"})
# Their rows label facet values (or, for institutions, give a holder's kind).
LABEL_MODELS = (Theme, Question, Expert, Institution, Chapter, Analysis, Tag)


def changed_by(sender, *, instance=None, action: str = "", model=None, pk_set=None, **kwargs):
    """What a write did to the facet index, for the log: (the positions whose facets may have
    changed, None for any; whether labels may have)."""
    if action != "post_":  # an m2m change: post_add, post_remove, post_clear
        if isinstance(instance, Position):
            return {instance.pk}, False
        if model is Position:
            return (None if pk_set is None else set(pk_set)), False
        return set(), False
    if isinstance(instance, LABEL_MODELS):
        return set(), True
    if isinstance(instance, Position):
        return {instance.pk}, False
    if isinstance(instance, TaggedItem):
        is_position = instance.content_type_id == ContentType.objects.get_for_model(Position).pk
        return ({int(instance.object_id)} if is_position else set()), False
    if isinstance(instance, Publication | Footnote):
        if "created" not in kwargs:  # deleted: protected by, or unlinked from, its positions
            return set(), False
        # saved: it copied its kind and date, or its chapter, onto its positions
        field = "source" if isinstance(instance, Publication) else "footnote"
        return set(Position.objects.filter(**{field: instance}).values_list("pk", flat=True)), False
    position_id = getattr(instance, "position_id", None)  # holders, theme and term links
    return ({position_id} if position_id else set()), False


def _bump_data_version(sender, action: str = "post_", **kwargs) -> None:
    if DataVersion.deferred():  # a bulk load: replaced once at its end, as a change of anything
        DataVersion.bump()
    elif action.startswith("post_"):
        positions, labels = changed_by(sender, action=action, **kwargs)
        DataVersion.bump(positions=positions, labels=labels)


def _log_change(sender, token: str, signal=None, **change) -> None:
    IndexChange.log(token, **change)


def connect() -> None:
    """Bump the data version on every write to a domain model, and log each new version
    (called from the app's ready()).

    Connected per model, so the models of other apps keep Django's fast bulk deletes.
    """
    data_changed.connect(_log_change, sender=DataVersion, dispatch_uid="debate_index_change")
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if (
            meta.app_label in DOMAIN_APPS
            and model is not IndexChange
            and not meta.model_name.startswith("historical")
        ):
            uid = f"data_version_{meta.label_lower}"
            post_save.connect(_bump_data_version, sender=model, dispatch_uid=uid)
            post_delete.connect(_bump_data_version, sender=model, dispatch_uid=uid)
            m2m_changed.connect(_bump_data_version, sender=model, dispatch_uid=uid)
