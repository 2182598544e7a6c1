"""RIS, read with rispy."""

from __future__ import annotations

import re

import rispy

from .entries import (
    Entry,
    ImportFileError,
    make_entry,
    parse_date_text,
    plain_text,
    split_name,
)

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
    date, precision, problem = parse_date_text(
        plain_text(record.get("date") or record.get("year") or record.get("publication_year"))
    )
    title = plain_text(record.get("title") or record.get("primary_title"))
    translated = plain_text(record.get("translated_title"))
    names = record.get("authors") or record.get("first_authors") or []
    pages = "–".join(
        p for p in (plain_text(record.get("start_page")), plain_text(record.get("end_page"))) if p
    )
    return make_entry(
        key=plain_text(record.get("id")),
        kind=RIS_KINDS.get(plain_text(record.get("type_of_reference")).upper(), "other"),
        title=title,
        title_original=translated,  # _sort_titles puts the hanzi one in title_original
        authors=[split_name(n) for n in names],
        venue=plain_text(
            record.get("secondary_title")
            or record.get("journal_name")
            or record.get("alternate_title3")
        ),
        publisher=plain_text(record.get("publisher")),
        volume=plain_text(record.get("volume")),
        issue=plain_text(record.get("number")),
        pages=pages,
        date=date,
        date_precision=precision,
        url=plain_text((record.get("urls") or [""])[0]),
        note=plain_text(record.get("notes") or record.get("note")),
        tags=[plain_text(k) for k in record.get("keywords") or [] if plain_text(k)],
        problems=[problem] if problem else [],
    )
