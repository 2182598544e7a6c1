"""One citation read into its fields: authors, titles, venue, date, volume, pages, link.

A citation is read as a sequence of elements: quotations, bracketed groups, hanzi runs and
the plain text between commas. Whatever precedes the first title and reads as a list of
names is the authors (with the hanzi printed beside each); quotations are the English and
original titles; after them come the venue (with its Chinese name), the issuer or publisher,
volume, issue, pages and date. Citations whose title is not quoted (books, in italics in
print) take the text up to the publisher as the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apps.core.chinese import compact, syllables
from apps.ingest.layout import MONTHS
from apps.ingest.quoting import HANZI, at_top_level, group_spans, quote_spans, stray_closer
from apps.ingest.records import Author, Citation
from apps.ingest.urls import UrlContext, find_urls

MONTH = "|".join(MONTHS)
DATES = (  # most precise first
    (re.compile(rf"\b(\d{{1,2}})\s+({MONTH})\s+((?:19|20)\d{{2}})\b"), "day"),
    (re.compile(rf"\b({MONTH})\s+(\d{{1,2}}),\s+((?:19|20)\d{{2}})\b"), "day-us"),
    (re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(rf"\b({MONTH})\s+((?:19|20)\d{{2}})\b"), "month"),
)
YEAR_ONLY = re.compile(r"^\(?((?:19|20)\d{2})\)?(?:\s*(?:No\.?|\()\s*(\d+)\)?)?$")
HANZI_RUN = re.compile(
    '[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff、。，,：:；·《》“”？！?\\s\\d+"—-]*'
    "[\u3400-\u9fff\uf900-\ufaff》”]|[\u3400-\u9fff\uf900-\ufaff]"
)
LEADING_DIGITS = re.compile(r"(\d+)$")
PERSON = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,2}$")
NOT_A_NAME = re.compile(
    r"\b(Times|Post|Daily|News|Journal|Review|Press|University|Institute|Weekly|Magazine|"
    r"Council|Commission|Ministry|Centre|Center|Agency|Network|Online|Monitor|Reform)\b"
)
INSTITUTION = re.compile(
    r"\b(Council|Commission|Ministry|Administration|Office|Bureau|Committee|Centre|Center|"
    r"Institute|Academy|University|Department|Agency|Government|Association|Foundation|"
    r"Corporation|Court|Congress)\b"
)
PUBLISHER = re.compile(r"\b(Press|Publishing|Publishers|Verlag|Books)\b|出版社")
ISSUED_BY = re.compile(r"^(?:released|issued|published|adopted)\s+by\s+(?:the\s+)?", re.I)
PROSE_ISSUER = re.compile(r"\bthe\s+((?:[A-Z][\w'’-]*\s*)+?)\s+(?:issued|released|published)\b")
FUNCTION_WORDS = {"the", "a", "an", "of", "is", "are", "was", "were", "be", "can", "has", "have"}


@dataclass
class Element:
    kind: str  # "quote", "group", "hanzi", "text"
    text: str


def read_citation(text: str, context: UrlContext) -> Citation:
    citation = Citation(text=text)
    text = _set_aside(text, citation)
    text = _take_link(text, citation, context)
    if (stray := stray_closer(text)) is not None and '"' not in text[:stray]:
        lead = re.match(r"\s*", text).end()
        text = text[:lead] + '"' + text[lead:]  # "... Plan" [..." printed without its opening mark
    _interpret(_elements(text), citation)
    _pair_hanzi_names(citation)
    citation.language = "zh" if citation.title_original else "en"
    citation.kind = _kind(citation)
    return citation


def _set_aside(text: str, citation: Citation) -> str:
    """Remove what is not the work itself: a "hereafter" form, "On file with author"."""
    hereafter = re.search(r"[\s,(]*[–—-]?\s*\(?\s*\bhereafter\b,?\s*(.*)$", text, re.IGNORECASE)
    if hereafter:
        short = re.sub(r"^[A-Z][\w'’-]+,\s*(?=[\"“])", "", hereafter.group(1).strip())
        citation.short_title = short.strip(" .)\"“”'") or None
        text = text[: hereafter.start()]
    on_file = re.search(r"\.?\s*On file with (?:the )?authors?\.?", text, re.IGNORECASE)
    if on_file:
        citation.on_file = True
        text = text[: on_file.start()] + ". " + text[on_file.end() :]
    return text.strip().rstrip(".").strip()


def _take_link(text: str, citation: Citation, context: UrlContext) -> str:
    found = find_urls(text, context)
    spans = quote_spans(text)
    for url in found:
        before = text[: url.start]
        if at_top_level(text, url.start, spans) and _in_commentary(before):
            break  # "A summary ... can be found at <link>": not the work's own link
        citation.url, citation.url_printed = url.url, url.printed
        citation.url_repairs, citation.url_withheld = url.repairs, url.withheld
        intro = re.search(
            r"(?:,\s*)?(?:available\s+(?:at|from|online at)|at|online:?)\s*$", before, re.I
        )
        start = intro.start() if intro else url.start
        return (text[:start] + text[url.end :]).strip()
    if found:
        return text[: found[0].start].rsplit(". ", 1)[0]
    return text


def _in_commentary(before: str) -> bool:
    """The link follows a sentence of its own about the work rather than the citation."""
    sentences = re.split(r"(?<=[.?!\"”])\s+(?=[A-Z])", before)
    if len(sentences) < 2:
        return False
    words = re.findall(r"[A-Za-z']+", sentences[-1].lower())
    verbs = {"is", "are", "was", "were", "be", "been", "can", "found"}
    return sum(w in FUNCTION_WORDS for w in words) >= 3 and bool(verbs & set(words))


def _elements(text: str) -> list[Element]:
    quotes = quote_spans(text)
    groups = group_spans(text, quotes)
    items = sorted([(s, e, "quote") for s, e in quotes] + [(s, e, "group") for s, e in groups])
    elements, cursor = [], 0
    for start, end, kind in items:
        shares_mark = (
            kind == "quote" and start == cursor - 1
        )  # "原题 "English": one mark, two titles
        if start < cursor and not shares_mark:
            continue
        elements += _plain(text[cursor:start]) if not shares_mark else []
        elements.append(Element(kind, text[start + 1 : end].strip()))
        cursor = end + 1
    return elements + _plain(text[cursor:])


def _plain(chunk: str) -> list[Element]:
    elements = []
    # A full stop ends a part, unless it ends an initial or "pp.", "p.", "No.", "vol.".
    for part in re.split(r"[,，;]|(?<![A-Z])(?<!pp)(?<!\sp)(?<!No)(?<!vol)\.\s", chunk):
        part = part.strip(" .'’\"“”:")
        cursor = 0
        for run in HANZI_RUN.finditer(part):
            if latin := part[cursor : run.start()].strip(" .'’"):
                elements.append(Element("text", latin))
            elements.append(Element("hanzi", run.group(0).strip()))
            cursor = run.end()
        if latin := part[cursor:].strip(" .'’"):
            elements.append(Element("text", latin))
    return elements


def _interpret(elements: list[Element], c: Citation) -> None:
    phase, leftovers = "authors", []
    last = None  # what the previous element was read as
    for el in elements:
        if phase == "authors":
            if el.kind == "text" and (names := _names(el.text)):
                c.authors += [Author(name) for name in names]
                last = "author"
                continue
            if el.kind == "group" and last == "author" and not _date(el.text):
                if HANZI.search(el.text):
                    c.authors[-1].name_original = _join_hanzi(el.text)
                else:
                    c.authors[-1].affiliation = el.text
                continue
            if el.kind == "hanzi" and not c.title_original:
                _leading_hanzi(el.text, c)
                last = "title"
                continue
            dated = el.kind == "text" or el.kind == "group" and '"' not in el.text
            if dated and _date(el.text) and not _names(el.text):
                _take_date(el.text, c)
                if issuer := PROSE_ISSUER.search(el.text):
                    c.issuer = issuer.group(1)
                continue
            phase = "titles"
        if el.kind == "quote":
            if HANZI.search(el.text) and not c.title_original:
                c.title_original = _hanzi_title(el.text, c)
            elif not HANZI.search(el.text) and not c.title:
                c.title = el.text
            last = "title"
        elif el.kind == "group":
            last = _group(el.text, c, last)
        elif el.kind == "hanzi":
            if last == "venue" and not c.venue_original:
                c.venue_original = _join_hanzi(el.text)
            elif not c.title_original:
                c.title_original = _join_hanzi(el.text)
            else:
                c.venue_original = c.venue_original or _join_hanzi(el.text)
                last = "venue-original"
        else:
            last = _after_title(el.text, c, leftovers) or last
    if not c.title and not c.title_original:
        _unquoted_title(leftovers, c)


def _names(text: str) -> list[str] | None:
    text = re.sub(r"^(?:and|&)\s+", "", text.strip())
    names = [n.strip() for n in re.split(r"\s+(?:and|&)\s+", text) if n.strip()]
    if names and all(PERSON.match(n) and not NOT_A_NAME.search(n) for n in names):
        return names
    return None


def _leading_hanzi(run: str, c: Citation) -> None:
    """Hanzi before any title: a name (黄琪轩, 冯 昭奎), or a title with the venue before it
    (科学网 新一轮技术革命…)."""
    joined = _join_hanzi(run)
    if len(joined) <= 4:
        c.authors.append(Author("", joined))  # its Latin-script form is printed later
        return
    parts = run.split()
    if len(parts) > 1 and all(len(p) >= 2 for p in parts):
        longest = max(parts, key=len)
        c.venue_original = " ".join(parts[: parts.index(longest)]) or None
        joined = longest
    c.title_original = joined


def _pair_hanzi_names(c: Citation) -> None:
    """A hanzi name printed before the Latin one (冯 昭奎 ... Feng Zhaokui): pair by pinyin."""
    unnamed = [a for a in c.authors if not a.name]
    named = [a for a in c.authors if a.name]
    for author in unnamed:
        reading = "".join(syllables(author.name_original or ""))
        partner = next((a for a in named if compact(a.name) == reading), None)
        if partner and not partner.name_original:
            partner.name_original = author.name_original
        elif not partner:
            c.venue_original = c.venue_original or author.name_original
    c.authors = named


def _hanzi_title(text: str, c: Citation) -> str:
    if match := re.match(r"^\((\d{4})\)\s*", text):
        _take_date(match.group(1), c)
        text = text[match.end() :]
    return _join_hanzi(text)


def _join_hanzi(text: str) -> str:
    """Spaces the extraction put between two hanzi removed (冯 昭奎 -> 冯昭奎)."""
    text = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", text.strip())
    return text.strip(" ,，")


def _group(text: str, c: Citation, last: str | None) -> str | None:
    if re.fullmatch(r"\(?\d{4}\s*[—–-]\s*\d{4}\)?", text):
        return last  # the years a plan covers, not the date
    if HANZI.search(text):
        hanzi = HANZI_RUN.search(text)
        original = _join_hanzi(text[: hanzi.end()])
        rest = text[hanzi.end() :].strip()
        if last == "title" and not c.title_original:
            c.title_original = original
            if rest and re.fullmatch(r"[a-z \"'-]+", rest):
                c.title_transliterated = rest
            return "title-original"
        if last == "venue" and not c.venue_original:
            c.venue_original = original
        return last
    if '"' in text or "“" in text:  # an English gloss of a note printed in Chinese
        gloss = Citation()
        _interpret(_elements(text), gloss)
        title = gloss.title or ""
        first, sep, rest = title.partition(". ")
        if sep and c.venue_original and len(first.split()) <= 4:
            c.venue, title = first, rest
        c.title = c.title or title or None
        c.date = c.date or gloss.date
        return "title"
    if re.fullmatch(r"\d{1,3}", text) and c.date and not c.issue:
        c.issue = text  # 2018(1)
    elif _date(text):
        _take_date(text, c)
    return last


def _after_title(text: str, c: Citation, leftovers: list[str]) -> str | None:
    if match := re.match(r"^vol(?:ume|\.)?\s*(\w+)$", text, re.I):
        c.volume = match.group(1)
        return None
    if match := re.match(r"^(?:no\.?|issue)\s*(\d+)$", text, re.I):
        c.issue = match.group(1)
        return None
    if match := re.match(r"^pp?\.\s*([\d\s–—-]+)$", text, re.I):
        c.pages = re.sub(r"\s*[–—]\s*|\s+-\s+", "-", match.group(1).strip())
        return None
    if _date(text) and (YEAR_ONLY.match(text) or _is_date_only(text)):
        _take_date(text, c)
        return None
    if match := ISSUED_BY.match(text):
        c.issuer = text[match.end() :]
        return "issuer"
    if match := PROSE_ISSUER.search(text):
        c.issuer = c.issuer or match.group(1)
    if _date(text) and len(text.split()) > 4:
        _take_date(text, c)  # a date in a sentence: "On 1 July 2015 the State Council issued the"
        return None
    leftovers.append(text)
    if not re.match(r"^[A-Z0-9]", text):
        return None
    if PUBLISHER.search(text):
        c.publisher = c.publisher or text
        return "publisher"
    if not c.venue and not INSTITUTION.search(text):
        c.venue = text
        return "venue"
    if not c.venue and not c.issuer:
        c.issuer = text
        return "issuer"
    return None


def _is_date_only(text: str) -> bool:
    stripped = text
    for pattern, _ in DATES:
        stripped = pattern.sub("", stripped)
    return not stripped.strip(" ,.()")


def _unquoted_title(leftovers: list[str], c: Citation) -> None:
    """A title not in quotation marks: a book's (up to its publisher) or a short form's."""
    if not leftovers:
        return
    if len(leftovers) >= 2 and c.date and re.match(r"^[A-Z]", leftovers[-1]):
        c.title = ", ".join(leftovers[:-1])
        c.publisher, c.venue = leftovers[-1], None
    else:
        c.title = c.text.strip().removeprefix("See:").strip().rstrip(".")
        c.venue = None


def _date(text: str) -> str | None:
    for pattern, kind in DATES:
        if match := pattern.search(text):
            if kind == "day":
                day, month, year = match.groups()
                return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
            if kind == "day-us":
                month, day, year = match.groups()
                return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"
            if kind == "iso":
                return "-".join(match.groups())
            month, year = match.groups()
            return f"{year}-{MONTHS.index(month) + 1:02d}"
    if match := YEAR_ONLY.match(text.strip()) or re.fullmatch(r"((?:19|20)\d{2})\((\d+)\)", text):
        return match.group(1)
    return None


def _take_date(text: str, c: Citation) -> None:
    """Keep the most precise date the citation prints."""
    date = _date(text)
    if date and (not c.date or len(date) > len(c.date)):
        c.date = date
    issue = re.search(r"(?:No\.?\s*|\()(\d+)\)?$", text.strip())
    if issue and not c.issue and re.match(r"^\(?(19|20)\d{2}", text.strip()):
        c.issue = issue.group(1)


def _kind(c: Citation) -> str:
    venue = (c.venue or "").lower()
    if c.publisher and not c.venue:
        return "book"
    if c.volume or c.issue:
        return "journal_article"
    if c.pages:
        return "book_chapter"
    if "symposium" in venue or "conference" in venue and c.on_file:
        return "conference_paper"
    if c.issuer and not c.authors:
        return "policy_document"
    if c.venue and c.date and len(c.date) == 10:
        return "news_article"
    return "web_page" if c.url else "other"
