"""Find deleted records in the history tables and restore them with their links.

Deleting a record cascades: a publication takes its authorships and tagged items with it,
an expert their aliases and affiliations, a position its holders. simple_history writes a
"-" row for each, by the same user within the same moment. Restoring the record restores,
in one transaction:

- the rows that cascaded with it (children whose foreign key points at it, recursively,
  deleted by the same user within ``DELETION_WINDOW`` before it), and its tagged items;
- its many-to-many links tracked by history (a position's themes), and the links other
  records' latest history says they had to it (a glossary term's positions);
- ``SET_NULL`` links that the deletion blanked without a history row (an affiliation's
  source), where the other record's latest history still names it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from taggit.models import TaggedItem

DELETION_WINDOW = timedelta(seconds=60)
RECENT = timedelta(days=90)
RESTORE_REASON = "Restored from the deletion of {date:%Y-%m-%d %H:%M} UTC"


class RestoreError(Exception):
    """Why a deleted record cannot be restored; nothing was written."""


def tracked_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


def history_of(model: type[models.Model]):
    return getattr(model, model._meta.simple_history_manager_attribute)


@dataclass
class Deletion:
    """One deleted record as its last history row describes it."""

    model: type[models.Model]
    record: models.Model  # the "-" historical row
    links: list[Deletion] = field(default_factory=list)

    @property
    def pk(self):
        return getattr(self.record, self.model._meta.pk.attname)

    @property
    def label(self) -> str:
        return str(self.record.instance)

    @property
    def kind(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower

    @property
    def key(self) -> tuple[str, object]:
        return (self.model_label, self.pk)

    @property
    def link_count(self) -> int:
        return sum(1 + d.link_count for d in self.links)


def _still_deleted(model, records) -> list:
    """The latest "-" row per pk, for pks that no live row has taken back."""
    latest: dict = {}
    for record in records:  # newest first
        latest.setdefault(getattr(record, model._meta.pk.attname), record)
    alive = set(model._base_manager.filter(pk__in=latest).values_list("pk", flat=True))
    return [r for pk, r in latest.items() if pk not in alive]


def recently_deleted(since=None) -> list[Deletion]:
    """Deleted records, newest first, each with the links deleted along with it.

    Rows that cascaded from another deletion are listed under it, not on their own.
    Two queries per tracked model.
    """
    since = since or timezone.now() - RECENT
    deletions = []
    for model in tracked_models():
        rows = (
            history_of(model)
            .filter(history_type="-", history_date__gte=since)
            .select_related("history_user")
            .order_by("-history_date")
        )
        deletions += [Deletion(model, r) for r in _still_deleted(model, rows)]
    index = {d.key: d for d in deletions}
    tops = []
    for deletion in sorted(deletions, key=lambda d: d.record.history_date, reverse=True):
        parent = _cascade_parent(deletion, index)
        if parent is None:
            tops.append(deletion)
        else:
            parent.links.append(deletion)
    return tops


def _cascade_parent(deletion: Deletion, index: dict) -> Deletion | None:
    record = deletion.record
    for target_label, target_pk in _cascade_targets(deletion.model, record):
        parent = index.get((target_label, target_pk))
        if parent is not None and _deleted_together(parent.record, record):
            return parent
    return None


def _cascade_targets(model, record):
    if model is TaggedItem:
        content_type = ContentType.objects.get_for_id(record.content_type_id)
        yield (f"{content_type.app_label}.{content_type.model}", record.object_id)
        return
    for fk in _cascade_fks(model):
        yield (fk.related_model._meta.label_lower, getattr(record, fk.attname))


def _cascade_fks(model) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one and f.remote_field.on_delete is models.CASCADE
    ]


def _deleted_together(parent_record, child_record) -> bool:
    """The collector deletes children just before their parent, in the same request."""
    gap = parent_record.history_date - child_record.history_date
    return (
        timedelta(0) <= gap <= DELETION_WINDOW
        and parent_record.history_user_id == child_record.history_user_id
    )


def deletion_of(model: type[models.Model], history_id: int) -> Deletion:
    try:
        record = history_of(model).get(history_id=history_id, history_type="-")
    except history_of(model).model.DoesNotExist:
        raise RestoreError("There is no such deletion in the history.") from None
    deletion = Deletion(model, record)
    if model._base_manager.filter(pk=deletion.pk).exists():
        raise RestoreError(f"“{deletion.label}” exists again: it was restored or re-created.")
    _collect_links(deletion, root=record)
    return deletion


def _collect_links(deletion: Deletion, root) -> None:
    """Fill ``deletion.links`` with the rows that cascaded from it, recursively."""
    seen = {deletion.key}
    queue = deque([deletion])
    while queue:
        parent = queue.popleft()
        for child_model, lookup in _child_lookups(parent):
            rows = (
                history_of(child_model)
                .filter(
                    history_type="-",
                    history_user_id=root.history_user_id,
                    history_date__gte=root.history_date - DELETION_WINDOW,
                    history_date__lte=root.history_date,
                    **lookup,
                )
                .order_by("-history_date")
            )
            for record in _still_deleted(child_model, rows):
                child = Deletion(child_model, record)
                if child.key not in seen:
                    seen.add(child.key)
                    parent.links.append(child)
                    queue.append(child)


def _child_lookups(parent: Deletion):
    for model in tracked_models():
        for fk in _cascade_fks(model):
            if fk.related_model is parent.model:
                yield model, {fk.attname: parent.pk}
    if hasattr(parent.model, "tags") and parent.model is not TaggedItem:
        content_type = ContentType.objects.get_for_model(parent.model)
        yield TaggedItem, {"content_type_id": content_type.pk, "object_id": parent.pk}


def _flatten(deletion: Deletion) -> list[Deletion]:
    """Parents before the rows that point at them."""
    order, queue = [], deque([deletion])
    while queue:
        current = queue.popleft()
        order.append(current)
        queue.extend(current.links)
    return order


@dataclass
class RestoreReport:
    restored: list[models.Model] = field(default_factory=list)
    relinked: int = 0

    @property
    def record(self) -> models.Model:
        return self.restored[0]

    def __str__(self) -> str:
        links = len(self.restored) - 1 + self.relinked
        return f"Restored “{self.record}” with {links} link{'s' if links != 1 else ''}."


def restore(model: type[models.Model], history_id: int, user) -> RestoreReport:
    """Restore a deleted record and everything deleted with it, or nothing at all."""
    deletion = deletion_of(model, history_id)
    plan = _flatten(deletion)
    for item in plan:
        opts = item.model._meta
        if not user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            raise RestoreError(
                f"You may not add {opts.verbose_name_plural}, so cannot restore them."
            )
    reason = RESTORE_REASON.format(date=deletion.record.history_date)
    report = RestoreReport()
    try:
        with transaction.atomic():
            for item in plan:
                report.restored.append(_restore_row(item, reason))
            for item, instance in zip(plan, report.restored, strict=True):
                report.relinked += _restore_m2m(item, instance, reason)
                report.relinked += _relink_incoming(item.model, instance, reason)
            for instance in report.restored:
                _refresh_search_text(instance)
    except IntegrityError as error:
        raise RestoreError(f"The database refused the restore: {error}") from error
    return report


def _restore_row(item: Deletion, reason: str) -> models.Model:
    instance = item.record.instance
    for fk in instance._meta.concrete_fields:
        if fk.is_relation and fk.many_to_one:
            target = getattr(instance, fk.attname)
            if target is not None and not fk.related_model._base_manager.filter(pk=target).exists():
                raise RestoreError(
                    f"“{instance}” refers to a deleted {fk.related_model._meta.verbose_name} "
                    f"(#{target}); restore that first."
                )
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        raise RestoreError(f"Cannot restore “{instance}”: {' '.join(error.messages)}") from error
    instance._change_reason = reason
    instance.save(force_insert=True)
    return instance


def _m2m_history_fields(model) -> list[models.ManyToManyField]:
    historical = history_of(model).model
    return list(getattr(historical, "_history_m2m_fields", []))


def _m2m_history_model(model, m2m_field):
    """simple_history's table of the links a version had, for one m2m field."""
    return getattr(history_of(model).model, m2m_field.name).model


def _restore_m2m(item: Deletion, instance, reason: str) -> int:
    """The record's own m2m links, as its last version before deletion had them."""
    count = 0
    fields = _m2m_history_fields(item.model)
    if not fields:
        return 0
    before = (
        history_of(item.model)
        .filter(
            **{item.model._meta.pk.attname: item.pk},
            history_date__lte=item.record.history_date,
        )
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if before is None:
        return 0
    for m2m in fields:
        target_attname = m2m.m2m_reverse_field_name() + "_id"
        rows = _m2m_history_model(item.model, m2m).objects.filter(history=before)
        ids = list(rows.values_list(target_attname, flat=True))
        alive = list(m2m.related_model._base_manager.filter(pk__in=ids))
        if alive:
            instance._change_reason = reason
            getattr(instance, m2m.name).add(*alive)
            count += len(alive)
    return count


def _relink_incoming(model, instance, reason: str) -> int:
    """Links from live records to this one that the deletion removed without history."""
    count = 0
    for other in tracked_models():
        for fk in other._meta.concrete_fields:
            if (
                fk.is_relation
                and fk.many_to_one
                and fk.related_model is model
                and fk.remote_field.on_delete is models.SET_NULL
            ):
                for obj in _latest_versions_naming(other, {fk.attname: instance.pk}):
                    if getattr(obj, fk.attname) is None:
                        setattr(obj, fk.attname, instance.pk)
                        obj._change_reason = reason
                        obj.save(update_fields=[fk.attname])
                        count += 1
        for m2m in _m2m_history_fields(other):
            if m2m.related_model is not model:
                continue
            rows = _m2m_history_model(other, m2m).objects.filter(
                **{m2m.m2m_reverse_field_name() + "_id": instance.pk}
            )
            history_ids = set(rows.values_list("history_id", flat=True))
            for obj, _latest in _latest_live_versions(other, history_ids):
                manager = getattr(obj, m2m.name)
                if not manager.filter(pk=instance.pk).exists():
                    obj._change_reason = reason
                    manager.add(instance)
                    count += 1
    return count


def _latest_versions_naming(model, lookup: dict) -> list[models.Model]:
    """Live records whose latest history row has the given values."""
    candidates = history_of(model).filter(**lookup).values_list("history_id", flat=True)
    return [obj for obj, latest in _latest_live_versions(model, set(candidates))]


def _latest_live_versions(model, history_ids: set):
    """(live record, its latest history row) for records owning any of ``history_ids``,
    keeping only those whose latest row is one of them."""
    if not history_ids:
        return []
    pk_name = model._meta.pk.attname
    history = history_of(model)
    pks = set(history.filter(history_id__in=history_ids).values_list(pk_name, flat=True))
    latest: dict = {}
    for row in history.filter(**{f"{pk_name}__in": pks}).order_by("-history_date", "-history_id"):
        latest.setdefault(getattr(row, pk_name), row)
    live = model._base_manager.in_bulk(
        [pk for pk, row in latest.items() if row.history_id in history_ids]
    )
    return [(obj, latest[pk]) for pk, obj in live.items()]


def _refresh_search_text(instance) -> None:
    if hasattr(instance, "refresh_search_text"):
        instance.refresh_search_text()
        type(instance)._base_manager.filter(pk=instance.pk).update(search_text=instance.search_text)
