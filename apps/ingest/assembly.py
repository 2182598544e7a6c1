"""Notes put back together from the pieces the extraction printed apart.

A page break can cut a note in two, and a badly extracted page can print a note's lines out
of order or push the end of a link into the running text. Every piece that does not start
with a note number is joined to the piece it reads on from, chosen by how well the two
fit: a cut link continued by a piece of link (whose date stamp agrees with the note's date),
an open quotation or parenthesis closed, hanzi continued by hanzi, a word pair the issue
uses elsewhere ("Reform Commission"), and the extraction's own order. The best-fitting pair
is joined first, until no pair fits.

A note printed among another chapter's notes ("7, 14, 8, 9" where the previous chapter
stops at 13) is moved back to the chapter whose numbering it continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from apps.ingest.layout import MONTHS, ChapterLayout, Piece, Vocabulary

HANZI = "\u3400-\u9fff\uf900-\ufaff"
QUOTES = '"“”'
JOIN_THRESHOLD = 0.5
DAY_DATE = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+((?:19|20)\d{{2}})\b")
MONTH_DATE = re.compile(rf"\b({'|'.join(MONTHS)})\s+((?:19|20)\d{{2}})\b")
URL_END_OPEN = re.compile(r"(?:https?://|www\.)\S*[/\-_=?&]$")
# A piece of link: a first token with a slash, an underscore, an extension or a long number.
URL_CONTINUATION = re.compile(
    r"^(?=[^\s,;]*(?:/|_|\.s?html?|\d{5}))[a-z0-9][\w\-./?=&%#]*", re.IGNORECASE
)
STAMP = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])(?!\d)")


@dataclass
class NoteDraft:
    number: int
    pieces: list[Piece]
    remarks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_pieces(self.pieces)


def join_pieces(pieces: list[Piece]) -> str:
    text = ""
    for piece in pieces:
        glued = URL_END_OPEN.search(text) or (
            re.search(f"[{HANZI}]$", text) and re.match(f"[{HANZI}]", piece.text)
        )
        text = piece.text if not text else text + ("" if glued else " ") + piece.text
    return text


@dataclass
class _End:
    """How a note, as joined so far, ends."""

    url_open: bool
    quote_open: bool
    paren_open: bool
    complete: bool
    title_ended: bool
    mid_sentence: bool
    link_expected: bool
    hanzi: bool
    days: set[str]
    months: set[str]


def _end_of(text: str) -> _End:
    url_open = bool(URL_END_OPEN.search(text))
    quote_open = sum(text.count(q) for q in QUOTES) % 2 == 1
    paren_open = sum(map(text.count, "([（【")) > sum(map(text.count, ")]）】"))
    title_ended = bool(re.search(r"[\"”]\s*\.$", text))
    complete = (
        not (url_open or quote_open or paren_open or title_ended)
        and re.search(r"[.。)]$", text) is not None
    )
    days = {f"{y}{MONTHS.index(m) + 1:02d}{int(d):02d}" for d, m, y in DAY_DATE.findall(text)}
    months = {f"{y}{MONTHS.index(m) + 1:02d}" for m, y in MONTH_DATE.findall(text)}
    months |= {y + m for y, m in re.findall(r"/((?:19|20)\d{2})-?(0[1-9]|1[0-2])/", text)}
    return _End(
        url_open,
        quote_open,
        paren_open,
        complete,
        title_ended,
        bool(re.search(rf"[\w,{HANZI}]$", text)),
        bool(re.search(r"\b(?:available (?:at|from)|accessed at|online at|at|from)\s*:?$", text)),
        bool(re.search(f"[{HANZI}]$", text)),
        days,
        months,
    )


@dataclass
class _Start:
    """How a fragment begins."""

    lower: bool
    capital: bool
    hanzi: bool
    leading_closer: bool
    closes_paren_first: bool
    url_continuation: bool
    fresh_link: bool
    stamp: str | None
    has_date_or_url: bool


def _start_of(piece: Piece) -> _Start:
    text = piece.text
    first_quote = min((i for i in (text.find(q) for q in QUOTES) if i >= 0), default=-1)
    closer = text.find(")")
    opener = text.find("(")
    stamp = STAMP.search(text.split()[0]) if text.split() else None
    return _Start(
        text[:1].islower(),
        text[:1].isupper(),
        bool(re.match(f"[{HANZI}]", text)),
        first_quote > 0 and not text[first_quote - 1].isspace(),
        closer >= 0 and (opener < 0 or closer < opener),
        piece.url_tail or bool(URL_CONTINUATION.match(text)) and not text.startswith("http"),
        bool(re.match(r"(?:https?://|www\.)", text)),
        "".join(stamp.groups()) if stamp else None,
        bool(DAY_DATE.search(text) or MONTH_DATE.search(text) or "http" in text),
    )


def _fit(end: _End, start: _Start, adjacent: bool, seam: int) -> float:
    """How well a fragment reads on from the end of a note: above JOIN_THRESHOLD, it does."""
    score = 1.5 if adjacent else 0.0
    if end.url_open:
        if not start.url_continuation:
            return score - 2
        score += 3
        if start.stamp and (end.days or end.months):
            agrees = start.stamp in end.days or start.stamp[:6] in end.months
            score += 2 if agrees else -4
        return score
    if start.fresh_link and not end.complete:
        return score + (3 if end.link_expected else 1)
    if end.complete or start.url_continuation or start.fresh_link:
        return score - 3
    if end.quote_open:
        score += 2 if start.leading_closer else -0.5
    elif start.leading_closer:
        score -= 1.5
    if start.closes_paren_first:
        score += 1.5 if end.paren_open else -1
    if end.hanzi and start.hanzi:
        score += 2.5
    if end.mid_sentence and start.lower:
        score += 1
    if end.title_ended and start.capital and start.has_date_or_url:
        score += 1.5
    if seam >= 2:
        score += 0.75 * min(seam - 1, 4)
    return score


def assemble_chapter(
    chapter: ChapterLayout, vocabulary: Vocabulary
) -> tuple[list[NoteDraft], list[str]]:
    """The chapter's notes in extraction order, and the fragments that fit no note."""
    pieces = chapter.pieces
    successor: dict[int, int] = {}
    predecessor: dict[int, int] = {}
    fragments = [i for i, piece in enumerate(pieces) if piece.number is None]
    starts = {i: _start_of(pieces[i]) for i in fragments}

    def chain_to(i: int) -> list[int]:
        chain = [i]
        while chain[0] in predecessor:
            chain.insert(0, predecessor[chain[0]])
        return chain

    while True:
        best = None
        for a in range(len(pieces)):
            if a in successor:
                continue
            chain = chain_to(a)
            text = join_pieces([pieces[i] for i in chain])
            end = _end_of(text)
            for b in fragments:
                if b in predecessor or b in chain:
                    continue
                adjacent = _adjacent(pieces[a], pieces[b])
                seam = vocabulary.seam(text, pieces[b].text)
                score = _fit(end, starts[b], adjacent, seam)
                rank = (score, -abs(pieces[b].position[0] - pieces[a].position[0]))
                if score > JOIN_THRESHOLD and (best is None or rank > best[0]):
                    best = (rank, a, b)
        if best is None:
            break
        _, a, b = best
        successor[a], predecessor[b] = b, a

    notes = []
    placed: set[int] = set()
    for i, piece in enumerate(pieces):
        if piece.number is None:
            continue
        chain = [i]
        while chain[-1] in successor:
            chain.append(successor[chain[-1]])
        placed.update(chain)
        note = NoteDraft(piece.number, [pieces[j] for j in chain])
        if len(chain) > 1:
            in_order = chain == sorted(chain) and chain[-1] - chain[0] == len(chain) - 1
            note.remarks.append(
                f"joined from {len(chain)} pieces"
                + ("" if in_order else " printed apart or out of order")
            )
        notes.append(note)
    leftovers = [pieces[i].text for i in fragments if i not in placed]
    return notes, leftovers


def _adjacent(a: Piece, b: Piece) -> bool:
    if a.position[0] == b.position[0]:
        return b.position[1] == a.position[1] + 1
    return b.position[0] == a.position[0] + 1


def place_displaced(chapters: list[list[NoteDraft]], titles: list[str]) -> None:
    """Move a note printed among the next chapter's notes back to its own chapter: a note
    out of sequence ("1, 2, 7, 3") whose number the previous chapter lacks."""
    for k in range(1, len(chapters)):
        notes = chapters[k]
        i = 0
        while i < len(notes):
            highest = max((n.number for n in notes[:i]), default=0)
            following = notes[i + 1].number if i + 1 < len(notes) else None
            intruder = notes[i].number > highest + 1 and following == highest + 1
            previous = {n.number for n in chapters[k - 1]}
            lacks = (
                notes[i].number not in previous and notes[i].number <= max(previous, default=0) + 1
            )
            if intruder and lacks:
                note = notes.pop(i)
                note.remarks.append(f"printed among the notes of {titles[k]!r}; moved back")
                chapters[k - 1].append(note)
                continue
            i += 1
