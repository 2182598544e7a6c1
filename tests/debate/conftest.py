"""A varied debate dataset built with factories, with a plain-Python record of every position.

Tests compute expected facet counts from ``DebateData.records`` by iterating in Python, then
compare them with what the SQL facet counts return.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType

from apps.debate.models import Position
from tests import factories

STANCES = ["supports", "qualified", "opposes"]
KINDS = ["academy", "university", "state_body"]
PUBKINDS = ["journal_article", "commentary", "report"]
TAGS = ["platforms", "big data", "blacklists"]


@dataclass
class DebateData:
    themes: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    experts: list = field(default_factory=list)
    institutions: list = field(default_factory=list)
    chapters: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    records: list[dict[str, set[str]]] = field(default_factory=list)
    positions: list = field(default_factory=list)

    def chapter_value(self, chapter) -> str:
        """A chapter's facet value: its slug, or issue.slug where two issues share it."""
        shared = sum(c.slug == chapter.slug for c in self.chapters) > 1
        return f"{chapter.analysis.slug}.{chapter.slug}" if shared else chapter.slug

    def add_positions(self, n: int) -> None:
        """Add ``n`` positions whose facet values vary with their index."""
        for _ in range(n):
            self._add_one(len(self.positions))

    def _add_one(self, i: int) -> None:
        theme = self.themes[i % 3]
        themes = [theme, self.themes[(i + 1) % 3]] if i % 5 == 0 else [theme]
        on_question = i % 4 != 3
        question = self.questions[(i % 3) * 2 + (i // 3) % 2] if on_question else None
        stance = STANCES[i % 3] if on_question else ""
        holders = [self.experts[i % 4]] + ([self.experts[(i + 1) % 4]] if i % 3 == 0 else [])
        institution = self.institutions[i % 3]
        pubkind = PUBKINDS[i % 3]
        year = 2015 + i % 4
        tags = [TAGS[i % 3]] if i % 2 == 0 else []
        chapter = self.chapters[i % 2] if i % 3 != 2 else None
        if i % 6 == 5:  # a few in a second issue, whose chapter shares a slug with the first's
            chapter = self.chapters[2]

        source = factories.PublicationFactory(
            kind=pubkind, date=datetime.date(year, 1 + i % 12, 1), date_precision="month"
        )
        footnote = factories.FootnoteFactory(chapter=chapter) if chapter else None
        position = factories.PositionFactory(
            question=question,
            stance=stance,
            source=source,
            footnote=footnote,
            themes=themes,
            summary=f"Position number {i} on {'credit' if i % 2 else 'platforms'}.",
        )
        for order, expert in enumerate(holders, start=1):
            factories.PositionHolderFactory(
                position=position, expert=expert, institution=institution, order=order
            )
        if tags:
            position.tags.add(*tags)
        self.positions.append(position)
        self.records.append(
            {
                "theme": {t.slug for t in themes},
                "question": {f"{question.theme.slug}.{question.slug}"} if question else set(),
                "stance": {stance} if stance else set(),
                "expert": {e.slug for e in holders},
                "institution": {institution.slug},
                "kind": {institution.kind},
                "pubkind": {pubkind},
                "year": {str(year)},
                "tag": {t.replace(" ", "-") for t in tags},
                "chapter": {self.chapter_value(chapter)} if chapter else set(),
                "analysis": {chapter.analysis.slug} if chapter else set(),
            }
        )


def build_debate() -> DebateData:
    data = DebateData()
    data.themes = [
        factories.ThemeFactory(slug=slug, name=name, order=i)
        for i, (slug, name) in enumerate(
            [
                ("social-credit", "Social credit"),
                ("digital-economy", "Digital economy"),
                ("artificial-intelligence", "Artificial intelligence"),
            ]
        )
    ]
    data.questions = [
        factories.QuestionFactory(theme=theme, slug=f"q{j}", order=j, text=f"{theme.name} {j}?")
        for theme in data.themes
        for j in (1, 2)
    ]
    data.experts = [
        factories.ExpertFactory(slug=slug, name=name, name_zh=zh)
        for slug, name, zh in [
            ("wang-yufeng", "Wang Yufeng", "王砚峰"),
            ("liu-ruisheng", "Liu Ruisheng", "刘瑞生"),
            ("xiang-debao", "Xiang Debao", "项德宝"),
            ("sun-ping", "Sun Ping", "孙萍"),
        ]
    ]
    data.institutions = [factories.InstitutionFactory(kind=kind) for kind in KINDS]
    analysis = factories.AnalysisFactory(slug="dream")
    data.chapters = [factories.ChapterFactory(analysis=analysis) for _ in range(2)]
    later = factories.AnalysisFactory(slug="platform-state", date=datetime.date(2020, 3, 1))
    data.chapters.append(
        factories.ChapterFactory(analysis=later, order=1, slug=data.chapters[0].slug)
    )
    for theme in data.themes:
        term = factories.GlossaryTermFactory()
        term.themes.set([theme])
        data.terms.append(term)
    # Tag facets join through taggit's content type; warm its cache so counts are stable.
    ContentType.objects.get_for_model(Position)
    return data


@pytest.fixture
def debate(db) -> DebateData:
    """Themes, questions, experts and institutions, and no positions yet."""
    return build_debate()


@pytest.fixture
def debate_with_positions(debate) -> DebateData:
    debate.add_positions(24)
    for term, position in zip(debate.terms, debate.positions, strict=False):
        term.positions.add(position)
    return debate


def drawn_by(monkeypatch, module, describe) -> list:
    """What ``module`` renders with its ``render_to_string`` (not takes from the cache), each
    as ``describe(context)``, in order."""
    drawn = []
    render = module.render_to_string

    def counting(template, context):
        drawn.append(describe(context))
        return render(template, context)

    monkeypatch.setattr(module, "render_to_string", counting)
    return drawn
