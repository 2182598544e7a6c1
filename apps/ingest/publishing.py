"""Publishing a reviewed draft: every record of the issue written in one transaction.

The analysis (with a publication record of the issue itself), its chapters with their
analysts, the footnotes, the new publications, experts and venues of the citations
published as new, and each footnote's links to the publications it cites (matched,
re-matched or new; rejected citations are not written). Every row's history names the
researcher who published; the data version is replaced once, at the end, so cached counts
and pages are right as soon as the transaction commits. A draft is published once: again,
nothing is added.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from apps.analysis.models import Analysis, Analyst, Chapter, ChapterAnalyst, Citation, Footnote
from apps.core.chinese import contains_hanzi
from apps.core.forms import unique_slug
from apps.core.models import DataVersion, DatePrecision
from apps.ingest.models import Decision, DraftAnalysis, DraftCitation, DraftStatus
from apps.people.models import Expert, Institution, Origin
from apps.sources.models import (
    Authorship,
    Language,
    Publication,
    PublicationKind,
    Venue,
    VenueKind,
)

VENUE_KINDS = {
    "journal_article": VenueKind.JOURNAL,
    "news_article": VenueKind.NEWSPAPER,
    "web_page": VenueKind.WEBSITE,
    "conference_paper": VenueKind.CONFERENCE,
}
PRECISIONS = {4: DatePrecision.YEAR, 7: DatePrecision.MONTH, 10: DatePrecision.DAY}


class PublishError(Exception):
    """The draft cannot be published as it stands; nothing was written."""


@dataclass
class Published:
    draft: DraftAnalysis
    already: bool = False
    counts: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        draft = self.draft
        if self.already:
            return (
                f"“{draft.title}” was published already "
                f"({draft.published_at:%Y-%m-%d %H:%M}): nothing was added."
            )
        c = self.counts
        return (
            f"Published “{draft.title}”: {c['chapters']} chapters, {c['footnotes']} footnotes, "
            f"{c['links']} links to publications; new: {c['publications']} publications, "
            f"{c['experts']} experts, {c['venues']} venues; "
            f"{c['rejected']} rejected citations not written."
        )


def partial_date(text: str) -> tuple[datetime.date | None, str]:
    """'2019' / '2019-07' / '2019-07-14' as a date and its precision; (None, unknown) else."""
    text = (text or "").strip()
    precision = PRECISIONS.get(len(text))
    padded = {4: "-01-01", 7: "-01", 10: ""}.get(len(text), "")
    try:
        return datetime.date.fromisoformat(text + padded), precision
    except (TypeError, ValueError):
        return None, DatePrecision.UNKNOWN


def publish(draft: DraftAnalysis, user=None) -> Published:
    with transaction.atomic():
        draft = DraftAnalysis.objects.select_for_update().get(pk=draft.pk)
        if draft.status == DraftStatus.PUBLISHED:
            return Published(draft, already=True)
        writer = _Writer(draft, user)
        with DataVersion.replaced_once():
            draft.analysis = writer.write()
        draft.status = DraftStatus.PUBLISHED
        draft.published_by, draft.published_at = user, timezone.now()
        draft.save()
    return Published(draft, counts=writer.counts)


class _Writer:
    def __init__(self, draft: DraftAnalysis, user):
        self.draft, self.user = draft, user
        self.reason = f"Published from {draft.source_name}"[:100]
        self.counts: Counter = Counter()
        self.proposals = {p.key: p.fields for p in draft.proposals.all()}
        self.citations = list(
            draft.citations.select_related("publication").order_by("footnote_id", "order")
        )
        self.leads: dict[str, DraftCitation] = {}  # each new work's fullest printing
        for citation in self.citations:
            lead = self.leads.setdefault(_work(citation), citation)
            if lead.ibid and not citation.ibid:
                self.leads[_work(citation)] = citation
        self.made: dict[str, models.Model] = {}  # new records, by proposal key

    def save(self, obj: models.Model, count: str = "") -> models.Model:
        obj._history_user = self.user
        obj._change_reason = self.reason
        obj.save()
        if count:
            self.counts[count] += 1
        return obj

    def write(self) -> Analysis:
        draft = self.draft
        date, precision = partial_date(draft.date)
        if date is None:
            raise PublishError(f"the issue's date {draft.date!r} is not YYYY-MM: correct it first")
        unlinked = [c for c in self.citations if c.matched and c.publication is None]
        if unlinked:
            raise PublishError(
                f"{len(unlinked)} accepted or re-matched citations name no publication "
                f"(first: {unlinked[0].footnote}): choose one, or mark them new or rejected"
            )
        record = Publication(
            slug=unique_slug(Publication, f"china analysis {draft.date} {draft.title}"),
            kind=PublicationKind.REPORT,
            title=draft.title,
            language=Language.ENGLISH,
            date=date,
            date_precision=precision,
            note=f"China Analysis issue, published from {draft.source_name}.",
        )
        analysis = Analysis(
            slug=unique_slug(Analysis, draft.title, fallback="analysis"),
            publication=self.save(record),
            title=draft.title,
            date=date,
        )
        self.save(analysis)
        by_note: dict[int, list[DraftCitation]] = {}
        for citation in self.citations:
            by_note.setdefault(citation.footnote_id, []).append(citation)
        slugs: set[str] = set()
        for chapter in draft.chapters.prefetch_related("footnotes"):
            self.chapter(analysis, chapter, slugs, by_note)
        return analysis

    def chapter(self, analysis: Analysis, draft_chapter, slugs: set[str], by_note) -> None:
        footnotes = list(draft_chapter.footnotes.all())
        base = slugify(draft_chapter.title)[:100] or f"chapter-{draft_chapter.order}"
        slug, n = base, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        chapter = Chapter(
            analysis=analysis,
            order=draft_chapter.order,
            title=draft_chapter.title,
            slug=slug,
            footnote_count_in_source=len(footnotes),
        )
        self.save(chapter, "chapters")
        for order, name in enumerate(dict.fromkeys(draft_chapter.analysts), start=1):
            self.save(ChapterAnalyst(chapter=chapter, analyst=self.analyst(name), order=order))
        for footnote in footnotes:
            self.footnote(chapter, footnote, by_note.get(footnote.pk, []))

    def footnote(self, chapter: Chapter, draft_note, citations: list[DraftCitation]) -> None:
        linked: dict[int, tuple[Publication, str]] = {}
        for citation in citations:
            if citation.decision == Decision.REJECT:
                self.counts["rejected"] += 1
                continue
            publication = self.publication(citation)
            linked.setdefault(publication.pk, (publication, citation.pinpoint))
        reason = ""
        if not linked:
            reason = draft_note.comment or "No citation of this note was kept at review."
        note = Footnote(
            chapter=chapter,
            number=draft_note.number,
            text=draft_note.text,
            reconstruction_note=draft_note.reconstruction,
            unresolved_reason=reason,
        )
        self.save(note, "footnotes")
        for order, (publication, pinpoint) in enumerate(linked.values(), start=1):
            link = Citation(footnote=note, publication=publication, order=order, pinpoint=pinpoint)
            self.save(link, "links")

    def analyst(self, name: str) -> Analyst:
        analyst = Analyst.objects.filter(name=name).first()
        return analyst or self.save(Analyst(slug=unique_slug(Analyst, name), name=name))

    def publication(self, citation: DraftCitation) -> Publication:
        if citation.matched:
            return citation.publication
        key = _work(citation)
        if key not in self.made:
            self.made[key] = self.new_publication(self.leads[key])
        return self.made[key]

    def new_publication(self, lead: DraftCitation) -> Publication:
        proposed = self.proposals.get(lead.proposal, {})
        date, precision = partial_date(lead.date)
        kind = proposed.get("kind")
        issuer = proposed.get("issuer") or ""
        issuing = Institution.objects.filter(slug=issuer).first()
        notes = [f"Issued by {issuer}." if issuer and not issuing else ""]
        notes += [f"Printed link: {link}" for link in proposed.get("printed_links", [])]
        notes.append("On file with author." if proposed.get("on_file") else "")
        authors = [self.expert(lead, name) for name in lead.authors]
        first = authors[0].name.split()[0] if authors else ""
        words = " ".join(lead.title.split()[:6]) if not contains_hanzi(lead.title) else ""
        publication = Publication(
            slug=unique_slug(Publication, f"{first} {date.year if date else ''} {words}"),
            kind=kind if kind in PublicationKind.values else PublicationKind.OTHER,
            title=lead.title or lead.title_original or "(untitled)",
            title_original=lead.title_original,
            title_transliterated=proposed.get("title_transliterated") or "",
            language=Language.CHINESE if lead.title_original else Language.ENGLISH,
            venue=self.venue(lead, kind),
            issuing_institution=issuing,
            publisher=(proposed.get("publisher") or "")[:200],
            volume=(proposed.get("volume") or "")[:40],
            issue=(proposed.get("issue") or "")[:40],
            pages=lead.pages,
            date=date,
            date_precision=precision,
            url=lead.url,
            note="\n".join(n for n in notes if n),
        )
        self.save(publication, "publications")
        for order, expert in enumerate(dict.fromkeys(authors), start=1):
            self.save(Authorship(publication=publication, expert=expert, order=order))
        publication.refresh_search_text()
        Publication.objects.filter(pk=publication.pk).update(search_text=publication.search_text)
        return publication

    def expert(self, citation: DraftCitation, name: str) -> Expert:
        """The expert the ingest matched to this printed name, else the one it proposed,
        else (a name the reviewer typed) one made for it."""
        parsed = citation.parsed
        printed = [a["name"] for a in parsed.get("authors", [])]
        matches = parsed.get("experts", [])
        index = printed.index(name) if name in printed else len(matches)
        match = matches[index] if index < len(matches) else {}
        if match.get("slug") and (found := Expert.objects.filter(slug=match["slug"]).first()):
            return found
        key = match.get("proposal") or f"expert:{name}"
        if key not in self.made:
            fields = self.proposals.get(key, {"name": name})
            name_zh = fields.get("name_zh") or ""
            chinese = bool(name_zh) or bool(citation.title_original)
            expert = Expert(
                slug=unique_slug(Expert, fields["name"] or name),
                name=(fields["name"] or name)[:200],
                name_zh=name_zh[:60],
                origin=Origin.MAINLAND if chinese else Origin.FOREIGN,
                note=f"{self.reason}; check the name order and origin."
                + (f" Printed as {fields['affiliation']}." if fields.get("affiliation") else ""),
            )
            self.made[key] = self.save(expert, "experts")
        return self.made[key]

    def venue(self, citation: DraftCitation, kind: str | None) -> Venue | None:
        if not citation.venue:
            return None
        parsed = citation.parsed
        match = parsed.get("venue_match") or {}
        as_printed = citation.venue == parsed.get("venue")
        known = Venue.objects.filter(slug=match.get("slug")) if as_printed else Venue.objects.none()
        if found := known.first() or Venue.objects.filter(name__iexact=citation.venue).first():
            return found
        key = f"venue-name:{citation.venue.lower()}"
        if as_printed and match.get("proposal"):
            key = match["proposal"]
        if key not in self.made:
            fields = self.proposals.get(key, {})
            venue = Venue(
                slug=unique_slug(Venue, citation.venue),
                name=citation.venue[:300],
                name_zh=(fields.get("name_zh") or "")[:200],
                kind=VENUE_KINDS.get(kind or "", VenueKind.OTHER),
            )
            self.made[key] = self.save(venue, "venues")
        return self.made[key]


def _work(citation: DraftCitation) -> str:
    """The new work a citation cites: every printing of one work shares its proposal."""
    return citation.proposal or f"citation:{citation.pk}"
