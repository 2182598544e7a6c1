"""What an ingest reads from an issue, and what it decides about each cited work.

Plain dataclasses that survive a round trip through JSON (``to_dict`` / ``from_dict``), so a
later staging step can store an ingest as it is, a reviewer can correct any field, and
publishing can create the records from the corrected copy.
"""

from __future__ import annotations

import types
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Union, get_args, get_origin, get_type_hints


class Record:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        hints = get_type_hints(cls)
        values = {
            f.name: _revive(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data
        }
        return cls(**values)


def _revive(hint, value):
    """Rebuild nested records from their dicts, following the field's type hint."""
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _revive(inner, value)
    if origin is list:
        (inner,) = get_args(hint)
        return [_revive(inner, item) for item in value]
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value)
    return value


@dataclass
class Author(Record):
    name: str
    name_original: str | None = None  # the hanzi printed beside the name, if any
    affiliation: str | None = None  # "(Peking University China Credit Research Centre Director)"


@dataclass
class CitationRef(Record):
    """Where a citation sits: chapter (0 = introduction), note number, position in the note."""

    chapter: int
    note: int
    index: int

    def label(self) -> str:
        return f"{self.chapter}.{self.note}.{self.index}"


@dataclass
class Match(Record):
    """The decision about one cited thing: an existing record (``slug``) or a proposed one
    (``proposal``), with the reason the review screen shows ("same URL", "fuzzy 93")."""

    slug: str | None = None
    proposal: str | None = None
    reason: str = ""
    # Near misses a reviewer may prefer: [{"slug": ..., "reason": ...}]
    candidates: list[dict] = field(default_factory=list)


@dataclass
class Citation(Record):
    authors: list[Author] = field(default_factory=list)
    title: str | None = None
    title_original: str | None = None
    title_transliterated: str | None = None
    venue: str | None = None
    venue_original: str | None = None
    issuer: str | None = None  # a body that issued the work ("State Council")
    publisher: str | None = None  # a book's publisher
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    date: str | None = None  # at the printed precision: "2019", "2019-07", "2019-07-14"
    url: str | None = None  # the link to store: repaired only where the repair is certain
    url_printed: str | None = None
    url_repairs: list[str] = field(default_factory=list)
    url_withheld: str | None = None  # why a printed link is not stored
    on_file: bool = False  # "On file with author"
    ibid: bool = False
    short_form: bool = False  # a later, shortened citation of a work cited in full before
    refers_to: CitationRef | None = None
    pinpoint: str | None = None  # "p. 5" of an Ibid.
    short_title: str | None = None  # the "hereafter" form the note announces
    kind: str | None = None  # a guess at the publication kind, for the proposal
    language: str | None = None
    text: str = ""  # this citation's part of the note
    work: str | None = None  # key of the work it cites (shared by every citation of it)
    publication: Match | None = None
    experts: list[Match] = field(default_factory=list)  # one per author, in order
    venue_match: Match | None = None
    issuer_match: Match | None = None

    @property
    def author_names(self) -> list[str]:
        return [author.name for author in self.authors]


@dataclass
class Footnote(Record):
    number: int
    text: str
    citations: list[Citation] = field(default_factory=list)
    comment: str | None = None  # what the note says beside (or instead of) citing
    reconstruction: list[str] = field(default_factory=list)  # how the note was put together


@dataclass
class Chapter(Record):
    title: str
    analysts: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)


@dataclass
class Issue(Record):
    title: str
    date: str | None = None  # "YYYY-MM"
    chapters: list[Chapter] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def citations(self):
        """Every citation with its place, in printed order."""
        for chapter_index, chapter in enumerate(self.chapters):
            for footnote in chapter.footnotes:
                for index, citation in enumerate(footnote.citations, start=1):
                    yield CitationRef(chapter_index, footnote.number, index), citation


@dataclass
class Proposal(Record):
    """A record the ingest would create: ``kind`` is "publication", "expert" or "venue"."""

    key: str
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)
    cited_in: list[CitationRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed forms, disagreements, near misses


@dataclass
class IngestResult(Record):
    issue: Issue
    proposals: list[Proposal] = field(default_factory=list)
    seconds: float = 0.0

    def proposals_of(self, kind: str) -> list[Proposal]:
        return [p for p in self.proposals if p.kind == kind]
