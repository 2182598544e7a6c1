"""Step 3: write the entries that are new now, in one transaction: publications, ordered
authorships (matching experts by hanzi or pinyin, creating the rest), venues and tags."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from apps.core.chinese import compact, contains_hanzi, name_pinyin, strip_tones
from apps.core.forms import unique_slug
from apps.people.models import Expert, Origin
from apps.people.names import ExpertMatcher, display_name, looks_chinese
from apps.sources.models import Authorship, Language, Publication, Venue, VenueKind

from .assessing import Assessment, assess, invalid_summary
from .entries import DUPLICATE, INVALID, NEW, Entry


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


class InvalidEntriesError(Exception):
    """The file has invalid entries and the import was not partial: nothing was written."""

    def __init__(self, invalid: list[Assessment]):
        super().__init__(f"Nothing was written: {invalid_summary(invalid)}.")


def import_entries(
    entries: list[Entry],
    source_name: str,
    progress: Callable[[list], Iterable] = iter,
    partial: bool = False,
) -> ImportReport:
    """Write the entries that are NEW now, all or none; ``progress`` wraps the loop. Unless
    ``partial``, one invalid entry stops the import (InvalidEntriesError) before any write."""
    with transaction.atomic():
        report = ImportReport(assess(entries))
        invalid = [a for a in report.assessments if a.status == INVALID]
        if invalid and not partial:
            raise InvalidEntriesError(invalid)
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
