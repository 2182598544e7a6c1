"""Step 2: each entry NEW, DUPLICATE (of a record, or of an earlier entry in the file) or
INVALID with the reason, and the existing experts its authors are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from apps.core.duplicates import Match
from apps.core.inert import validate_web_url
from apps.people.models import Expert
from apps.people.names import ExpertMatcher, display_name
from apps.sources.duplicates import PublicationIndex
from apps.sources.models import Publication

from .entries import DUPLICATE, INVALID, NEW, Entry


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

    @property
    def label(self) -> str:
        """Which entry of the file: ``#3 "broken" (line 19)``, with what the format gives."""
        entry = self.entry
        key = f' "{entry["key"]}"' if entry.get("key") else ""
        line = f" (line {entry['line']})" if entry.get("line") else ""
        return f"#{entry['number']}{key}{line}"


def invalid_summary(invalid: list[Assessment]) -> str:
    """``2 entries are invalid (#3 "broken" (line 19), #5)``."""
    count = len(invalid)
    verb = "entry is" if count == 1 else "entries are"
    return f"{count} {verb} invalid ({', '.join(a.label for a in invalid)})"


def rejections(assessments: Iterable[Assessment], file_name: str) -> list[str]:
    """One line per invalid entry: the file, the entry and why."""
    return [
        f"{file_name}: entry {a.label}: {'; '.join(a.reasons)}"
        for a in assessments
        if a.status == INVALID
    ]


TITLE_MAX = Publication._meta.get_field("title").max_length


def problems(entry: Entry) -> list[str]:
    found = list(entry.get("problems", []))
    if entry.get("unreadable"):
        return found
    if not entry.get("title"):
        found.append("no title")
    for name in ("title", "title_original"):
        if len(entry.get(name, "")) > TITLE_MAX:
            found.append(f"a title longer than {TITLE_MAX} characters")
    if entry.get("url"):
        try:
            validate_web_url(entry["url"])
        except ValidationError as error:
            found.append(f"the URL {entry['url']!r} is not a web address ({error.messages[0]})")
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
