"""What every format's reader makes: plain ``Entry`` dicts (JSON-serialisable, so a preview can
keep them in the session), and the field parsing the formats share."""

from __future__ import annotations

import datetime
import re

from apps.core.chinese import contains_hanzi
from apps.sources.models import PublicationKind

MAX_FILE_BYTES = 5 * 1024 * 1024
FORMATS = {"csl": "CSL-JSON", "ris": "RIS", "bibtex": "BibTeX"}
EXTENSIONS = {
    ".json": "csl",
    ".csljson": "csl",
    ".ris": "ris",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
}
NEW, DUPLICATE, INVALID = "NEW", "DUPLICATE", "INVALID"

Entry = dict  # see make_entry() for the keys


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was written."""


def make_entry(**values) -> Entry:
    entry = {
        "number": 0,  # its place in the file, from 1
        "key": "",  # the citation key or record ID the file gives, if any
        "line": 0,  # where it starts in the file, when the format tells (BibTeX)
        "kind": PublicationKind.OTHER.value,
        "title": "",
        "title_original": "",
        "authors": [],  # {"family", "given", "literal"}
        "venue": "",
        "publisher": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "date": "",
        "date_precision": "unknown",
        "url": "",
        "note": "",
        "tags": [],
        "problems": [],
        "unreadable": False,  # the reader could not read it at all: its problems say why
    }
    entry.update({k: v for k, v in values.items() if v not in (None, "")})
    sort_titles(entry)
    return entry


def sort_titles(entry: Entry) -> None:
    """Of the two titles given, the one in hanzi is the original; a Chinese title alone
    stands in for the English one until a researcher translates it."""
    title, original = entry["title"].strip(), entry["title_original"].strip()
    if contains_hanzi(title) and not contains_hanzi(original):
        title, original = original, title
    entry["title"] = title or original
    entry["title_original"] = original


def plain_text(value) -> str:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


DATE_TEXT = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?[-/.]*(?:[ T].*)?$")


def parse_date_text(text: str) -> tuple[str, str, str]:
    if not text:
        return "", "unknown", ""
    match = DATE_TEXT.match(text.strip())
    if not match:
        return "", "unknown", f"the date {text!r} is not a date"
    return date_from_parts([int(p) for p in match.groups() if p])


def date_from_parts(parts: list[int]) -> tuple[str, str, str]:
    if not parts:
        return "", "unknown", ""
    precision = ["year", "month", "day"][min(len(parts), 3) - 1]
    year, month, day = (*parts, 1, 1)[:3]
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return "", "unknown", f"the date {'-'.join(map(str, parts))} is not a date"
    return date.isoformat(), precision, ""


def split_name(name: str) -> dict:
    """'Liu, Ruisheng' -> family/given; '刘瑞生' or 'Sun Ping' stay whole (order unknown)."""
    name = plain_text(name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return author_name(family, given)
    return author_name(literal=name)


def author_name(family: str = "", given: str = "", literal: str = "") -> dict:
    """A name in hanzi is one word, surname first: Zotero's {"family": "刘", "given": "瑞生"}
    is 刘瑞生, the form experts are recorded and matched under."""
    if not literal and contains_hanzi(family + given):
        return {"family": "", "given": "", "literal": f"{family}{given}"}
    return {"family": family, "given": given, "literal": literal}


def split_keywords(value) -> list[str]:
    if isinstance(value, list):
        return [plain_text(v) for v in value if plain_text(v)]
    return [k.strip() for k in re.split(r"[,;]", plain_text(value)) if k.strip()]
