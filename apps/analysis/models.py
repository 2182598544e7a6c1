from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.models import SluggedModel, TimeStampedModel, Versioned


class Analyst(Versioned, SluggedModel):
    """A European author of the analysis (not a participant in the Chinese debate)."""

    name = models.CharField(max_length=200)
    bio = models.TextField(blank=True, help_text="As given in 'About the authors'.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Analysis(Versioned, SluggedModel):
    """An issue of China Analysis: the source this whole dataset summarises."""

    publication = models.OneToOneField(
        "sources.Publication",
        on_delete=models.PROTECT,
        related_name="analysis",
        help_text="The bibliographic record of the issue itself.",
    )
    title = models.CharField(max_length=300)
    series = models.CharField(max_length=120, default="China Analysis")
    series_number = models.CharField(max_length=40, blank=True)
    isbn = models.CharField("ISBN", max_length=20, blank=True)
    date = models.DateField()
    editor = models.ForeignKey(
        Analyst, null=True, blank=True, on_delete=models.PROTECT, related_name="edited"
    )
    publisher = models.ForeignKey(
        "people.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name_plural = "analyses"

    def __str__(self):
        return f"{self.series}: {self.title}"

    def get_absolute_url(self):
        return reverse("analysis:analysis", args=[self.slug])


class ChapterManager(models.Manager):
    def get_by_natural_key(self, analysis_slug, slug):
        return self.get(analysis__slug=analysis_slug, slug=slug)


class Chapter(Versioned, TimeStampedModel):
    analysis = models.ForeignKey(Analysis, on_delete=models.PROTECT, related_name="chapters")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120)
    analysts = models.ManyToManyField(Analyst, through="ChapterAnalyst", related_name="chapters")
    summary = models.TextField(blank=True, help_text="One-paragraph summary in our own words.")
    footnote_count_in_source = models.PositiveSmallIntegerField(
        default=0, help_text="How many notes the printed chapter has; integrity tests check it."
    )

    objects = ChapterManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["analysis", "order"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "order"], name="chapter_unique_order"),
            models.UniqueConstraint(fields=["analysis", "slug"], name="chapter_unique_slug"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.analysis.natural_key(), self.slug)

    natural_key.dependencies = ["analysis.analysis"]

    def get_absolute_url(self):
        return reverse("analysis:chapter", args=[self.analysis.slug, self.slug])


class ChapterAnalystManager(models.Manager):
    def get_by_natural_key(self, analysis_slug, chapter_slug, analyst_slug):
        return self.get(
            chapter__analysis__slug=analysis_slug,
            chapter__slug=chapter_slug,
            analyst__slug=analyst_slug,
        )


class ChapterAnalyst(Versioned):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="bylines")
    analyst = models.ForeignKey(Analyst, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=1)

    objects = ChapterAnalystManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter", "order"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "analyst"], name="chapter_analyst_unique"),
        ]

    def __str__(self):
        return f"{self.analyst} — {self.chapter}"

    def natural_key(self):
        return (*self.chapter.natural_key(), *self.analyst.natural_key())

    natural_key.dependencies = ["analysis.chapter", "analysis.analyst"]


class ParagraphManager(models.Manager):
    def get_by_natural_key(self, analysis_slug, chapter_slug, order):
        return self.get(
            chapter__analysis__slug=analysis_slug, chapter__slug=chapter_slug, order=order
        )


class Paragraph(Versioned):
    """Our own summary of one step of a chapter's argument.

    ``text`` carries the chapter's footnote markers as ``[^N]``, rendered as linked
    superscripts in the chapter reader.
    """

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=300, blank=True, help_text="Section heading, if any.")
    text = models.TextField()

    objects = ParagraphManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter", "order"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "order"], name="paragraph_unique_order"),
        ]

    def __str__(self):
        return f"{self.chapter} ¶{self.order}"

    def natural_key(self):
        return (*self.chapter.natural_key(), self.order)

    natural_key.dependencies = ["analysis.chapter"]


class FootnoteQuerySet(models.QuerySet):
    def get_by_natural_key(self, analysis_slug, chapter_slug, number):
        return self.get(
            chapter__analysis__slug=analysis_slug, chapter__slug=chapter_slug, number=number
        )

    def unresolved(self):
        return self.exclude(unresolved_reason="")


class Footnote(Versioned, TimeStampedModel):
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="footnotes")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(help_text="The citation exactly as printed.")
    reconstruction_note = models.TextField(
        blank=True, help_text="How the text was put back together if the extraction split it."
    )
    unresolved_reason = models.TextField(
        blank=True, help_text="Why no publication record could be linked, if none is."
    )
    publications = models.ManyToManyField(
        "sources.Publication", through="Citation", related_name="footnotes", blank=True
    )

    objects = FootnoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "number"], name="footnote_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="footnote_number_positive"),
        ]

    def __str__(self):
        return f"{self.chapter.title}, note {self.number}"

    def natural_key(self):
        return (*self.chapter.natural_key(), self.number)

    natural_key.dependencies = ["analysis.chapter"]

    def save(self, *args, **kwargs):
        # One transaction with what the floors above do on post_save (the debate copies the
        # chapter onto the positions the note stands for: apps/debate/copies.py).
        with transaction.atomic():
            super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"fn-{self.number}"

    def get_absolute_url(self):
        return f"{self.chapter.get_absolute_url()}#{self.anchor}"


class CitationManager(models.Manager):
    def get_by_natural_key(self, analysis_slug, chapter_slug, number, order):
        return self.get(
            footnote__chapter__analysis__slug=analysis_slug,
            footnote__chapter__slug=chapter_slug,
            footnote__number=number,
            order=order,
        )


class Citation(Versioned):
    """A footnote's link to one publication it cites, in the order cited."""

    footnote = models.ForeignKey(Footnote, on_delete=models.CASCADE, related_name="citations")
    publication = models.ForeignKey(
        "sources.Publication", on_delete=models.PROTECT, related_name="citations"
    )
    order = models.PositiveSmallIntegerField(default=1)
    pinpoint = models.CharField(max_length=100, blank=True, help_text="Page or section cited.")

    objects = CitationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["footnote", "order"]
        constraints = [
            models.UniqueConstraint(fields=["footnote", "order"], name="citation_unique_order"),
            models.UniqueConstraint(
                fields=["footnote", "publication"], name="citation_unique_publication"
            ),
        ]

    def __str__(self):
        return f"{self.footnote} → {self.publication}"

    def natural_key(self):
        return (*self.footnote.natural_key(), self.order)

    natural_key.dependencies = ["analysis.footnote", "sources.publication"]
