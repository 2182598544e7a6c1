"""The whole dataset as natural-key records: the fixtures format (YAML files that
:func:`apps.dataset.loading.load_dataset` loads), and the versioned ZIP of JSON and CSV that
the site hands out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import yaml
from defusedcsv import csv  # a cell read as a formula gets a leading ' (apps/core/inert.py)
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import models

from apps.core.inert import inert_json
from apps.core.models import DataVersion

from .loading import UNCOMPARED_FIELDS

DATASET_FILES = {
    "01_people.yaml": ["people.institution", "people.expert", "people.expertalias"],
    "02_sources.yaml": [
        "sources.venue",
        "sources.publication",
        "sources.authorship",
        "people.affiliation",
    ],
    "03_analysis.yaml": [
        "analysis.analyst",
        "analysis.analysis",
        "analysis.chapter",
        "analysis.chapteranalyst",
        "analysis.paragraph",
        "analysis.footnote",
        "analysis.citation",
    ],
    "04_debate.yaml": [
        "debate.theme",
        "debate.question",
        "debate.position",
        "debate.positionholder",
        "debate.glossaryterm",
        "debate.positionrelation",
    ],
}
DATASET_MODELS = [label for labels in DATASET_FILES.values() for label in labels]


def _plain(value):
    """Natural keys come back as tuples; YAML and JSON want lists."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _sort_key(value) -> tuple:
    return tuple((v is None, str(v)) for v in _plain_tuple(value))


def _plain_tuple(value) -> tuple:
    if isinstance(value, tuple | list):
        return tuple(x for v in value for x in _plain_tuple(v))
    return (value,)


def model_records(label: str) -> list[dict]:
    """All rows of one model as fixture records: natural keys, no derived or default fields."""
    model = apps.get_model(label)
    queryset = model._default_manager.all()
    tagged = hasattr(model, "tags")
    if tagged:
        queryset = queryset.prefetch_related("tags")
    objects = list(queryset)
    records = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    fields = {f.name: f for f in model._meta.get_fields() if f.concrete}
    result = []
    for obj, record in zip(objects, records, strict=True):
        kept = {}
        for name, value in record["fields"].items():
            field = fields[name]
            if name in UNCOMPARED_FIELDS or _is_default(field, value):
                continue
            if field.many_to_many:
                value = sorted(value, key=_sort_key)
            kept[name] = _plain(value)
        if tagged:
            tags = sorted(obj.tags.names())
            if tags:
                kept["tags"] = tags
        result.append({"model": label, "fields": kept, "_key": _sort_key(obj.natural_key())})
    result.sort(key=lambda r: r.pop("_key"))
    return result


def _is_default(field: models.Field, value) -> bool:
    if field.many_to_many:
        return not value
    if value is None:
        return True
    return (field.has_default() and value == field.get_default()) or (value == "" and field.blank)


def dataset_records() -> dict[str, list[dict]]:
    return {
        name: [r for label in labels for r in model_records(label)]
        for name, labels in DATASET_FILES.items()
    }


def write_dataset(directory: Path) -> list[Path]:
    """Write the dataset as YAML fixtures into ``directory``; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, records in dataset_records().items():
        path = directory / name
        text = (
            f"# chinadebate dataset {settings.DATASET_VERSION}: {', '.join(DATASET_FILES[name])}\n"
        )
        text += yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _csv_value(value) -> str:
    if isinstance(value, list):
        return "; ".join("/".join(map(str, v)) if isinstance(v, list) else str(v) for v in value)
    return "" if value is None else str(value)


def dataset_zip() -> tuple[str, bytes]:
    """The versioned bulk download: one JSON of every record, and a CSV per kind of record."""
    version = settings.DATASET_VERSION
    folder = f"chinadebate-{version}"
    records = dataset_records()
    flat = [r for file_records in records.values() for r in file_records]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        stamped = _stamped_entries(archive)
        issues = [r for r in records["03_analysis.yaml"] if r["model"] == "analysis.analysis"]
        stamped(f"{folder}/README.txt", _readme(version, issues))
        stamped(
            f"{folder}/chinadebate.json",
            inert_json(
                {"version": version, "records": flat}, ensure_ascii=False, indent=1, default=str
            ),
        )
        for label in DATASET_MODELS:
            rows = [r["fields"] for r in flat if r["model"] == label]
            model = apps.get_model(label)
            columns = [
                f.name
                for f in model._meta.get_fields()
                if f.concrete and f.name not in UNCOMPARED_FIELDS and not f.primary_key
            ]
            columns += ["tags"] if hasattr(model, "tags") else []
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_csv_value(row.get(c)) for c in columns])
            name = str(model._meta.verbose_name_plural).replace(" ", "_")
            stamped(f"{folder}/csv/{model._meta.app_label}_{name}.csv", out.getvalue())
    return f"{folder}.zip", buffer.getvalue()


def _stamped_entries(archive: zipfile.ZipFile):
    """A writer of entries dated when the data last changed (UTC), not when the zip is made:
    the same data gives the same bytes, in any process and after a backup is restored."""
    _, changed_at = DataVersion.read()
    stamp = changed_at.timetuple()[:6] if changed_at else (1980, 1, 1, 0, 0, 0)

    def write(name: str, text: str) -> None:
        entry = zipfile.ZipInfo(name, date_time=stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, text)

    return write


def _readme(version: str, issues: list[dict]) -> str:
    """The ZIP's README, naming every issue of China Analysis the records hold."""
    listed = ""
    for record in sorted(issues, key=lambda r: str(r["fields"]["date"]), reverse=True):
        fields = record["fields"]
        printed = ", ".join(str(v) for v in (fields.get("series_number"), fields["date"]) if v)
        listed += f"  - {fields.get('series', 'China Analysis')}: {fields['title']} ({printed})\n"
    return (
        f"chinadebate dataset, version {version}\n\n"
        "The Chinese expert and think-tank debate on technology, from ECFR's China Analysis.\n"
        f"Issues ({len(issues)}, newest first):\n{listed}\n"
        "chinadebate.json  every record, with natural keys (slugs) instead of database ids:\n"
        "                  the format of the project's fixtures/, which load_dataset loads.\n"
        "csv/              one table per kind of record; links are given as natural keys\n"
        "                  (slug, or slugs joined by '/'), lists are joined by '; '.\n\n"
        "Summaries are ours; bibliographic facts are as printed in the issues.\n"
    )
