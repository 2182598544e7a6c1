"""One footnote read into the works it cites, and later notes tied to earlier ones.

A note may cite several works ("See: A; B."), comment before citing ("The authors give a
number of examples... See: A; B"), or only comment. ``Ibid.`` cites the work of the
citation before it; a later note may also cite a work again in short form (its title
alone, or the "hereafter" form the first citation announced), which ties it to that work.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from apps.core.chinese import normalise
from apps.ingest.fields import FUNCTION_WORDS, read_citation
from apps.ingest.markup import clean_markup
from apps.ingest.quoting import at_top_level, quote_spans
from apps.ingest.records import Citation, CitationRef, Footnote, Issue
from apps.ingest.urls import UrlContext

SEE = re.compile(r"(?:^|(?<=[.!?\"”])\s+)(?:See(?:\s+also)?|Cf\.)\s*:?\s+", re.IGNORECASE)
IBID = re.compile(r"^(?:ibid|ibidem|id)\b\.?,?\s*(.*?)\.?$", re.IGNORECASE)
SHORT_FORM_SCORE = 85
PROSE_WORDS = FUNCTION_WORDS | {
    "for",
    "to",
    "on",
    "in",
    "this",
    "that",
    "their",
    "his",
    "her",
    "its",
    "and",
    "with",
}
COPIED_FIELDS = (
    "authors",
    "title",
    "title_original",
    "title_transliterated",
    "venue",
    "venue_original",
    "issuer",
    "publisher",
    "volume",
    "issue",
    "pages",
    "date",
    "url",
    "kind",
    "language",
)


def read_footnote(number: int, text: str, context: UrlContext) -> Footnote:
    footnote = Footnote(number, text)
    body = clean_markup(text)
    see = SEE.search(body)
    if see and see.start() > 0:
        footnote.comment = body[: see.start()].strip()
        body = body[see.end() :]
    elif see:
        body = body[see.end() :]
    for segment in _segments(body):
        if ibid := IBID.match(segment):
            footnote.citations.append(
                Citation(ibid=True, pinpoint=ibid.group(1) or None, text=segment)
            )
            continue
        citation = read_citation(segment, context.with_names(_names_in(segment)))
        if not _is_citation(citation) and citation.title:
            citation.short_form = True  # only if it proves to name a work cited before
        if _is_citation(citation) or citation.short_form:
            footnote.citations.append(citation)
        else:
            footnote.comment = _joined(footnote.comment, segment)
    return footnote


def _joined(*texts: str | None) -> str:
    return " ".join(t for t in texts if t)


def _names_in(segment: str) -> set[str]:
    """Words and initials a link's domain may be named after ("Caijing", "Chinese Academy
    of Sciences" -> cas)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", segment)} - FUNCTION_WORDS
    for run in re.findall(r"(?:[A-Z][a-z]+(?:\s+(?:of|and|for)\s+|\s+))+[A-Z][a-z]+", segment):
        words.add("".join(w[0] for w in run.split() if w[0].isupper()).lower())
    return words


def _segments(text: str) -> list[str]:
    """Split at semicolons that stand outside every quotation and bracket."""
    spans = quote_spans(text)
    cuts = [i for i, char in enumerate(text) if char == ";" and at_top_level(text, i, spans)]
    pieces, start = [], 0
    for cut in cuts:
        following = text[cut + 1 :].lstrip()
        if (
            following[:1].isupper()
            or following[:1] in '"“'
            or re.match("[\u3400-\u9fff]", following)
        ):
            pieces.append(text[start:cut])
            start = cut + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _is_citation(citation: Citation) -> bool:
    """A work is cited when a title, an original title or a link can be read; a sentence
    that is none of these is a comment (unless it proves a short form, see below)."""
    if citation.title_original or citation.url_printed:
        return True
    if not citation.title:
        return False
    quoted = '"' in citation.text or "“" in citation.text
    return (
        quoted
        or bool(citation.authors or citation.date or citation.publisher)
        or (not _is_prose(citation.title))
    )


def _is_prose(text: str) -> bool:
    words = re.findall(r"[A-Za-z']+", text.lower())
    return len(words) >= 8 and sum(w in PROSE_WORDS for w in words) >= 3


def resolve_references(issue: Issue) -> None:
    """Fill ``Ibid.`` and short forms from the citation they refer to; a sentence that
    looked like a short form but names no earlier work is the note's comment."""
    earlier: list[tuple[CitationRef, Citation]] = []
    for chapter_index, chapter in enumerate(issue.chapters):
        previous: tuple[CitationRef, Citation] | None = None
        for footnote in sorted(chapter.footnotes, key=lambda f: f.number):
            kept = []
            for citation in footnote.citations:
                ref = CitationRef(chapter_index, footnote.number, len(kept) + 1)
                if citation.ibid:
                    if previous:
                        _copy(previous, citation)
                    else:
                        issue.warnings.append(f"note {ref.label()}: Ibid. with nothing before it")
                elif citation.short_form or _is_short_form(citation):
                    target = _earlier_full_form(citation, chapter_index, earlier)
                    if target:
                        _copy(target, citation)
                        citation.short_form = True
                    elif citation.short_form:
                        footnote.comment = _joined(footnote.comment, citation.text)
                        continue
                kept.append(citation)
                previous = (ref, citation)
                earlier.append((ref, citation))
            footnote.citations = kept


def _is_short_form(citation: Citation) -> bool:
    """A title alone, perhaps after the author's surname (Li, "Pathways")."""
    printed = (citation.date, citation.url_printed, citation.title_original, citation.publisher)
    surname_only = not citation.venue or re.fullmatch(r"[A-Z][\w'’-]+", citation.venue)
    return not any(printed) and bool(surname_only) and bool(citation.title)


def _earlier_full_form(citation: Citation, chapter: int, earlier) -> tuple | None:
    title = normalise(citation.title)
    best, best_score = None, 0.0
    for ref, candidate in reversed(earlier):
        if candidate.short_form or candidate.ibid:
            continue
        for form in (candidate.title, candidate.short_title):
            if not form:
                continue
            score = fuzz.ratio(title, normalise(form))
            if ref.chapter == chapter:
                score += 1  # prefer the same chapter's citation when two read alike
            if score > best_score:
                best, best_score = (ref, candidate), score
    return best if best_score >= SHORT_FORM_SCORE else None


def _copy(source: tuple[CitationRef, Citation], citation: Citation) -> None:
    ref, origin = source
    citation.refers_to = origin.refers_to or ref
    for name in COPIED_FIELDS:
        value = getattr(origin, name)
        setattr(citation, name, list(value) if isinstance(value, list) else value)
