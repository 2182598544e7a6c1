"""Everything the site hands out as data: citations, viewpoint selections, the dataset.

- One publication as BibTeX, RIS or CSL-JSON. The CSL-JSON item of
  ``apps.sources.citations.csl_json`` is the single source: BibTeX and RIS are written from
  it, so the three formats always agree (original title as ``title``, the English one as
  ``translated-title`` / ``titleaddon`` / ``TT``).
- A /viewpoints/ selection as flat rows (CSV) or records (JSON).
- The whole dataset as natural-key records in the fixtures format (YAML files that
  ``apps.portal.dataset.load_dataset`` loads), and as a versioned ZIP of JSON and CSV.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

import bibtexparser
import rispy
import yaml
from bibtexparser import model as bib
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.db import models

from apps.debate.models import Position
from apps.portal.dataset import UNCOMPARED_FIELDS
from apps.sources.citations import csl_json
from apps.sources.models import Publication

# --- One publication -----------------------------------------------------------------------

BIBTEX_TYPES = {
    "article-journal": "article",
    "article-newspaper": "article",
    "article": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "paper-conference": "inproceedings",
    "webpage": "online",
}
RIS_TYPES = {
    "article-journal": "JOUR",
    "article-newspaper": "NEWS",
    "article": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "report": "RPRT",
    "paper-conference": "CONF",
    "webpage": "ELEC",
    "legislation": "STAT",
    "interview": "GEN",
    "speech": "GEN",
    "document": "GEN",
}


def _csl_names(item: dict) -> list[tuple[str, str]]:
    """(family, given) pairs; a literal name (an issuing body) has no given name."""
    return [
        (n.get("literal") or n.get("family", ""), n.get("given", ""))
        for n in item.get("author", [])
    ]


def publication_csl_json(publication: Publication) -> str:
    return json.dumps([csl_json(publication)], ensure_ascii=False, indent=2) + "\n"


def publication_bibtex(publication: Publication) -> str:
    item = csl_json(publication)
    kind = BIBTEX_TYPES.get(item["type"], "misc")
    fields: dict[str, str] = {}
    names = [
        f"{_bib_text(family)}, {_bib_text(given)}" if given else "{" + _bib_text(family) + "}"
        for family, given in _csl_names(item)
    ]
    if names:
        fields["author"] = " and ".join(names)
    fields["title"] = item["title"]
    if "translated-title" in item:
        fields["titleaddon"] = item["translated-title"]
    if "container-title" in item:
        container = {"incollection": "booktitle", "inproceedings": "booktitle"}.get(
            kind, "journal" if kind == "article" else "howpublished"
        )
        fields[container] = item["container-title"]
    if "publisher" in item:
        fields["institution" if kind == "techreport" else "publisher"] = item["publisher"]
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        fields["year"] = str(parts[0])
        fields["date"] = "-".join(f"{p:02d}" for p in parts)
        if len(parts) > 1:
            fields["month"] = str(parts[1])
    for variable, name in [("volume", "volume"), ("issue", "number"), ("page", "pages")]:
        if variable in item:
            fields[name] = item[variable].replace("–", "--")
    for variable, name in [("URL", "url"), ("note", "note"), ("keyword", "keywords")]:
        if variable in item:
            fields[name] = item[variable]
    fields["language"] = item["language"]
    entry = bib.Entry(
        kind,
        item["id"],
        [bib.Field(k, v if k in ("url", "author") else _bib_text(v)) for k, v in fields.items()],
    )
    return bibtexparser.write_string(bibtexparser.Library([entry]))


BIB_SPECIALS = str.maketrans({"{": "", "}": "", **{c: "\\" + c for c in "&%$#_"}})


def _bib_text(value: str) -> str:
    """Text safe inside braces: no stray braces, LaTeX specials escaped (importers decode them)."""
    return value.translate(BIB_SPECIALS)


class RisWithoutCounter(rispy.RisWriter):
    """RIS that starts at ``TY  -``: rispy numbers each record with a ``1.`` line first,
    which Zotero skips but stricter readers refuse."""

    def set_header(self, count: int) -> str:
        return ""


def publication_ris(publication: Publication) -> str:
    item = csl_json(publication)
    record: dict = {"type_of_reference": RIS_TYPES.get(item["type"], "GEN")}
    authors = [f"{family}, {given}" if given else family for family, given in _csl_names(item)]
    if authors:
        record["authors"] = authors
    record["title"] = item["title"]
    if "translated-title" in item:
        record["translated_title"] = item["translated-title"]
    for variable, tag in [
        ("container-title", "secondary_title"),
        ("publisher", "publisher"),
        ("volume", "volume"),
        ("issue", "number"),
        ("note", "notes"),
        ("language", "language"),
    ]:
        if variable in item:
            record[tag] = [item[variable]] if tag == "notes" else item[variable]
    if "page" in item:
        first, _, last = item["page"].replace("–", "-").partition("-")
        record["start_page"] = first.strip()
        if last:
            record["end_page"] = last.strip()
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        padded = [f"{p:02d}" for p in parts] + [""] * (3 - len(parts))
        record["year"] = str(parts[0])
        record["date"] = "/".join(padded) + "/"
    if "URL" in item:
        record["urls"] = [item["URL"]]
    if "keyword" in item:
        record["keywords"] = [k.strip() for k in item["keyword"].split(",")]
    record["id"] = item["id"]
    return rispy.dumps([record], implementation=RisWithoutCounter)


CITATION_FORMATS = {
    "bib": (publication_bibtex, "application/x-bibtex"),
    "ris": (publication_ris, "application/x-research-info-systems"),
    "json": (publication_csl_json, "application/vnd.citationstyles.csl+json"),
}


# --- A viewpoint selection ------------------------------------------------------------------

VIEWPOINT_COLUMNS = [
    "url",
    "summary",
    "themes",
    "question",
    "stance",
    "holders",
    "holders_zh",
    "institutions",
    "institution_kinds",
    "quote_zh",
    "quote_en",
    "is_analyst_reading",
    "reading_note",
    "source_title",
    "source_title_original",
    "source_date",
    "source_url",
    "source_page",
    "pinpoint",
    "footnote",
]


def viewpoint_rows(positions: Iterable[Position], site: str = "") -> list[dict]:
    """One flat record per position; ``positions`` should carry ``with_listing_relations``."""
    rows = []
    for position in positions:
        holders = list(position.holders.all())
        institutions = [h.institution for h in holders if h.institution_id]
        footnote = position.footnote
        rows.append(
            {
                "url": site + position.get_absolute_url(),
                "summary": position.summary,
                "themes": [t.name for t in position.themes.all()],
                "question": position.question.text if position.question_id else "",
                "stance": position.stance,
                "holders": [
                    h.expert.name if h.expert_id else (h.group_label or h.institution.name)
                    for h in holders
                ],
                "holders_zh": [
                    h.expert.name_zh for h in holders if h.expert_id and h.expert.name_zh
                ],
                "institutions": [i.name for i in institutions],
                "institution_kinds": list(
                    dict.fromkeys(i.get_kind_display() for i in institutions)
                ),
                "quote_zh": position.quote_zh,
                "quote_en": position.quote_en,
                "is_analyst_reading": position.is_analyst_reading,
                "reading_note": position.reading_note,
                "source_title": position.source.title,
                "source_title_original": position.source.title_original,
                "source_date": position.source.display_date,
                "source_url": position.source.url,
                "source_page": site + position.source.get_absolute_url(),
                "pinpoint": position.pinpoint,
                "footnote": f"{footnote.chapter.title}, note {footnote.number}" if footnote else "",
            }
        )
    return rows


def rows_to_csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()


# --- The whole dataset ----------------------------------------------------------------------

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
        archive.writestr(f"{folder}/README.txt", _readme(version))
        archive.writestr(
            f"{folder}/chinadebate.json",
            json.dumps(
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
            archive.writestr(f"{folder}/csv/{model._meta.app_label}_{name}.csv", out.getvalue())
    return f"{folder}.zip", buffer.getvalue()


def _readme(version: str) -> str:
    return (
        f"chinadebate dataset, version {version}\n\n"
        "The Chinese expert and think-tank debate on technology, from ECFR's China Analysis "
        '"The China Dream goes digital" (ECFR/268, October 2018).\n\n'
        "chinadebate.json  every record, with natural keys (slugs) instead of database ids:\n"
        "                  the format of the project's fixtures/, which load_dataset loads.\n"
        "csv/              one table per kind of record; links are given as natural keys\n"
        "                  (slug, or slugs joined by '/'), lists are joined by '; '.\n\n"
        "Summaries are ours; bibliographic facts are as printed in the analysis.\n"
    )
