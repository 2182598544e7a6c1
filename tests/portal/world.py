"""A small connected dataset for the reader's pages, built with the factories.

``build_world(scale)`` gives one focal expert, institution, publication and chapter whose
related rows (publications, affiliations, positions, footnotes, sub-units, chapters …) all
grow with ``scale``: page tests render the same URLs at scale 1 and 3 and assert that the
number of queries does not change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from apps.analysis.models import ChapterAnalyst
from apps.dataset.loading import rebuild_derived_fields
from tests.factories import (
    AffiliationFactory,
    AnalysisFactory,
    AnalystFactory,
    AuthorshipFactory,
    ChapterFactory,
    CitationFactory,
    ExpertAliasFactory,
    ExpertFactory,
    FootnoteFactory,
    GlossaryTermFactory,
    InstitutionFactory,
    ParagraphFactory,
    PositionFactory,
    PositionHolderFactory,
    PublicationFactory,
    QuestionFactory,
    ThemeFactory,
    VenueFactory,
)

TERMS = ["孤岛", "黑名单", "数字经济", "网络强国", "正能量"]


@dataclass
class World:
    expert: object
    institution: object
    publication: object
    chapter: object
    analysis: object
    theme: object


def build_world(scale: int = 1) -> World:
    theme = ThemeFactory(name="Social credit", slug="social-credit", name_zh="社会信用")
    question = QuestionFactory(theme=theme, text="Is social credit a credit-rating system?")
    parent = InstitutionFactory(name="Chinese Academy of Social Sciences", name_zh="中国社会科学院")
    unit = InstitutionFactory(
        name="Institute of Economics", name_zh="经济研究所", parent=parent, kind="academy"
    )
    venue = VenueFactory(name="Macroeconomic Trend Monitor", name_zh="经济走势跟踪", publisher=unit)
    analysis = AnalysisFactory(
        slug="china-dream-goes-digital", editor=AnalystFactory(), publisher=parent
    )
    chapter = ChapterFactory(analysis=analysis, order=1, slug="chinas-digital-revolution")
    expert = ExpertFactory(
        name="Wang Yufeng", name_zh="王砚峰", slug="wang-yufeng", note="Hanzi read Wang Yanfeng."
    )
    publication = PublicationFactory(
        title="China's digital economy and the new wave of global change",
        title_original="中国的数字经济与新的全球变革浪潮",
        slug="wang-2017-digital-economy",
        venue=venue,
        volume="68",
        url="http://ie.cass.cn/academics/economic_trends/201709/t20170928_3655627.html",
    )
    AuthorshipFactory(publication=publication, expert=expert, order=1)
    publication.tags.add("digital economy")
    for i in range(scale):
        coauthor = ExpertFactory(origin="foreign" if i % 2 else "mainland")
        ExpertAliasFactory(expert=expert)
        extra = PublicationFactory(title_original=f"标题{i}", venue=venue)
        AuthorshipFactory(publication=extra, expert=expert, order=1)
        AuthorshipFactory(publication=extra, expert=coauthor, order=2)
        AuthorshipFactory(publication=publication, expert=coauthor, order=i + 2)
        extra.tags.add(f"tag {i}")
        AffiliationFactory(
            expert=expert,
            institution=unit,
            role=f"researcher {i}",
            source=extra,
            as_of=datetime.date(2017, 9, 1),
            as_of_precision="month",
        )
        AffiliationFactory(expert=coauthor, institution=unit, source=publication)
        InstitutionFactory(parent=unit)
        issued = PublicationFactory(issuing_institution=unit, kind="policy_document")
        AuthorshipFactory(publication=issued, expert=coauthor, order=1)

        other_chapter = ChapterFactory(analysis=analysis, order=i + 2)
        ChapterAnalyst.objects.create(chapter=other_chapter, analyst=AnalystFactory())
        ChapterAnalyst.objects.create(chapter=chapter, analyst=AnalystFactory(), order=i + 1)
        note = FootnoteFactory(chapter=chapter, number=i + 1)
        CitationFactory(footnote=note, publication=publication, order=1)
        CitationFactory(footnote=note, publication=extra, order=2)
        other_note = FootnoteFactory(chapter=other_chapter, number=1)
        CitationFactory(footnote=other_note, publication=publication)
        ParagraphFactory(
            chapter=chapter,
            order=i + 1,
            heading=f"Section {i + 1}",
            text=f"Claim {i}.[^{i + 1}] Again.[^{i + 1}]\n\nMore.[^{i + 1}]",
        )
        ParagraphFactory(chapter=other_chapter, order=1, text="Other.[^1]")

        position = PositionFactory(
            source=publication, themes=[theme], question=question, stance="supports", footnote=note
        )
        PositionHolderFactory(position=position, expert=expert, institution=unit, order=1)
        PositionHolderFactory(position=position, expert=coauthor, institution=parent, order=2)
        speaker = PositionFactory(source=extra, themes=[theme])
        PositionHolderFactory(position=speaker, expert=ExpertFactory(), institution=unit, order=1)
        term = GlossaryTermFactory(hanzi=TERMS[i], gloss=f"term {i}")
        term.themes.add(theme)
    rebuild_derived_fields()
    return World(expert, unit, publication, chapter, analysis, theme)
