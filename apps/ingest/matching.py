"""Each cited work, author and venue matched to what the dataset already holds.

Everything a match may need is read once per ingest (:meth:`Candidates.load`, a handful of
queries) and indexed in memory, so matching a work costs dictionary look-ups and one fuzzy
pass over the titles. Every match carries the reason the review screen shows.

A work is the same publication when (in this order) its link is the same, a link printed in
the record's note is the same, its original title is the same, its title and year are the
same, its title is close enough ("fuzzy 93") in a year that agrees, or it shares an author
and a year with a record whose title is near. A person is the same expert by hanzi, name,
alias or the pinyin of the expert's hanzi, never when the hanzi disagree; a venue by its
name or Chinese name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from apps.core.chinese import to_simplified
from apps.ingest.records import Author, Citation, Match
from apps.ingest.similarity import (
    FUZZY_ORIGINAL,
    FUZZY_TITLE,
    link_key,
    name_key,
    original_key,
    printed_link_key,
    title_key,
    title_score,
    venue_key,
    year_of,
    years_agree,
)
from apps.ingest.urls import UrlContext, find_urls
from apps.ingest.works import Work
from apps.people.models import Expert, ExpertAlias, Institution
from apps.sources.models import Authorship, Publication, Venue

NEAR_MISS = 75


@dataclass
class KnownPublication:
    slug: str
    title: str
    title_original: str
    year: int | None
    authors: set[str] = field(default_factory=set)


@dataclass
class Candidates:
    publications: dict[str, KnownPublication] = field(default_factory=dict)
    by_link: dict[str, str] = field(default_factory=dict)
    by_printed_link: dict[str, str] = field(default_factory=dict)
    by_original: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[str, str] = field(default_factory=dict)  # slug -> folded title
    originals: dict[str, str] = field(default_factory=dict)  # slug -> compact original
    experts: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    expert_hanzi: dict[str, str] = field(default_factory=dict)
    venues: dict[str, str] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Candidates:
        """Read every publication, expert, alias, venue and institution: six queries."""
        known = cls()
        rows = Publication.objects.values("slug", "title", "title_original", "url", "year", "note")
        for row in rows:
            known.add_publication(row)
        for slug, expert in Authorship.objects.values_list("publication__slug", "expert__slug"):
            known.publications[slug].authors.add(expert)
        for row in Expert.objects.values("slug", "name", "name_zh", "pinyin_plain"):
            known.add_expert(row["slug"], row["name"], row["name_zh"], row["pinyin_plain"])
        for slug, alias in ExpertAlias.objects.values_list("expert__slug", "name"):
            known.experts["alias"][name_key(alias)].append(slug)
        for slug, name, name_zh in Venue.objects.values_list("slug", "name", "name_zh"):
            known.venues.update({k: slug for k in (venue_key(name), name_key(name_zh)) if k})
        institutions = Institution.objects.values_list("slug", "name", "name_zh", "abbreviation")
        for slug, *names in institutions:
            for name in filter(None, names):
                known.institutions[name_key(name)] = slug
                known.institutions[_sorted_words(name)] = slug
        return known

    def add_publication(self, row: dict) -> None:
        slug = row["slug"]
        self.publications[slug] = KnownPublication(
            slug, row["title"], row["title_original"], row["year"]
        )
        if key := link_key(row["url"]):
            self.by_link[key] = slug
        for printed in find_urls(row.get("note") or "", UrlContext(), repair=False):
            for key in _printed_keys(printed.printed):
                self.by_printed_link[key] = slug
        if key := original_key(row["title_original"]):
            self.by_original[key].append(slug)
            self.originals[slug] = key
        self.titles[slug] = title_key(row["title"])

    def add_expert(self, slug: str, name: str, name_zh: str, pinyin: str) -> None:
        self.experts["name"][name_key(name)].append(slug)
        if name_zh:
            self.experts["hanzi"][to_simplified(name_zh)].append(slug)
            self.expert_hanzi[slug] = to_simplified(name_zh)
        if pinyin:
            self.experts["pinyin"][name_key(pinyin)].append(slug)


def _printed_keys(printed: str | None) -> list[str]:
    """A printed link as a whole and up to its first break, so that a note which quotes it
    garbled ("…/120180612, 4362040 shtml") still finds it."""
    whole = printed_link_key(printed)
    head = printed_link_key(re.split(r"[\s,]", printed or "", maxsplit=1)[0])
    return [k for k in dict.fromkeys((whole, head)) if k and "/" in k.partition("//")[2]]


def _sorted_words(name: str) -> str:
    return " ".join(sorted(re.findall(r"\w+", name.lower())))


def match_work(work: Work, known: Candidates) -> None:
    """Decide every citation of the work: its publication, authors, venue and issuer."""
    for _, citation in work.citations:
        citation.experts = [match_author(author, known) for author in citation.authors]
        _match_venue_and_issuer(citation, known)
    decision = _match_publication(work, known)
    for _, citation in work.citations:
        citation.publication = Match(**decision.to_dict()) if decision else None


def _match_publication(work: Work, known: Candidates) -> Match | None:
    citations = work.full_citations
    for citation in citations:
        if (slug := known.by_link.get(link_key(citation.url))) and _titles_compatible(
            citation, known.publications[slug]
        ):
            return Match(slug, reason="same URL")
        for key in _printed_keys(citation.url_printed):
            if slug := known.by_printed_link.get(key):
                return Match(slug, reason="same printed link")
    for citation in citations:
        for slug in known.by_original.get(original_key(citation.title_original), []):
            if years_agree(citation.date, known.publications[slug].year):
                return Match(slug, reason="same original title")
    lead = work.lead
    authors = {m.slug for c in citations for m in c.experts if m.slug}
    scored = _scored_titles(citations, known)
    for score, reason, slug in scored:
        publication = known.publications[slug]
        if not years_agree(lead.date, publication.year):
            continue
        if score == 100 and year_of(lead.date) and year_of(lead.date) == publication.year:
            return Match(slug, reason="title+year")
        if score >= FUZZY_TITLE:
            return Match(slug, reason=reason if score < 100 else "same title")
        same_year = year_of(lead.date) == publication.year
        if score >= NEAR_MISS and authors & publication.authors and same_year:
            return Match(slug, reason=f"same author and year, {reason}")
    for citation in citations:
        key = original_key(citation.title_original)
        if len(key) >= 6 and known.originals:
            best = process.extractOne(
                key, known.originals, scorer=fuzz.ratio, score_cutoff=FUZZY_ORIGINAL
            )
            if best and years_agree(citation.date, known.publications[best[2]].year):
                return Match(best[2], reason=f"original title fuzzy {int(best[1])}")
    candidates = [{"slug": s, "reason": r} for score, r, s in scored[:3] if score >= NEAR_MISS]
    return Match(reason="new", candidates=candidates) if candidates else None


def _scored_titles(citations: list[Citation], known: Candidates) -> list[tuple[int, str, str]]:
    """(score, reason, slug) of the nearest known titles, best first."""
    scored: dict[str, tuple[int, str, str]] = {}
    for citation in citations:
        title = title_key(citation.title)
        if not title or not known.titles:
            continue
        near = process.extract(
            title, known.titles, scorer=fuzz.token_set_ratio, limit=10, score_cutoff=60
        )
        for _, _, slug in near:
            score, reason = title_score(title, known.titles[slug])
            if slug not in scored or score > scored[slug][0]:
                scored[slug] = (score, reason, slug)
    return sorted(scored.values(), reverse=True)


def _titles_compatible(citation: Citation, publication: KnownPublication) -> bool:
    """A link shared by two unrelated titles is a reused link, not the same work."""
    if not citation.title or not publication.title:
        return True
    return title_score(title_key(citation.title), title_key(publication.title))[0] >= 40


def match_author(author: Author, known: Candidates) -> Match:
    hanzi = to_simplified(author.name_original or "")
    by_hanzi = known.experts["hanzi"].get(hanzi, []) if hanzi else []
    if len(by_hanzi) == 1:
        return Match(by_hanzi[0], reason=f"same hanzi ({hanzi})")
    key = name_key(author.name)
    for index, reason in (
        ("name", "same name"),
        ("alias", "alias"),
        ("pinyin", "pinyin of the hanzi"),
    ):
        slugs = [
            s
            for s in dict.fromkeys(known.experts[index].get(key, []))
            if not hanzi or known.expert_hanzi.get(s, hanzi) == hanzi
        ]
        if len(slugs) == 1:
            return Match(slugs[0], reason=reason)
        if len(slugs) > 1:
            return Match(reason="new", candidates=[{"slug": s, "reason": reason} for s in slugs])
    return Match(reason="new")


def _match_venue_and_issuer(citation: Citation, known: Candidates) -> None:
    if citation.venue:
        citation.venue_match = _venue(citation.venue, citation.venue_original, known)
    elif citation.issuer and venue_key(citation.issuer) in known.venues:
        # Printed where a venue goes and known as one ("Chinese Academy of Sciences").
        citation.venue, citation.issuer = citation.issuer, None
        citation.venue_match = Match(known.venues[venue_key(citation.venue)], reason="same name")
    if citation.issuer:
        slug = known.institutions.get(name_key(citation.issuer)) or known.institutions.get(
            _sorted_words(citation.issuer)
        )
        citation.issuer_match = Match(slug, reason="same name") if slug else Match(reason="unknown")


def _venue(name: str, name_original: str | None, known: Candidates) -> Match:
    if slug := known.venues.get(venue_key(name)):
        return Match(slug, reason="same name")
    if name_original and (slug := known.venues.get(name_key(name_original))):
        return Match(slug, reason="same Chinese name")
    return Match(reason="new")
