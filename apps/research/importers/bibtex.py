"""BibTeX, read with bibtexparser 2."""

from __future__ import annotations

import calendar

import bibtexparser
from bibtexparser import middlewares

from .entries import (
    Entry,
    make_entry,
    parse_date_text,
    plain_text,
    split_keywords,
    split_name,
)

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
    """Entries in file order, each with its line; a block bibtexparser could not read is an
    entry with the reason (its log lines, silenced in settings.LOGGING, say no more)."""
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
            make_entry(
                line=line,
                unreadable=True,
                problems=[f"unreadable BibTeX at line {line}: {reason.strip().splitlines()[0]}"],
            )
        )
    entries.sort(key=lambda e: e["line"])
    return entries


def _bibtex_entry(entry) -> Entry:
    fields = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    if "date" in fields:
        date, precision, problem = parse_date_text(plain_text(fields["date"]))
    else:
        date, precision, problem = _bibtex_date(fields.get("year"), fields.get("month"))
    authors = fields.get("author") or []
    if isinstance(authors, str):
        authors = [authors]
    result = make_entry(
        key=entry.key,
        kind=BIBTEX_KINDS.get(entry.entry_type.lower(), "other"),
        title=_strip_braces(fields.get("title")),
        # The other-language title: biblatex's origtitle, or titleaddon as our exports write it.
        title_original=_strip_braces(fields.get("origtitle") or fields.get("titleaddon")),
        authors=[split_name(_strip_braces(a)) for a in authors],
        venue=_strip_braces(
            fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle")
        ),
        publisher=_strip_braces(fields.get("publisher") or fields.get("institution")),
        volume=plain_text(fields.get("volume")),
        issue=plain_text(fields.get("number") or fields.get("issue")),
        pages=plain_text(fields.get("pages")).replace("--", "–"),
        date=date,
        date_precision=precision,
        url=plain_text(fields.get("url")),
        note=_strip_braces(fields.get("note")),
        tags=split_keywords(fields.get("keywords")),
        problems=[problem] if problem else [],
    )
    if result["kind"] == "other" and result["url"] and entry.entry_type.lower() == "misc":
        result["kind"] = "web_page"
    result["line"] = (entry.start_line or 0) + 1
    return result


def _strip_braces(value) -> str:
    return plain_text(value).replace("{", "").replace("}", "")


def _bibtex_date(year, month) -> tuple[str, str, str]:
    year, month = plain_text(year), plain_text(month).lower()[:3]
    if not year:
        return "", "unknown", ""
    if month:
        number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
        if number is None:
            return "", "unknown", f"the month {month!r} is not a month"
        return parse_date_text(f"{year}-{number}")
    return parse_date_text(year)
