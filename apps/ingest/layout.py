"""The shape of an issue as extracted: its title and month, its chapters with their bylines,
and in each chapter the running text told apart from the pieces of its notes.

The extractor gives one paragraph per block (blocks are separated by blank lines). A chapter
starts where a heading is followed by a byline: "by X" or a line that is only a name (one of
those "About the authors" lists, when the issue has that section). Inside a chapter, notes
sit between paragraphs wherever the page ended, a paragraph may be cut by them and resume in
lower case, and a note may be cut into pieces printed apart; :mod:`apps.ingest.assembly`
puts the pieces back together.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from apps.core.chinese import compact
from apps.ingest.errors import BadInput
from apps.ingest.markup import clean_markup, read_number

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)})\s+((?:19|20)\d{{2}})\b")
BANNER = re.compile(r"^china\s*analysis$", re.IGNORECASE)
END_MATTER = re.compile(r"^(about the authors?|about ecfr)$|^©", re.IGNORECASE)
NAME_TOKEN = r"(?:[A-ZÀ-Þ][\w'’.-]*|van|von|de|da|der|den|du|la|le|di)"
PERSON = re.compile(rf"^[A-ZÀ-Þ][\w'’.-]*(?:\s+{NAME_TOKEN}){{1,3}}$")
BIO = re.compile(rf"^([A-ZÀ-Þ][\w'’.-]*(?:\s+{NAME_TOKEN}){{1,3}})\s+(?:is|was|has)\b")
URL_TAIL = re.compile(
    r"^[a-z0-9][\w\-./?=&%]*\d[\w\-./?=&%]*(?:\s+[\w\-./?=&%]+){0,2}\.?$", re.IGNORECASE
)
CITATION_SIGNS = re.compile(r"https?://|www\.|available at|\.s?html?\b", re.IGNORECASE)
TERMINAL = re.compile(r"[.?!。？！\"”’)\]]\s*[\d⁰¹²³⁴⁵⁶⁷⁸⁹*]*$")
# A citation ends with a link, a year, a closing parenthesis or "On file with author.".
CITATION_END = re.compile(r"(\.s?html?|\.pdf|/|\b(?:19|20)\d{2}|\)|author)\.$", re.IGNORECASE)
NEXT_NOTE_IN_LINE = re.compile(r"(?<=\.)\s+(\d{1,3})\s+(?=[\"“A-Z\u3400-\u9fff])")


@dataclass
class Piece:
    """A note's start (with its number) or a fragment of one, in extraction order."""

    position: tuple[int, int]  # (block index, part of the block)
    text: str
    number: int | None = None
    url_tail: bool = False


@dataclass
class ChapterLayout:
    title: str
    analysts: list[str]
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Vocabulary:
    """Words of the running text (to tell a word from debris) and the word sequences of every
    block (to tell which note fragments read on from which)."""

    words: Counter = field(default_factory=Counter)
    ngrams: set[tuple[str, ...]] = field(default_factory=set)

    LONGEST = 6

    def add(self, text: str, running: bool) -> None:
        tokens = words_of(text)
        if running:
            self.words.update(tokens)
        lowered = [t.lower() for t in tokens]
        for n in range(2, self.LONGEST + 1):
            self.ngrams.update(zip(*(lowered[i:] for i in range(n)), strict=False))

    def seam(self, left: str, right: str) -> int:
        """The longest run of words across the join of two texts that the issue prints
        elsewhere (0 if none): "...Development and Reform" + "Commission and other..."."""
        tail = [t.lower() for t in words_of(left)[-(self.LONGEST - 1) :]]
        head = [t.lower() for t in words_of(right)[: self.LONGEST - 1]]
        best = 0
        for i in range(1, len(tail) + 1):
            for j in range(1, min(len(head), self.LONGEST - i) + 1):
                if tuple(tail[-i:] + head[:j]) in self.ngrams:
                    best = max(best, i + j)
        return best

    @property
    def lower_words(self) -> set[str]:
        return {w.lower() for w in self.words}


def words_of(text: str) -> list[str]:
    return re.findall(r"[\w'’]+", re.sub(r"(?:https?://|www\.)\S+", " ", text))


@dataclass
class Layout:
    title: str
    date: str | None
    chapters: list[ChapterLayout]
    vocabulary: Vocabulary
    warnings: list[str] = field(default_factory=list)


def blocks_of(text: str) -> list[str]:
    """Paragraphs: a line that ends in ``-`` or ``/`` runs into the next without a space."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\f", "\n\n")):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        joined = ""
        for line in lines:
            joined += ("" if not joined or joined.endswith(("-", "/")) else " ") + line
        if joined:
            blocks.append(joined)
    return blocks


def read_layout(text: str) -> Layout:
    blocks = blocks_of(text)
    if not blocks:
        raise BadInput("the file has no text")
    vocabulary = Vocabulary()
    title_at = _title_index(blocks)
    end = next((i for i, b in enumerate(blocks) if i > title_at and END_MATTER.match(b)), None)
    end = len(blocks) if end is None else end
    known = _about_the_authors(blocks[end:])
    starts = [
        (i, names)
        for i in range(title_at + 1, end - 1)
        if _is_heading(blocks[i])
        and (names := _byline(blocks[i + 1], known, _prose_follows(blocks, i + 2)))
    ]
    if not starts:
        raise BadInput("this does not look like a China Analysis issue: no chapter with a byline")
    for block in blocks[starts[0][0] : end]:
        vocabulary.add(block, running=len(block) > 200)
    chapters = []
    for n, (start, names) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else end
        chapter = ChapterLayout(_repair_heading(blocks[start], vocabulary), names)
        chapter.pieces = _note_pieces(blocks, start + 2, stop)
        chapters.append(chapter)
    layout = Layout(
        _issue_title(blocks[title_at], vocabulary), _issue_date(blocks), chapters, vocabulary
    )
    if end == len(blocks) and not TERMINAL.search(blocks[-1]):
        raise BadInput(
            f"the text ends mid-sentence in chapter {chapters[-1].title!r} with no end matter: "
            "is the file truncated?"
        )
    return layout


def _title_index(blocks: list[str]) -> int:
    for i, block in enumerate(blocks[:15]):
        words = block.split()
        if BANNER.match(block) or block.upper() in ("ABOUT", "CONTENTS") or len(words) < 2:
            continue
        if len(words) <= 25 and not block.endswith("."):
            return i
    raise BadInput("this does not look like a China Analysis issue: no title at the top")


def _issue_title(block: str, vocabulary: Vocabulary) -> str:
    """An all-capitals title recased as the issue's own text writes each word."""
    if not block.isupper():
        return block
    words = re.split(r"(\s+)", block)
    out = []
    for word in words:
        bare = re.sub(r"\W", "", word)
        if not bare:
            out.append(word)
            continue
        forms = [bare.lower(), bare.capitalize(), bare]
        best = max(forms, key=lambda form: vocabulary.words[form])
        out.append(word.replace(bare, best if vocabulary.words[best] else bare.lower()))
    title = "".join(out)
    return title[:1].upper() + title[1:]


def _issue_date(blocks: list[str]) -> str | None:
    """The month of issue: a line that is only "October 2018", else a copyright line."""
    standalone = [MONTH_YEAR.fullmatch(b) for b in blocks]
    copyright_lines = [MONTH_YEAR.search(b) for b in blocks if b.startswith("©")]
    for match in [m for m in standalone if m] + [m for m in copyright_lines if m]:
        return f"{match.group(2)}-{MONTHS.index(match.group(1)) + 1:02d}"
    return None


def _about_the_authors(blocks: list[str]) -> set[str]:
    return {compact(m.group(1)) for b in blocks if (m := BIO.match(b))}


def _is_heading(block: str) -> bool:
    words = block.split()
    return (
        0 < len(words) <= 15
        and block[0].isupper()
        and not re.search(r"[.;,]$", block)
        and not CITATION_SIGNS.search(block)
        and '"' not in block
        and read_number(block, plain_digits=False)[0] is None
    )


def _prose_follows(blocks: list[str], i: int) -> bool:
    return i < len(blocks) and len(blocks[i]) > 200


def _byline(block: str, known: set[str], prose_follows: bool) -> list[str] | None:
    """The chapter's analysts: "by X and Y", or a line of names that "About the authors"
    lists, or (an author missing from that list) names followed by the chapter's text."""
    by = re.match(r"^by\s+(.+)$", block, re.IGNORECASE)
    names = [n for n in re.split(r"\s*(?:,|&|\band\b)\s*", by.group(1) if by else block) if n]
    if not names or not all(PERSON.match(name) and len(name) <= 40 for name in names):
        return None
    if by or not known or any(compact(name) in known for name in names) or prose_follows:
        return names
    return None


def _repair_heading(title: str, vocabulary: Vocabulary) -> str:
    """OCR reads "AI" as "Al": trust the running text, which says which it uses."""
    if vocabulary.words["AI"] > 3 * vocabulary.words["Al"]:
        title = re.sub(r"\bAl\b", "AI", title)
    return title


def _note_pieces(blocks: list[str], start: int, stop: int) -> list[Piece]:
    """A chapter's note starts and note fragments, in extraction order; running text and
    section headings are left out."""
    pieces: list[Piece] = []
    seen: set[int] = set()
    body_open = False
    for index in range(start, stop):
        block = blocks[index]
        highest = max(seen, default=0)
        number, rest = read_number(block, plain_digits=False)
        if number is None and re.match(r"^\d{1,3}[\s\"“\u3400-\u9fff]", block):
            plain, plain_rest = read_number(block)
            citing = (
                len(plain_rest) <= 200 or CITATION_SIGNS.search(plain_rest) or '"' in plain_rest
            )
            if plain is not None and plain <= highest + 5 and citing:
                number, rest = plain, plain_rest
        if number is not None:
            parts = _split_inline_starts(rest, seen | {number}, max(highest, number))
            pieces.append(Piece((index, 0), parts[0][1], number))
            seen.add(number)
            for part, (inline_number, text) in enumerate(parts[1:], start=1):
                pieces.append(Piece((index, part), text, inline_number))
                seen.add(inline_number)
            continue
        if _is_heading(block) and not URL_TAIL.match(block):
            continue
        text = clean_markup(block)
        if URL_TAIL.match(text) or re.match(r"(?:https?://|www\.)", text):
            pieces.append(Piece((index, 0), text, url_tail=True))
        elif body_open and text[:1].islower() or _is_prose(text):
            body_open = not TERMINAL.search(text)
        else:
            parts = _split_inline_starts(text, seen, highest)
            pieces.append(Piece((index, 0), parts[0][1]))
            for part, (inline_number, inline_text) in enumerate(parts[1:], start=1):
                pieces.append(Piece((index, part), inline_text, inline_number))
                seen.add(inline_number)
    return pieces


def _is_prose(text: str) -> bool:
    """Running text, not a piece of a note: long, or a dozen words with no quotation marks."""
    if CITATION_SIGNS.search(text):
        return False
    return len(text) > 200 or (len(text.split()) >= 12 and not re.search('["“”]', text))


def _split_inline_starts(text: str, seen: set[int], highest: int) -> list[tuple[int | None, str]]:
    """A line can carry the end of one note and the start of the next ("...9858.htm. 11
    Observing ..."): split it where an unseen note number follows a full stop."""
    parts: list[tuple[int | None, str]] = []
    number, cursor = None, 0
    for match in NEXT_NOTE_IN_LINE.finditer(text):
        candidate = int(match.group(1))
        if not CITATION_END.search(text[: match.start()]):
            continue
        if candidate in seen or not 1 < candidate <= highest + 5:
            continue
        parts.append((number, text[cursor : match.start()].strip()))
        number, cursor = candidate, match.end()
        seen = seen | {candidate}
    parts.append((number, text[cursor:].strip()))
    return parts
