from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from apps.core.chinese import search_document
from apps.core.inert import WebURLField
from apps.core.models import (
    DatePrecision,
    SluggedModel,
    SlugQuerySet,
    Versioned,
    format_partial_date,
)


class VenueKind(models.TextChoices):
    JOURNAL = "journal", "journal"
    NEWSPAPER = "newspaper", "newspaper"
    NEWS_AGENCY = "news_agency", "news agency"
    WEBSITE = "website", "website"
    BOOK_SERIES = "book_series", "book or report series"
    CONFERENCE = "conference", "conference or symposium"
    PUBLISHER = "publisher", "publisher"
    OTHER = "other", "other"


class Venue(Versioned, SluggedModel):
    """A journal, newspaper, website or other outlet where sources appear."""

    name = models.CharField(max_length=300)
    name_zh = models.CharField("Chinese name", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=VenueKind.choices, default=VenueKind.JOURNAL)
    publisher = models.ForeignKey(
        "people.Institution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
    )
    url = WebURLField(max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=VenueKind.values), name="venue_kind_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.name_zh})" if self.name_zh else self.name


class PublicationKind(models.TextChoices):
    JOURNAL_ARTICLE = "journal_article", "journal article"
    REPORT = "report", "report"
    BOOK = "book", "book"
    BOOK_CHAPTER = "book_chapter", "book chapter"
    INTERVIEW = "interview", "interview"
    SPEECH = "speech", "speech or remarks"
    PRESS_CONFERENCE = "press_conference", "press conference"
    NEWS_ARTICLE = "news_article", "news article"
    COMMENTARY = "commentary", "commentary or op-ed"
    POLICY_DOCUMENT = "policy_document", "policy document"
    LAW = "law", "law or regulation"
    WHITE_PAPER = "white_paper", "white paper"
    CONFERENCE_PAPER = "conference_paper", "conference paper"
    WEB_PAGE = "web_page", "web page"
    OTHER = "other", "other"


class Language(models.TextChoices):
    CHINESE = "zh", "Chinese"
    ENGLISH = "en", "English"


class PublicationQuerySet(SlugQuerySet):
    def by(self, expert):
        return self.filter(authorships__expert=expert)

    def with_listing_relations(self):
        """What a list row shows: venue, issuer and ordered authors, in constant queries."""
        return self.select_related("venue", "issuing_institution").prefetch_related(
            models.Prefetch("authorships", queryset=Authorship.objects.select_related("expert"))
        )


class Publication(Versioned, SluggedModel):
    kind = models.CharField(max_length=20, choices=PublicationKind.choices)
    title = models.CharField(
        "English title", max_length=500, help_text="Translated title, or the title if in English."
    )
    title_original = models.CharField(
        "original title", max_length=500, blank=True, help_text="In the original language."
    )
    title_transliterated = models.CharField(
        "transliterated title",
        max_length=500,
        blank=True,
        help_text="Pinyin, if the source gives it.",
    )
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.CHINESE)
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    issuing_institution = models.ForeignKey(
        "people.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_publications",
        help_text="For documents issued by a body rather than written by named authors.",
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Book publisher, as printed."
    )
    volume = models.CharField(max_length=40, blank=True)
    issue = models.CharField(max_length=40, blank=True)
    pages = models.CharField(max_length=40, blank=True)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    url = WebURLField(max_length=1000, blank=True)
    archive_url = WebURLField("archived copy", max_length=1000, blank=True)
    note = models.TextField(blank=True, help_text="E.g. 'On file with author'.")
    authors = models.ManyToManyField(
        "people.Expert", through="Authorship", related_name="publications", blank=True
    )
    search_text = models.TextField(blank=True, editable=False)

    tags = TaggableManager(blank=True)
    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PublicationKind.values), name="publication_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True, date_precision=DatePrecision.UNKNOWN)
                | (Q(date__isnull=False) & ~Q(date_precision=DatePrecision.UNKNOWN)),
                name="publication_date_has_precision",
                violation_error_message=(
                    "A date needs its precision (day, month or year), and “undated” needs an "
                    "empty date: for a source dated 2019 only, enter 2019-01-01 and “year”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="publication_language_valid"
            ),
        ]
        indexes = [
            # Duplicate guard: a new source with a known URL is stopped.
            models.Index(fields=["url"], name="publication_url"),
            # /viewpoints/ facet on publication year and kind.
            models.Index(fields=["year", "kind"], name="publication_year_kind"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:publication", args=[self.slug])

    @property
    def display_date(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    def fill_derived_fields(self):
        self.year = self.date.year if self.date else None

    def refresh_search_text(self):
        author_names = (
            [n for a in self.authorships.all() for n in (a.expert.name, a.expert.name_zh)]
            if self.pk
            else []
        )
        self.search_text = search_document(
            self.title,
            self.title_original,
            self.title_transliterated,
            self.venue.name if self.venue_id else "",
            self.venue.name_zh if self.venue_id else "",
            names=tuple(author_names),
        )

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        self.refresh_search_text()
        # One transaction with what the floors above do on post_save (the debate copies the
        # date, kind and year onto the positions drawn from it: apps/debate/copies.py).
        with transaction.atomic():
            super().save(*args, **kwargs)


class AuthorshipManager(models.Manager):
    def get_by_natural_key(self, publication_slug, order):
        return self.get(publication__slug=publication_slug, order=order)


class Authorship(Versioned):
    """An author of a publication, in the order printed."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships"
    )
    expert = models.ForeignKey(
        "people.Expert", on_delete=models.PROTECT, related_name="authorships"
    )
    order = models.PositiveSmallIntegerField(default=1)

    objects = AuthorshipManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["publication", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "order"], name="authorship_unique_order"
            ),
            models.UniqueConstraint(
                fields=["publication", "expert"], name="authorship_unique_author"
            ),
            models.CheckConstraint(condition=Q(order__gte=1), name="authorship_order_positive"),
        ]

    def __str__(self):
        return f"{self.order}. {self.expert.name}"

    def natural_key(self):
        return (*self.publication.natural_key(), self.order)

    natural_key.dependencies = ["sources.publication", "people.expert"]
