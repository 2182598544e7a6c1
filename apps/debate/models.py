from collections.abc import Collection

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from apps.core.chinese import search_document, strip_tones, term_pinyin
from apps.core.models import (
    DatePrecision,
    SluggedModel,
    SlugQuerySet,
    TimeStampedModel,
    Versioned,
)

from .relations import Attribution, PositionRelation, RelationKind  # noqa: F401 (registered here)


class Theme(Versioned, SluggedModel):
    name = models.CharField(max_length=200)
    name_zh = models.CharField("Chinese name", max_length=100, blank=True)
    description = models.TextField(help_text="What the theme covers, in a paragraph.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("debate:theme", args=[self.slug])


class QuestionManager(models.Manager):
    def get_by_natural_key(self, theme_slug, slug):
        return self.get(theme__slug=theme_slug, slug=slug)


class Question(Versioned, TimeStampedModel):
    """A contested question inside a theme, on which experts take stances."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="questions")
    slug = models.SlugField(max_length=120)
    text = models.CharField(max_length=300, help_text="Phrased as a yes/no question.")
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = QuestionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "slug"], name="question_unique_slug"),
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.theme.natural_key(), self.slug)

    natural_key.dependencies = ["debate.theme"]

    def get_absolute_url(self):
        return f"{self.theme.get_absolute_url()}#q-{self.slug}"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "supports"
    OPPOSES = "opposes", "opposes"
    QUALIFIED = "qualified", "qualified"


class PositionQuerySet(SlugQuerySet):
    def on_theme(self, theme):
        return self.filter(themes=theme)

    def held_by(self, expert):
        return self.filter(holders__expert=expert)

    def with_listing_relations(self):
        """What a viewpoint card shows, in a constant number of queries."""
        return self.select_related(
            "question__theme", "source__venue", "footnote__chapter__analysis"
        ).prefetch_related(
            "themes",
            models.Prefetch(
                "holders",
                queryset=PositionHolder.objects.select_related("expert", "institution"),
            ),
        )


class Position(Versioned, SluggedModel):
    """A viewpoint an expert, several co-authors or a body holds, drawn from one source."""

    themes = models.ManyToManyField(Theme, related_name="positions")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="positions"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    summary = models.TextField(help_text="In our own words.")
    quote_zh = models.TextField("quote (Chinese)", blank=True)
    quote_en = models.TextField("quote (English)", blank=True)
    source = models.ForeignKey(
        "sources.Publication", on_delete=models.PROTECT, related_name="positions"
    )
    pinpoint = models.CharField(max_length=100, blank=True, help_text="Page or section.")
    footnote = models.ForeignKey(
        "analysis.Footnote",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
        help_text="The analysis footnote that cites the source.",
    )
    is_analyst_reading = models.BooleanField(
        default=False,
        help_text="The stance is the analyst's reading of the source, not the expert's words.",
    )
    reading_note = models.TextField(blank=True, help_text="Whose reading, and on what basis.")
    search_text = models.TextField(blank=True, editable=False)
    # Copies of the source's date (and how precise it is), kind and year and of the footnote's
    # chapter, so that /viewpoints/ sorts, filters and counts on columns of its own table
    # without joins (kept in step by fill_derived_fields() on save and load, and by
    # Publication.save() and Footnote.save()).
    source_date = models.DateField(null=True, blank=True, editable=False)
    source_date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN, editable=False
    )
    source_kind = models.CharField(max_length=20, blank=True, editable=False)
    source_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    chapter = models.ForeignKey(
        "analysis.Chapter",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    tags = TaggableManager(blank=True)
    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["-created_at", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance="") | Q(stance__in=Stance.values), name="position_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(stance="") | Q(question__isnull=False),
                name="position_stance_needs_question",
                violation_error_message=(
                    "A stance answers a question: choose the question, or leave the stance empty."
                ),
            ),
        ]
        indexes = [
            # /viewpoints/ facet on question and stance.
            models.Index(fields=["question", "stance"], name="position_question_stance"),
            # The scalar facets read from this narrow index, not the wide rows (index-only
            # scans). PostgreSQL only: Django skips covering indexes elsewhere.
            models.Index(
                fields=["id"],
                include=["stance", "question", "source_kind", "source_year", "chapter"],
                name="position_facet_columns",
            ),
            # The sort indexes on source_date (NULLS LAST, which SQLite cannot index) are made
            # on PostgreSQL only, by migration 0004.
        ]

    def __str__(self):
        return self.summary[:80]

    def get_absolute_url(self):
        return reverse("debate:position", args=[self.pk])

    def refresh_search_text(self):
        """What a reader may search a viewpoint by: its words, its holders, themes, question,
        source titles and glossary terms.

        Holders, themes and terms are read through ``.all()``, so a prefetch (as in
        apps/dataset/loading.py and synthetic.py) spares the queries. They are saved after the
        position, so whoever saves them refreshes the text again (apps/core/admin_base.py).
        """
        holders, themes, terms = [], [], []
        if self.pk:
            holders = [h.expert or h.institution for h in self.holders.all()]
            themes, terms = self.themes.all(), self.glossary_terms.all()
        names = [n for holder in holders if holder for n in (holder.name, holder.name_zh)]
        names += [n for theme in themes for n in (theme.name, theme.name_zh)]
        names += [n for term in terms for n in (term.hanzi, term.pinyin)]
        source = self.source if self.source_id else None
        self.search_text = search_document(
            self.summary,
            self.quote_zh,
            self.quote_en,
            self.question.text if self.question_id else "",
            *((source.title, source.title_original, source.title_transliterated) if source else ()),
            *(term.gloss for term in terms),
            names=tuple(names),
        )

    def fill_derived_fields(self):
        """Copy the source's date, kind and year and the footnote's chapter (see the fields)."""
        source = self.source if self.source_id else None
        self.source_date = source.date if source else None
        self.source_date_precision = source.date_precision if source else DatePrecision.UNKNOWN
        self.source_kind = source.kind if source else ""
        self.source_year = source.date.year if source and source.date else None
        self.chapter_id = self.footnote.chapter_id if self.footnote_id else None

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        self.fill_derived_fields()
        super().save(*args, **kwargs)


class PositionHolderManager(models.Manager):
    def get_by_natural_key(self, position_slug, order):
        return self.get(position__slug=position_slug, order=order)


class PositionHolder(Versioned):
    """Who holds a position: an expert (with their role at the time), or a body."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="holders")
    order = models.PositiveSmallIntegerField(default=1)
    expert = models.ForeignKey(
        "people.Expert",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="position_holdings",
    )
    institution = models.ForeignKey(
        "people.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="position_holdings",
        help_text="The expert's institution at the time, or the body holding the position.",
    )
    role = models.CharField(max_length=300, blank=True, help_text="Role at the time, as stated.")
    group_label = models.CharField(
        max_length=200, blank=True, help_text="For unnamed groups, e.g. symposium participants."
    )

    objects = PositionHolderManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "order"]
        constraints = [
            models.UniqueConstraint(fields=["position", "order"], name="holder_unique_order"),
            # An expert holds a position once (a body can appear twice: two of its members).
            models.UniqueConstraint(fields=["position", "expert"], name="holder_unique_expert"),
            models.CheckConstraint(
                condition=Q(expert__isnull=False) | Q(institution__isnull=False),
                name="holder_is_expert_or_institution",
                violation_error_message="Each holder is an expert or an institution: choose one.",
            ),
        ]
        indexes = [
            # /viewpoints/ facets on expert and institution; expert pages list positions.
            models.Index(fields=["expert", "position"], name="holder_expert_position"),
            models.Index(fields=["institution", "position"], name="holder_institution_position"),
        ]

    def __str__(self):
        who = self.expert.name if self.expert_id else (self.group_label or self.institution.name)
        return f"{who}: {self.position}"

    def natural_key(self):
        return (*self.position.natural_key(), self.order)

    natural_key.dependencies = ["debate.position", "people.expert", "people.institution"]


class GlossaryTerm(Versioned, SluggedModel):
    hanzi = models.CharField(max_length=60, unique=True)
    pinyin = models.CharField(
        max_length=200, blank=True, help_text="With tone marks; filled in from the hanzi if empty."
    )
    pinyin_plain = models.CharField(max_length=200, blank=True, editable=False)
    gloss = models.CharField("English gloss", max_length=300)
    note = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, related_name="glossary_terms", blank=True)
    positions = models.ManyToManyField(Position, related_name="glossary_terms", blank=True)
    search_text = models.TextField(blank=True, editable=False)

    history = HistoricalRecords(m2m_fields=[themes, positions])

    class Meta:
        ordering = ["pinyin_plain"]

    def __str__(self):
        return f"{self.hanzi} {self.pinyin}"

    def get_absolute_url(self):
        return f"{reverse('debate:glossary')}#{self.slug}"

    def fill_derived_fields(self):
        if not self.pinyin:
            self.pinyin = term_pinyin(self.hanzi)
        self.pinyin_plain = strip_tones(self.pinyin)
        self.search_text = search_document(self.gloss, self.note, names=(self.hanzi, self.pinyin))

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)


class IndexChange(models.Model):
    """What each data version changed, so a process holding the facet index of an earlier
    version re-reads only those positions (apps/debate/facetindex/) instead of everything.
    Logged for each new :class:`~apps.core.models.DataVersion` (apps/debate/changes.py)."""

    class Scope(models.IntegerChoices):
        NOTHING = 0, "no facet"
        POSITION = 1, "one position's facets"
        LABELS = 2, "facet labels"
        EVERYTHING = 3, "anything"
        TEXT = 4, "a position's search text (none: any)"

    # More positions than this in one write are logged as EVERYTHING: re-reading all is as fast.
    MAX_POSITIONS = 1000
    # The log keeps the latest this many rows.
    KEEP = 20000

    id = models.BigAutoField(primary_key=True)
    token = models.CharField(max_length=32, db_index=True)
    scope = models.PositiveSmallIntegerField(choices=Scope.choices)
    position_id = models.IntegerField(null=True)

    def __str__(self):
        return f"{self.token}: {self.get_scope_display()} {self.position_id or ''}".strip()

    @classmethod
    def log(
        cls,
        token: str,
        positions: "set[int] | None" = None,
        labels: bool = False,
        texts: Collection[int] = (),
    ) -> None:
        """Log a new version with the positions whose facets may have changed (None: any,
        e.g. after a bulk load), whether facet labels (names, kinds) may have, and the
        positions whose search text alone changed."""
        Scope = cls.Scope
        if positions is None or len(positions) > cls.MAX_POSITIONS:
            rows = [cls(token=token, scope=Scope.EVERYTHING)]
        else:
            rows = [cls(token=token, scope=Scope.POSITION, position_id=pk) for pk in positions]
            if labels:
                rows.append(cls(token=token, scope=Scope.LABELS))
            if len(texts) > cls.MAX_POSITIONS:
                rows.append(cls(token=token, scope=Scope.TEXT))
            else:
                rows += [cls(token=token, scope=Scope.TEXT, position_id=pk) for pk in texts]
            if not rows:
                rows.append(cls(token=token, scope=Scope.NOTHING))
        created = cls.objects.bulk_create(rows)
        last = created[-1].pk
        if last and last % 1000 == 0:  # now and then, forget what no process can need
            cls.objects.filter(pk__lte=last - cls.KEEP).delete()
