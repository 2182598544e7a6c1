"""factory_boy factories for every domain model; tests build exactly the data they need."""

import datetime

import factory

from apps.analysis.models import Analysis, Analyst, Chapter, Citation, Footnote, Paragraph
from apps.debate.models import GlossaryTerm, Position, PositionHolder, Question, Theme
from apps.people.models import Affiliation, Expert, ExpertAlias, Institution
from apps.sources.models import Authorship, Publication, Venue


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institute {n}")
    slug = factory.Sequence(lambda n: f"institute-{n}")
    kind = "academy"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"Expert {n}")
    slug = factory.Sequence(lambda n: f"expert-{n}")
    origin = "mainland"


class ExpertAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertAlias

    expert = factory.SubFactory(ExpertFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    expert = factory.SubFactory(ExpertFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = "researcher"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Journal {n}")
    slug = factory.Sequence(lambda n: f"journal-{n}")
    kind = "journal"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    title = factory.Sequence(lambda n: f"Publication {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    kind = "journal_article"
    date = datetime.date(2018, 6, 1)
    date_precision = "month"


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    publication = factory.SubFactory(PublicationFactory)
    expert = factory.SubFactory(ExpertFactory)
    order = factory.Sequence(lambda n: n + 1)


class AnalystFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Analyst

    name = factory.Sequence(lambda n: f"Analyst {n}")
    slug = factory.Sequence(lambda n: f"analyst-{n}")


class AnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Analysis

    publication = factory.SubFactory(PublicationFactory, kind="report")
    title = factory.Sequence(lambda n: f"Analysis {n}")
    slug = factory.Sequence(lambda n: f"analysis-{n}")
    date = datetime.date(2018, 10, 1)


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    analysis = factory.SubFactory(AnalysisFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Chapter {n}")
    slug = factory.Sequence(lambda n: f"chapter-{n}")


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paragraph

    chapter = factory.SubFactory(ChapterFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "A summary paragraph.[^1]"


class FootnoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footnote

    chapter = factory.SubFactory(ChapterFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Citation text {n}.")


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    footnote = factory.SubFactory(FootnoteFactory)
    publication = factory.SubFactory(PublicationFactory)
    order = 1


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "What the theme covers."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    theme = factory.SubFactory(ThemeFactory)
    slug = factory.Sequence(lambda n: f"question-{n}")
    text = factory.Sequence(lambda n: f"Question {n}?")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"position-{n}")
    summary = factory.Sequence(lambda n: f"Summary of position {n}.")
    source = factory.SubFactory(PublicationFactory)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class PositionHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionHolder

    position = factory.SubFactory(PositionFactory)
    expert = factory.SubFactory(ExpertFactory)
    order = factory.Sequence(lambda n: n + 1)


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    hanzi = factory.Iterator(["诚信", "孤岛", "黑名单", "数字经济"])
    slug = factory.Sequence(lambda n: f"term-{n}")
    gloss = "a gloss"
