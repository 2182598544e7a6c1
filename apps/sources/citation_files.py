"""One publication as a file for a reference manager: BibTeX, RIS or CSL-JSON.

The CSL-JSON item of :func:`apps.sources.citations.csl_json` is the single source: BibTeX and
RIS are written from it, so the three formats always agree (original title as ``title``, the
English one as ``translated-title`` / ``titleaddon`` / ``TT``).
"""

from __future__ import annotations

import bibtexparser
import rispy
from bibtexparser import model as bib

from apps.core.inert import inert_json

from .citations import csl_json
from .models import Publication

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
    return inert_json([csl_json(publication)], ensure_ascii=False, indent=2) + "\n"


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
