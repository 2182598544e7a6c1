"""Synthetic analyses, with chapters, bylines and footnotes citing the publications."""

from __future__ import annotations

import datetime
import math
import random

from apps.analysis.models import (
    Analysis,
    Analyst,
    Chapter,
    ChapterAnalyst,
    Citation,
    Footnote,
)
from apps.core.models import DatePrecision
from apps.people.models import (
    InstitutionKind,
)
from apps.sources.models import Language, Publication, PublicationKind

from .plan import CHAPTERS_PER_ANALYSIS, EPOCH, FIRST_YEAR, LAST_YEAR, SYNTHETIC, Plan
from .pools import bulk, cap, synthetic_slug
from .vocabulary import ANALYST_NAMES, TOPICS


class AnalysisGenerator:
    """The analysis part of :class:`~.generation.Generator`."""

    def analyses(self, plan: Plan) -> None:
        """Issues of the analysis with chapters whose footnotes cite synthetic publications."""
        if not plan.analyses or not self.pools.publications:
            return
        analysts = self._analysts()
        start = Analysis.objects.filter(SYNTHETIC).count()
        rng = self.rng("analysis", start)
        issuers = self.pools.of_kind(InstitutionKind.FOREIGN)
        issues, analyses = [], []
        for index in range(start, start + plan.analyses):
            (topic, _), (other, _) = rng.sample(TOPICS, 2)
            title = f"{cap(topic)} and {other} in the age of Xi"
            date = (EPOCH + datetime.timedelta(days=91 * index)).date()
            issue = Publication(
                slug=synthetic_slug("china-analysis", topic, index=index),
                kind=PublicationKind.REPORT,
                title=f"China Analysis: {title}",
                language=Language.ENGLISH,
                issuing_institution=rng.choice(issuers) if issuers else None,
                date=date,
                date_precision=DatePrecision.MONTH,
            )
            issue.fill_derived_fields()
            issue.refresh_search_text()
            issues.append(issue)
            analyses.append(
                Analysis(
                    slug=synthetic_slug("analysis", topic, index=index),
                    title=title,
                    series_number=f"SYN/{index + 1}",
                    date=date,
                    editor=rng.choice(analysts),
                    publisher=issue.issuing_institution,
                    about="A synthetic issue for load testing.",
                    publication=issue,
                )
            )
        bulk(Publication, issues, self.batch_size, self.report)
        bulk(Analysis, analyses, self.batch_size, self.report)
        self._chapters(rng, analyses, analysts, plan)

    def _analysts(self) -> list[Analyst]:
        existing = {a.slug: a for a in Analyst.objects.filter(SYNTHETIC)}
        missing = [
            Analyst(slug=synthetic_slug(name), name=name, bio="A synthetic analyst.")
            for name in ANALYST_NAMES
            if synthetic_slug(name) not in existing
        ]
        created = bulk(Analyst, missing, self.batch_size, self.report)
        return sorted([*existing.values(), *created], key=lambda a: a.slug)

    def _chapters(self, rng, analyses, analysts, plan: Plan) -> None:
        per_chapter = math.ceil(plan.footnotes / plan.chapters)
        sizes = [min(per_chapter, plan.footnotes - c * per_chapter) for c in range(plan.chapters)]
        chapters, bylines = [], []
        for c, size in enumerate(sizes):
            analysis = analyses[c // CHAPTERS_PER_ANALYSIS]
            order = c % CHAPTERS_PER_ANALYSIS + 1
            topic, _ = rng.choice(TOPICS)
            chapter = Chapter(
                analysis=analysis,
                order=order,
                title=f"{cap(topic)}: the debate in {rng.randint(FIRST_YEAR, LAST_YEAR)}",
                # Chapter slugs need only be unique per issue; these are unique overall.
                slug=f"{analysis.slug}-{order}",
                summary=f"How Chinese experts discuss {topic}.",
                footnote_count_in_source=size,
            )
            chapters.append(chapter)
            for k, analyst in enumerate(rng.sample(analysts, rng.randint(1, 2)), start=1):
                bylines.append(ChapterAnalyst(chapter=chapter, analyst=analyst, order=k))
        bulk(Chapter, chapters, self.batch_size, self.report)
        bulk(ChapterAnalyst, bylines, self.batch_size, self.report)
        self._footnotes(rng, chapters)

    def _footnotes(self, rng: random.Random, chapters: list[Chapter]) -> None:
        """Footnotes citing one to three synthetic publications each, as printed citations."""
        footnotes, citations, cited = [], [], []
        for chapter in chapters:
            for number in range(1, chapter.footnote_count_in_source + 1):
                n_works = rng.choices((1, 2, 3), weights=(70, 20, 10))[0]
                works = rng.sample(
                    self.pools.publications, min(n_works, len(self.pools.publications))
                )
                footnote = Footnote(
                    chapter=chapter,
                    number=number,
                    text="; ".join(f"“{title}”, {date}" for _, title, date in works) + ".",
                )
                footnotes.append(footnote)
                cited.append([pk for pk, _, _ in works])
                citations += [
                    Citation(footnote=footnote, publication_id=pk, order=order)
                    for order, (pk, _, _) in enumerate(works, start=1)
                ]
        bulk(Footnote, footnotes, self.batch_size, self.report)
        bulk(Citation, citations, self.batch_size, self.report)
        self.pools.footnotes = list(zip(footnotes, cited, strict=True))
