"""Synthetic venues and publications, with several authors and dates of every precision."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from taggit.models import TaggedItem

from apps.core.chinese import syllables
from apps.people.models import (
    InstitutionKind,
)
from apps.sources.models import Authorship, Language, Publication, PublicationKind, Venue, VenueKind

from .plan import PREFIX, SYNTHETIC, TITLE_FIELDS
from .pools import (
    bulk,
    cap,
    chunks,
    created_at,
    derive_search_text,
    partial_date,
    short_name,
    synthetic_slug,
    tag_rows,
    weighted,
)
from .vocabulary import (
    CITIES,
    FIELDS,
    ISSUED_KINDS,
    ISSUING_KINDS,
    PROVINCES,
    PUBLICATION_KIND_WEIGHTS,
    PUBLISHERS,
    TITLE_PATTERNS,
    TOPICS,
    VENUE_KIND_WEIGHTS,
    VENUE_KINDS_FOR,
    VENUE_NAMES,
)


class SourcesGenerator:
    """The sources part of :class:`~.generation.Generator`."""

    def venues(self, n: int) -> None:
        n = max(n, 0 if self.pools.venues else 8)
        start = Venue.objects.filter(SYNTHETIC).count()
        rng = self.rng("venue", start)
        media = self.pools.of_kind(InstitutionKind.MEDIA, InstitutionKind.ACADEMY)
        rows = []
        # The first eight of a fresh pool cover every venue kind once.
        for index in range(start, start + n):
            kind = list(VenueKind)[index] if index < len(VenueKind) else None
            kind = kind or weighted(rng, VENUE_KIND_WEIGHTS)
            template, template_zh = rng.choice(VENUE_NAMES[kind])
            place, place_zh = rng.choice(PROVINCES + CITIES)
            fld, fld_zh = rng.choice(FIELDS)
            name = template.format(p=place, f=fld)
            rows.append(
                Venue(
                    slug=synthetic_slug(name, index=index),
                    name=name,
                    name_zh=template_zh.format(p_zh=place_zh, f_zh=fld_zh),
                    kind=kind,
                    publisher=rng.choice(media) if media and rng.random() < 0.4 else None,
                    url=f"https://{synthetic_slug(name, index=index)[len(PREFIX) :][:50]}.example/",
                    created_at=created_at(index),
                    updated_at=created_at(index),
                )
            )
        self.pools.venues += bulk(Venue, rows, self.batch_size, self.report)

    def publications(self, n: int) -> None:
        if not n:
            return
        if not self.pools.experts:
            raise ValueError("Publications need experts: add some with experts=N.")
        start = Publication.objects.filter(SYNTHETIC).count()
        rng = self.rng("publication", start)
        by_kind = defaultdict(list)
        for venue in self.pools.venues:
            by_kind[venue.kind].append(venue)
        issuers = self.pools.of_kind(*ISSUING_KINDS) or self.pools.institutions
        content_type = ContentType.objects.get_for_model(Publication)
        bar = self.bar(n, "publications")
        for chunk in chunks(n):
            publications, authorships = [], []
            for offset in chunk:
                index = start + offset
                kind = weighted(rng, PUBLICATION_KIND_WEIGHTS)
                issued = kind in ISSUED_KINDS
                n_authors = rng.choices((0, 1, 2, 3, 4, 5), weights=(0, 50, 25, 14, 7, 4))[0]
                if issued and rng.random() < 0.7:
                    n_authors = 0
                authors = self.pools.pick_experts(rng, n_authors)
                publication = self._publication(rng, index, kind, authors, by_kind, issuers)
                publications.append(publication)
                rows = [
                    Authorship(publication=publication, expert=expert, order=order)
                    for order, expert in enumerate(authors, start=1)
                ]
                derive_search_text(publication, authorships=rows)
                authorships += rows
            self._insert_publications(publications, authorships, rng, content_type)
            bar.update(len(chunk))
        bar.close()

    def _publication(self, rng, index, kind, authors, by_kind, issuers) -> Publication:
        (a, a_zh), (b, b_zh) = rng.sample(TOPICS, 2)
        pattern, pattern_zh = rng.choice(TITLE_PATTERNS)
        english = bool(authors) and not any(e.name_zh for e in authors) or rng.random() < 0.05
        date, precision = partial_date(rng)
        venue_kinds = VENUE_KINDS_FOR.get(kind, ())
        venues = [v for k in venue_kinds for v in by_kind.get(k, ())]
        issuer = (
            rng.choice(issuers)
            if kind in ISSUED_KINDS or (kind == "report" and not authors)
            else None
        )
        title = cap(pattern.format(a=a, b=b))
        title_zh = "" if english else pattern_zh.format(A=a_zh, B=b_zh)
        who = short_name(authors[0]) if authors else (issuer.name.split()[0] if issuer else "anon")
        slug = synthetic_slug(who, date.year if date else "nd", a, index=index)
        url = ""
        if rng.random() < 0.75:
            url = f"https://{slug[len(PREFIX) :][:40]}.example/{index}.html"
        publication = Publication(
            slug=slug,
            kind=kind,
            title=title,
            title_original=title_zh,
            title_transliterated=" ".join(
                s for s in syllables(title_zh, tones=True) if any(c.isalnum() for c in s)
            )
            if title_zh and rng.random() < 0.1
            else "",
            language=Language.ENGLISH if english else Language.CHINESE,
            venue=rng.choice(venues) if venues and rng.random() < 0.9 else None,
            issuing_institution=issuer,
            publisher=rng.choice(PUBLISHERS) if kind == PublicationKind.BOOK else "",
            date=date,
            date_precision=precision,
            url=url,
            archive_url=f"https://web.archive.org/web/2019/{url}"
            if url and rng.random() < 0.2
            else "",
            note="On file with author." if not url and rng.random() < 0.1 else "",
            created_at=created_at(index, minutes=2),
            updated_at=created_at(index, minutes=2),
        )
        if kind == PublicationKind.JOURNAL_ARTICLE:
            publication.volume = str(rng.randint(1, 60))
            publication.issue = str(rng.randint(1, 12))
            first = rng.randint(1, 180)
            publication.pages = f"{first}–{first + rng.randint(4, 25)}"
        publication.fill_derived_fields()
        return publication

    def _insert_publications(self, publications, authorships, rng, content_type) -> None:
        bulk(Publication, publications, self.batch_size, self.report)
        bulk(Authorship, authorships, self.batch_size, self.report)
        self.pools.publications += [(p.pk, p.title, p.display_date) for p in publications]
        self.pools.sources.update((p.pk, (p.date, p.date_precision, p.kind)) for p in publications)
        self.pools.titles.update(
            (p.pk, tuple(getattr(p, name) for name in TITLE_FIELDS)) for p in publications
        )
        for row in authorships:
            self.pools.authors[row.publication_id].append(row.expert)
            self.pools.by_author[row.expert_id].append(row.publication_id)
        tags = tag_rows(rng, publications, self.pools.tags, content_type, most=3)
        bulk(TaggedItem, tags, self.batch_size, self.report)
