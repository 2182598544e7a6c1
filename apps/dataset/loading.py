"""Load the shipped dataset from ``fixtures/`` idempotently.

Fixtures are YAML with natural keys (no primary keys), so a researcher can review them in
a diff. Loading compares each record with what the database holds and writes only what
differs: loading twice changes nothing, and records researchers added are never touched.
Tags are given as a plain list of names under ``fields.tags`` (taggit does not serialise).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import models, transaction
from simple_history.utils import get_history_manager_for_model

from apps.core.models import DataVersion
from apps.debate.search import SEARCH_TEXT_RELATIONS

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures"
# libyaml's loader when PyYAML was built with it (the wheels are): ten times the pure one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Not the dataset's: kept by the database (the version, for the admin's lost-update guard).
UNCOMPARED_FIELDS = {"created_at", "updated_at", "version", "search_text", "pinyin_plain", "year"}


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, outcome: str, model: type[models.Model]) -> None:
        self.counts[(outcome, model._meta.label)] += 1

    def total(self, outcome: str) -> int:
        return sum(n for (kind, _), n in self.counts.items() if kind == outcome)

    def __str__(self) -> str:
        return (
            f"{self.total('created')} created, {self.total('updated')} updated, "
            f"{self.total('unchanged')} unchanged"
        )


def fixture_paths(directory: Path = FIXTURE_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def _read(paths: Iterable[Path]) -> tuple[list[dict], dict[int, list[str]]]:
    """All records in file order, and the tags of each (by position in the list)."""
    records: list[dict] = []
    tags: dict[int, list[str]] = {}
    for path in paths:
        for record in yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []:
            record_tags = record.get("fields", {}).pop("tags", None)
            if record_tags is not None:
                tags[len(records)] = list(record_tags)
            records.append(record)
    return records, tags


def _is_unchanged(deserialized, existing: models.Model) -> bool:
    instance = deserialized.object
    for f in instance._meta.concrete_fields:
        if f.primary_key or f.name in UNCOMPARED_FIELDS:
            continue
        if f.value_from_object(instance) != f.value_from_object(existing):
            return False
    for name, pks in (deserialized.m2m_data or {}).items():
        current = set(getattr(existing, name).values_list("pk", flat=True))
        if current != set(pks):
            return False
    return not deserialized.deferred_fields


@transaction.atomic
def load_dataset(paths: Iterable[Path] | None = None) -> LoadReport:
    """Write what differs from the fixtures, in one transaction. The data version is replaced
    once at the end if anything was written, not once per record (which cost a third of the
    load)."""
    with DataVersion.replaced_once():
        return _load(paths or fixture_paths())


def _load(paths: Iterable[Path]) -> LoadReport:
    records, tags = _read(paths)
    report = LoadReport()
    deferred = []
    loaded: defaultdict[type[models.Model], list] = defaultdict(list)
    for index, deserialized in enumerate(
        serializers.deserialize("python", records, handle_forward_references=True)
    ):
        instance = deserialized.object
        if hasattr(instance, "fill_derived_fields"):
            instance.fill_derived_fields()
        model = type(instance)
        existing = model._base_manager.filter(pk=instance.pk).first() if instance.pk else None
        if existing is not None and _is_unchanged(deserialized, existing):
            outcome = "unchanged"
        else:
            if existing is not None and hasattr(existing, "created_at"):
                instance.created_at = existing.created_at
            if existing is not None and hasattr(existing, "version"):
                instance.version = existing.version + 1  # a raw save skips Versioned.save()
            deserialized.save()
            outcome = "updated" if existing is not None else "created"
        if deserialized.deferred_fields:
            deferred.append(deserialized)
        if index in tags and set(instance.tags.names()) != set(tags[index]):
            instance.tags.set(tags[index])
            outcome = "updated" if outcome == "unchanged" else outcome
        report.add(outcome, model)
        loaded[model].append(instance.pk)
    for deserialized in deferred:
        deserialized.save_deferred_fields()
    record_first_versions(loaded)
    if rebuild_derived_fields():
        # bulk_update sends no signals: cached counts must still see the new search columns.
        DataVersion.bump()
    return report


def record_first_versions(loaded: dict[type[models.Model], list]) -> None:
    """Give each loaded record (primary keys by model) that has no history a first version.

    Fixture saves are raw, which django-simple-history does not record: without this, a
    researcher's first edit of a shipped record would be its only version, with nothing to
    revert to. (Records whose many-to-many fields history tracks got one when those were set.)
    """
    for model, pks in loaded.items():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            history = get_history_manager_for_model(model)
            recorded = history.values(model._meta.pk.attname)
            unrecorded = model._base_manager.filter(pk__in=pks).exclude(pk__in=recorded)
            history.bulk_history_create(
                list(unrecorded),
                batch_size=500,
                default_change_reason="Loaded from the shipped dataset.",
            )


def rebuild_derived_fields() -> int:
    """Recompute pinyin and search columns that raw fixture saves skip; write only changes."""
    changed = 0
    for label, prefetch, derived in [
        ("people.Institution", [], ["search_text"]),
        ("people.Expert", ["aliases"], ["pinyin", "pinyin_plain", "search_text"]),
        ("sources.Publication", ["authorships__expert"], ["year", "search_text"]),
        # Terms before positions: a position's text takes in its terms' pinyin.
        ("debate.GlossaryTerm", [], ["pinyin", "pinyin_plain", "search_text"]),
        ("debate.Position", [*SEARCH_TEXT_RELATIONS, "footnote"], ["search_text"]),
    ]:
        model = apps.get_model(label)
        queryset = model.objects.prefetch_related(*prefetch)
        if label == "sources.Publication":
            queryset = queryset.select_related("venue")
        dirty = []
        for obj in queryset:
            before = [getattr(obj, name) for name in derived]
            if hasattr(obj, "fill_derived_fields"):
                obj.fill_derived_fields()
            if hasattr(obj, "refresh_search_text"):
                obj.refresh_search_text()
            if [getattr(obj, name) for name in derived] != before:
                dirty.append(obj)
        if dirty:
            model.objects.bulk_update(dirty, derived, batch_size=500)
            changed += len(dirty)
    return changed
