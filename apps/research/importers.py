"""Import sources from reference managers: CSL-JSON, RIS and BibTeX.

Three steps, each usable on its own (the admin view and ``manage.py import_sources`` are
thin layers over them):

1. ``read_file(data, filename, fmt)`` decodes and parses the bytes into plain ``Entry``
   dicts (JSON-serialisable, so a preview can keep them in the session), or raises
   ``ImportFileError`` with a message a researcher can act on;
2. ``assess(entries)`` marks each entry NEW, DUPLICATE (of a record, or of an earlier entry
   in the file) or INVALID with the reason, and says which existing experts its authors are;
3. ``import_entries(entries, source_name)`` assesses again against the database as it is
   now and writes the NEW entries in one transaction: publications, ordered authorships
   (matching experts by hanzi or pinyin, creating the rest), venues and tags.
"""

from __future__ import annotations

import calendar
import datetime
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

import bibtexparser
import rispy
from bibtexparser import middlewares
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from pypinyin.pinyin_dict import pinyin_dict

from apps.core.chinese import compact, contains_hanzi, name_pinyin, strip_tones
from apps.people.models import Expert, Origin
from apps.sources.models import Authorship, Language, Publication, PublicationKind, Venue, VenueKind

from .duplicates import Match, PublicationIndex
from .forms import unique_slug

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

Entry = dict  # see _entry() for the keys


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was written."""


# --- 1. reading ----------------------------------------------------------------------------


def read_file(data: bytes, filename: str = "", fmt: str | None = None) -> tuple[str, list[Entry]]:
    """Decode and parse an export; returns the format key and the entries."""
    if not data or not data.strip():
        raise ImportFileError("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    text = decode(data)
    fmt = fmt or detect_format(text, filename)
    if fmt not in FORMATS:
        raise ImportFileError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    entries = {"csl": parse_csl_json, "ris": parse_ris, "bibtex": parse_bibtex}[fmt](text)
    if not entries:
        raise ImportFileError(f"No {FORMATS[fmt]} entries were found in the file.")
    for number, entry in enumerate(entries, start=1):
        entry["number"] = number
    return fmt, entries


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise ImportFileError(
            "The file is in UTF-16. Export it again as UTF-8 (in Zotero: Unicode (UTF-8))."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte {error.start} cannot be read). It may be in a "
            "Chinese legacy encoding such as GBK or GB18030: export it again as UTF-8."
        ) from None


def detect_format(text: str, filename: str = "") -> str:
    extension = PurePath(filename).suffix.lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    start = text.lstrip()
    if start[:1] in "[{":
        return "csl"
    if re.match(r"TY  - ", start):
        return "ris"
    if start.startswith("@") or re.search(r"^\s*@\w+\s*\{", text, re.MULTILINE):
        return "bibtex"
    raise ImportFileError(
        "Cannot tell the format: name the file .json (CSL-JSON), .ris or .bib, or choose it."
    )


def _entry(**values) -> Entry:
    entry = {
        "number": 0,
        "key": "",
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
    }
    entry.update({k: v for k, v in values.items() if v not in (None, "")})
    _sort_titles(entry)
    return entry


def _sort_titles(entry: Entry) -> None:
    """Of the two titles given, the one in hanzi is the original; a Chinese title alone
    stands in for the English one until a researcher translates it."""
    title, original = entry["title"].strip(), entry["title_original"].strip()
    if contains_hanzi(title) and not contains_hanzi(original):
        title, original = original, title
    entry["title"] = title or original
    entry["title_original"] = original


def _text(value) -> str:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


# CSL-JSON -----------------------------------------------------------------------------------

CSL_KINDS = {
    "article-journal": "journal_article",
    "article": "journal_article",
    "article-newspaper": "news_article",
    "article-magazine": "news_article",
    "book": "book",
    "chapter": "book_chapter",
    "report": "report",
    "interview": "interview",
    "speech": "speech",
    "webpage": "web_page",
    "post": "web_page",
    "post-weblog": "web_page",
    "paper-conference": "conference_paper",
    "legislation": "law",
    "regulation": "law",
    "bill": "law",
}


def parse_csl_json(text: str) -> list[Entry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"This is not valid CSL-JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    items = data.get("items", [data]) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ImportFileError("CSL-JSON must be a list of items.")
    return [_csl_entry(item) for item in items]


def _csl_entry(item) -> Entry:
    if not isinstance(item, dict):
        return _entry(problems=["not a CSL-JSON item (expected an object with a title)"])
    date, precision, problem = _csl_date(item.get("issued"))
    return _entry(
        key=_text(item.get("id")),
        kind=CSL_KINDS.get(_text(item.get("type")), "other"),
        title=_text(item.get("title")),
        title_original=_text(item.get("original-title") or item.get("translated-title")),
        authors=[_csl_name(n) for n in item.get("author") or [] if isinstance(n, dict)],
        venue=_text(item.get("container-title")),
        publisher=_text(item.get("publisher")),
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        pages=_text(item.get("page")),
        date=date,
        date_precision=precision,
        url=_text(item.get("URL")),
        note=_text(item.get("note")),
        tags=_split_keywords(item.get("keyword")),
        problems=[problem] if problem else [],
    )


def _csl_name(name: dict) -> dict:
    return _author(_text(name.get("family")), _text(name.get("given")), _text(name.get("literal")))


def _csl_date(issued) -> tuple[str, str, str]:
    if not issued:
        return "", "unknown", ""
    if isinstance(issued, dict) and issued.get("date-parts"):
        parts = issued["date-parts"][0] if issued["date-parts"] else []
        try:
            return _date_from_parts([int(p) for p in parts])
        except (TypeError, ValueError):
            return "", "unknown", f"the date {parts!r} is not a date"
    raw = issued.get("raw") or issued.get("literal") if isinstance(issued, dict) else issued
    return _parse_date_text(_text(raw))


# RIS ----------------------------------------------------------------------------------------

RIS_KINDS = {
    "JOUR": "journal_article",
    "JFULL": "journal_article",
    "EJOUR": "journal_article",
    "NEWS": "news_article",
    "MGZN": "news_article",
    "BOOK": "book",
    "EBOOK": "book",
    "CHAP": "book_chapter",
    "ECHAP": "book_chapter",
    "RPRT": "report",
    "CONF": "conference_paper",
    "CPAPER": "conference_paper",
    "ELEC": "web_page",
    "WEB": "web_page",
    "BLOG": "web_page",
    "STAT": "law",
    "LEGAL": "law",
    "BILL": "law",
    "GOVDOC": "policy_document",
}


def parse_ris(text: str) -> list[Entry]:
    starts = len(re.findall(r"^TY  - ", text, re.MULTILINE))
    ends = len(re.findall(r"^ER  -", text, re.MULTILINE))
    if starts != ends:
        raise ImportFileError(
            f"This RIS file is damaged: {starts} records start with 'TY  -' but {ends} end "
            "with 'ER  -'. Export it again."
        )
    try:
        records = rispy.loads(text)
    except (OSError, ValueError, KeyError) as error:
        raise ImportFileError(f"This is not valid RIS: {error}") from None
    return [_ris_entry(r) for r in records]


def _ris_entry(record: dict) -> Entry:
    date, precision, problem = _parse_date_text(
        _text(record.get("date") or record.get("year") or record.get("publication_year"))
    )
    title = _text(record.get("title") or record.get("primary_title"))
    translated = _text(record.get("translated_title"))
    names = record.get("authors") or record.get("first_authors") or []
    pages = "–".join(
        p for p in (_text(record.get("start_page")), _text(record.get("end_page"))) if p
    )
    return _entry(
        key=_text(record.get("id")),
        kind=RIS_KINDS.get(_text(record.get("type_of_reference")).upper(), "other"),
        title=title,
        title_original=translated,  # _sort_titles puts the hanzi one in title_original
        authors=[_split_name(n) for n in names],
        venue=_text(
            record.get("secondary_title")
            or record.get("journal_name")
            or record.get("alternate_title3")
        ),
        publisher=_text(record.get("publisher")),
        volume=_text(record.get("volume")),
        issue=_text(record.get("number")),
        pages=pages,
        date=date,
        date_precision=precision,
        url=_text((record.get("urls") or [""])[0]),
        note=_text(record.get("notes") or record.get("note")),
        tags=[_text(k) for k in record.get("keywords") or [] if _text(k)],
        problems=[problem] if problem else [],
    )


# BibTeX -------------------------------------------------------------------------------------

BIBTEX_KINDS = {
    "article": "journal_article",
    "book": "book",
    "inbook": "book_chapter",
    "incollection": "book_chapter",
    "techreport": "report",
    "report": "report",
    "inproceedings": "conference_paper",
    "conference": "conference_paper",
    "online": "web_page",
    "misc": "other",
}
MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}


def parse_bibtex(text: str) -> list[Entry]:
    library = bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.LatexDecodingMiddleware(), middlewares.SeparateCoAuthors()],
    )
    entries = [_bibtex_entry(e) for e in library.entries]
    for block in library.failed_blocks:
        error = block.error
        reason = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
        line = (block.start_line or 0) + 1
        entries.append(
            _entry(
                key=f"line {line}",
                problems=[f"unreadable BibTeX at line {line}: {reason.strip().splitlines()[0]}"],
                _line=line - 1,
            )
        )
    entries.sort(key=lambda e: e.pop("_line", 0))
    return entries


def _bibtex_entry(entry) -> Entry:
    fields = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    if "date" in fields:
        date, precision, problem = _parse_date_text(_text(fields["date"]))
    else:
        date, precision, problem = _bibtex_date(fields.get("year"), fields.get("month"))
    authors = fields.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    result = _entry(
        key=entry.key,
        kind=BIBTEX_KINDS.get(entry.entry_type.lower(), "other"),
        title=_strip_braces(fields.get("title")),
        # The other-language title: biblatex's origtitle, or titleaddon as our exports write it.
        title_original=_strip_braces(fields.get("origtitle") or fields.get("titleaddon")),
        authors=[_split_name(_strip_braces(a)) for a in authors],
        venue=_strip_braces(
            fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
        ),
        publisher=_strip_braces(fields.get("publisher") or fields.get("institution")),
        volume=_text(fields.get("volume")),
        issue=_text(fields.get("number") or fields.get("issue")),
        pages=_text(fields.get("pages")).replace("--", "–"),
        date=date,
        date_precision=precision,
        url=_text(fields.get("url")),
        note=_strip_braces(fields.get("note")),
        tags=_split_keywords(fields.get("keywords")),
        problems=[problem] if problem else [],
    )
    if result["kind"] == "other" and result["url"] and entry.entry_type.lower() == "misc":
        result["kind"] = "web_page"
    result["_line"] = entry.start_line
    return result


def _strip_braces(value) -> str:
    return _text(value).replace("{", "").replace("}", "")


def _bibtex_date(year, month) -> tuple[str, str, str]:
    year, month = _text(year), _text(month).lower()[:3]
    if not year:
        return "", "unknown", ""
    if month:
        number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
        if number is None:
            return "", "unknown", f"the month {month!r} is not a month"
        return _parse_date_text(f"{year}-{number}")
    return _parse_date_text(year)


# Shared field parsing -----------------------------------------------------------------------

DATE_TEXT = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?[-/.]*(?:[ T].*)?$")


def _parse_date_text(text: str) -> tuple[str, str, str]:
    if not text:
        return "", "unknown", ""
    match = DATE_TEXT.match(text.strip())
    if not match:
        return "", "unknown", f"the date {text!r} is not a date"
    return _date_from_parts([int(p) for p in match.groups() if p])


def _date_from_parts(parts: list[int]) -> tuple[str, str, str]:
    if not parts:
        return "", "unknown", ""
    precision = ["year", "month", "day"][min(len(parts), 3) - 1]
    year, month, day = (*parts, 1, 1)[:3]
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return "", "unknown", f"the date {'-'.join(map(str, parts))} is not a date"
    return date.isoformat(), precision, ""


def _split_name(name: str) -> dict:
    """'Liu, Ruisheng' -> family/given; '刘瑞生' or 'Sun Ping' stay whole (order unknown)."""
    name = _text(name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return _author(family, given)
    return _author(literal=name)


def _author(family: str = "", given: str = "", literal: str = "") -> dict:
    """A name in hanzi is one word, surname first: Zotero's {"family": "刘", "given": "瑞生"}
    is 刘瑞生, the form experts are recorded and matched under."""
    if not literal and contains_hanzi(family + given):
        return {"family": "", "given": "", "literal": f"{family}{given}"}
    return {"family": family, "given": given, "literal": literal}


def _split_keywords(value) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return [k.strip() for k in re.split(r"[,;]", _text(value)) if k.strip()]


# --- 2. assessing --------------------------------------------------------------------------


def display_name(author: dict) -> str:
    """The name as an expert is recorded: Chinese names surname first, others given first."""
    if author.get("literal"):
        return author["literal"]
    family, given = author.get("family", ""), author.get("given", "")
    parts = (family, given) if looks_chinese(author) else (given, family)
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    readings = {strip_tones(r) for r in ",".join(pinyin_dict.values()).split(",")}
    # Interjections such as 'm', 'ng' or 'hm' would make pinyin of 'Adam' or 'Kim'.
    return frozenset(r for r in readings if re.search("[aeiou]", r))


def _pinyin_count(word: str) -> int:
    """How many pinyin syllables ``word`` splits into ('Ruisheng' -> 2), 0 if it does not."""
    word = strip_tones(word).replace("-", "").replace("'", "")
    syllables = _pinyin_syllables()
    fewest = [0] + [0] * len(word)  # fewest[i]: syllables covering word[:i], 0 = cannot
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if (start == 0 or fewest[start]) and word[start:end] in syllables:
                count = fewest[start] + 1
                fewest[end] = min(fewest[end], count) if fewest[end] else count
    return fewest[len(word)]


def looks_chinese(author: dict) -> bool:
    """A latin family/given name that reads as pinyin: a one- or two-syllable surname and
    a one- or two-syllable given name ('Liu, Ruisheng'; not 'Botsman, Rachel')."""
    family, given = author.get("family", ""), author.get("given", "")
    if author.get("literal") or not family or not given:
        return False
    return 1 <= _pinyin_count(family) <= 2 and 1 <= _pinyin_count(given) <= 2


def name_keys(author: dict) -> list[str]:
    """Compact forms an author may be recorded under, in both name orders."""
    if author.get("literal"):
        words = author["literal"].split()
        keys = [compact(author["literal"]), compact(" ".join(reversed(words)))]
    else:
        family, given = author.get("family", ""), author.get("given", "")
        keys = [compact(f"{family} {given}"), compact(f"{given} {family}")]
    return list(dict.fromkeys(k for k in keys if k))


class ExpertMatcher:
    """Finds the existing expert an imported author name refers to.

    A hanzi name matches an expert's hanzi; failing that, its pinyin matches an expert
    recorded without hanzi (never one whose different hanzi merely sound the same).
    A latin name matches names, pinyin and recorded aliases, in either name order.
    """

    def __init__(self):
        self.by_hanzi: dict[str, Expert] = {}
        self.by_latin: dict[str, Expert] = {}
        self.by_latin_without_hanzi: dict[str, Expert] = {}
        for expert in Expert.objects.prefetch_related("aliases").order_by("slug"):
            self.add(expert)

    def add(self, expert: Expert) -> None:
        if expert.name_zh:
            self.by_hanzi.setdefault(compact(expert.name_zh), expert)
        aliases = [a.name for a in expert.aliases.all()] if expert.pk else []
        for name in (expert.name, expert.pinyin, *aliases):
            key = compact(name)
            if key:
                self.by_latin.setdefault(key, expert)
                if not expert.name_zh:
                    self.by_latin_without_hanzi.setdefault(key, expert)

    def find(self, author: dict) -> Expert | None:
        literal = author.get("literal", "")
        if contains_hanzi(literal):
            return self.by_hanzi.get(compact(literal)) or self.by_latin_without_hanzi.get(
                compact(name_pinyin(literal))
            )
        return next((self.by_latin[key] for key in name_keys(author) if key in self.by_latin), None)


@dataclass
class Assessment:
    entry: Entry
    status: str
    reasons: list[str] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    authors: list[tuple[str, Expert | None]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.entry.get("title_original") or self.entry.get("title") or "(no title)"


URL_VALIDATOR = URLValidator(schemes=["http", "https"])
TITLE_MAX = Publication._meta.get_field("title").max_length


def problems(entry: Entry) -> list[str]:
    found = list(entry.get("problems", []))
    if not entry.get("title"):
        found.append("no title")
    for name in ("title", "title_original"):
        if len(entry.get(name, "")) > TITLE_MAX:
            found.append(f"a title longer than {TITLE_MAX} characters")
    if entry.get("url"):
        try:
            URL_VALIDATOR(entry["url"])
        except ValidationError:
            found.append(f"the URL {entry['url']!r} is not a web address")
    for author in entry.get("authors", []):
        if not display_name(author):
            found.append("an author without a name")
    return found


def assess(entries: Iterable[Entry]) -> list[Assessment]:
    """NEW, DUPLICATE or INVALID for each entry, against the database and the file."""
    index = PublicationIndex.from_db()
    matcher = ExpertMatcher()
    results = []
    for entry in entries:
        reasons = problems(entry)
        if reasons:
            results.append(Assessment(entry, INVALID, reasons))
            continue
        matches = index.matches(entry["url"], entry["title"], entry["title_original"])
        if matches:
            results.append(Assessment(entry, DUPLICATE, matches=matches))
            continue
        index.add(entry, entry["url"], entry["title"], entry["title_original"])
        authors = [(display_name(a), matcher.find(a)) for a in entry["authors"]]
        results.append(Assessment(entry, NEW, authors=authors))
    return results


# --- 3. importing --------------------------------------------------------------------------


@dataclass
class ImportReport:
    assessments: list[Assessment]
    created: list[Publication] = field(default_factory=list)
    new_experts: list[Expert] = field(default_factory=list)
    new_venues: list[Venue] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for a in self.assessments if a.status == status)

    def __str__(self) -> str:
        return (
            f"{_n(len(self.created), 'publication')} imported "
            f"({_n(len(self.new_experts), 'new expert')}, "
            f"{_n(len(self.new_venues), 'new venue')}); "
            f"{_n(self.count(DUPLICATE), 'duplicate')} and "
            f"{_n(self.count(INVALID), 'invalid entry', 'invalid entries')} skipped."
        )


def _n(count: int, singular: str, plural: str = "") -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


VENUE_KINDS = {
    "journal_article": VenueKind.JOURNAL,
    "news_article": VenueKind.NEWSPAPER,
    "web_page": VenueKind.WEBSITE,
    "conference_paper": VenueKind.CONFERENCE,
    "book_chapter": VenueKind.BOOK_SERIES,
}


def import_entries(
    entries: list[Entry],
    source_name: str,
    progress: Callable[[list], Iterable] = iter,
) -> ImportReport:
    """Write the entries that are NEW now, all or none; ``progress`` wraps the loop."""
    with transaction.atomic():
        report = ImportReport(assess(entries))
        writer = _Writer(report, f"Imported from {source_name}"[:100])
        for assessment in progress([a for a in report.assessments if a.status == NEW]):
            writer.write(assessment.entry)
    return report


class _Writer:
    def __init__(self, report: ImportReport, reason: str):
        self.report = report
        self.reason = reason
        self.experts = ExpertMatcher()
        self.venues = {
            compact(name): venue
            for venue in Venue.objects.all()
            for name in (venue.name, venue.name_zh)
            if name
        }

    def write(self, entry: Entry) -> Publication:
        date = datetime.date.fromisoformat(entry["date"]) if entry["date"] else None
        publication = Publication(
            slug=unique_slug(Publication, self._slug_text(entry, date)),
            kind=entry["kind"],
            title=entry["title"],
            title_original=entry["title_original"],
            language=Language.CHINESE
            if contains_hanzi(entry["title_original"] or entry["title"])
            else Language.ENGLISH,
            venue=self._venue(entry),
            publisher=entry["publisher"][:200],
            volume=entry["volume"][:40],
            issue=entry["issue"][:40],
            pages=entry["pages"][:40],
            date=date,
            date_precision=entry["date_precision"] if date else "unknown",
            url=entry["url"],
            note=entry["note"],
        )
        publication._change_reason = self.reason
        publication.save()
        seen = set()
        for order, author in enumerate(entry["authors"], start=1):
            expert = self.experts.find(author) or self._new_expert(author, publication)
            if expert.pk in seen:
                continue
            seen.add(expert.pk)
            authorship = Authorship(publication=publication, expert=expert, order=order)
            authorship._change_reason = self.reason
            authorship.save()
        if entry["tags"]:
            publication.tags.set([t[:100] for t in entry["tags"]])
        publication.refresh_search_text()
        Publication.objects.filter(pk=publication.pk).update(search_text=publication.search_text)
        self.report.created.append(publication)
        return publication

    @staticmethod
    def _slug_text(entry: Entry, date) -> str:
        first = entry["authors"][0] if entry["authors"] else None
        author = ""
        if first:
            name = first.get("family") or display_name(first)
            author = strip_tones(name_pinyin(name)) if contains_hanzi(name) else name
            author = author.split()[0] if author.split() else ""
        title = entry["title"] if not contains_hanzi(entry["title"]) else ""
        words = " ".join(title.split()[:6])
        return " ".join(p for p in (author, str(date.year) if date else "", words) if p)

    def _venue(self, entry: Entry) -> Venue | None:
        name = entry["venue"]
        if not name:
            return None
        venue = self.venues.get(compact(name))
        if venue is None:
            hanzi = contains_hanzi(name)
            venue = Venue(
                slug=unique_slug(Venue, name),
                name=name[:300],
                name_zh=name[:200] if hanzi else "",
                kind=VENUE_KINDS.get(entry["kind"], VenueKind.OTHER),
            )
            venue._change_reason = self.reason
            venue.save()
            self.venues[compact(name)] = venue
            self.report.new_venues.append(venue)
        return venue

    def _new_expert(self, author: dict, publication: Publication) -> Expert:
        literal = author.get("literal", "")
        if contains_hanzi(literal):
            name_zh, name = literal, strip_tones(name_pinyin(literal)).title()
        else:
            name_zh, name = "", display_name(author)
        chinese_context = (
            bool(name_zh) or looks_chinese(author) or publication.language == Language.CHINESE
        )
        expert = Expert(
            slug=unique_slug(Expert, name),
            name=name[:200],
            name_zh=name_zh[:60],
            origin=Origin.MAINLAND if chinese_context else Origin.FOREIGN,
            note=f"{self.reason}; check the name order and origin.",
        )
        expert._change_reason = self.reason
        expert.save()
        self.experts.add(expert)
        self.report.new_experts.append(expert)
        return expert
