"""CSL-JSON, as Zotero and most reference managers export it."""

from __future__ import annotations

import json

from .entries import (
    Entry,
    ImportFileError,
    author_name,
    date_from_parts,
    make_entry,
    parse_date_text,
    plain_text,
    split_keywords,
)

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
        return make_entry(
            unreadable=True, problems=["not a CSL-JSON item (expected an object with a title)"]
        )
    date, precision, problem = _csl_date(item.get("issued"))
    return make_entry(
        key=plain_text(item.get("id")),
        kind=CSL_KINDS.get(plain_text(item.get("type")), "other"),
        title=plain_text(item.get("title")),
        title_original=plain_text(item.get("original-title") or item.get("translated-title")),
        authors=[_csl_name(n) for n in item.get("author") or [] if isinstance(n, dict)],
        venue=plain_text(item.get("container-title")),
        publisher=plain_text(item.get("publisher")),
        volume=plain_text(item.get("volume")),
        issue=plain_text(item.get("issue")),
        pages=plain_text(item.get("page")),
        date=date,
        date_precision=precision,
        url=plain_text(item.get("URL")),
        note=plain_text(item.get("note")),
        tags=split_keywords(item.get("keyword")),
        problems=[problem] if problem else [],
    )


def _csl_name(name: dict) -> dict:
    return author_name(
        plain_text(name.get("family")),
        plain_text(name.get("given")),
        plain_text(name.get("literal")),
    )


def _csl_date(issued) -> tuple[str, str, str]:
    if not issued:
        return "", "unknown", ""
    if isinstance(issued, dict) and issued.get("date-parts"):
        parts = issued["date-parts"][0] if issued["date-parts"] else []
        try:
            return date_from_parts([int(p) for p in parts])
        except (TypeError, ValueError):
            return "", "unknown", f"the date {parts!r} is not a date"
    raw = issued.get("raw") or issued.get("literal") if isinstance(issued, dict) else issued
    return parse_date_text(plain_text(raw))
