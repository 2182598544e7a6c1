from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.chinese import name_pinyin, search_document, strip_tones
from apps.core.inert import WebURLField
from apps.core.models import DatePrecision, SluggedModel, SlugQuerySet, TimeStampedModel, Versioned


class InstitutionKind(models.TextChoices):
    ACADEMY = "academy", "academy"
    THINK_TANK = "think_tank", "think tank"
    UNIVERSITY = "university", "university"
    STATE_BODY = "state_body", "state body"
    PARTY_BODY = "party_body", "party body"
    MEDIA = "media", "party or state media"
    COMPANY = "company", "company"
    MILITARY = "military", "military or defence industry"
    LEGAL = "legal", "court or legal body"
    FOREIGN = "foreign", "foreign organisation"
    OTHER = "other", "other"


class InstitutionQuerySet(SlugQuerySet):
    def of_kind(self, *kinds: str):
        return self.filter(kind__in=kinds)


class Institution(Versioned, SluggedModel):
    name = models.CharField(max_length=300)
    name_zh = models.CharField("Chinese name", max_length=200, blank=True)
    abbreviation = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=InstitutionKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    location = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)
    url = WebURLField(max_length=500, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    objects = InstitutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values), name="institution_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="institution_not_own_parent"
            ),
        ]
        indexes = [
            # /institutions/ groups by kind; /viewpoints/ facets on institution kind.
            models.Index(fields=["kind", "name"], name="institution_kind_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self):
        return reverse("people:institution", args=[self.slug])

    def refresh_search_text(self):
        self.search_text = search_document(
            self.description, names=(self.name, self.name_zh, self.abbreviation)
        )


class Origin(models.TextChoices):
    MAINLAND = "mainland", "mainland China"
    HONG_KONG = "hong_kong", "Hong Kong"
    TAIWAN = "taiwan", "Taiwan"
    FOREIGN = "foreign", "foreign"


class ExpertQuerySet(SlugQuerySet):
    def chinese(self):
        return self.exclude(origin=Origin.FOREIGN)

    def chinese_first(self):
        """Chinese experts first, then foreign authors cited for context; by name within."""
        return self.annotate(
            is_foreign=Case(When(origin=Origin.FOREIGN, then=1), default=0)
        ).order_by("is_foreign", "name")

    def with_latest_affiliations(self):
        return self.prefetch_related(
            models.Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("institution").order_by(
                    "is_former", F("as_of").desc(nulls_last=True)
                ),
            )
        )


class Expert(Versioned, SluggedModel):
    """A person who takes part in, or is cited in, the debate.

    Foreign journalists and authors of cited sources are experts too (origin ``foreign``),
    so every cited person has one record; the origin tells them apart from Chinese voices.
    """

    name = models.CharField(
        max_length=200, help_text="Display name in English; Chinese names surname first."
    )
    name_zh = models.CharField("name in hanzi", max_length=60, blank=True)
    pinyin = models.CharField(
        max_length=120, blank=True, help_text="With tone marks; filled in from the hanzi if empty."
    )
    pinyin_plain = models.CharField(max_length=120, blank=True, editable=False)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.MAINLAND)
    description = models.TextField(blank=True, help_text="Who they are, in a sentence or two.")
    note = models.TextField(
        blank=True, help_text="Discrepancies between sources, e.g. pinyin and hanzi disagree."
    )
    search_text = models.TextField(blank=True, editable=False)

    objects = ExpertQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="expert_origin_valid"
            ),
        ]
        indexes = [
            # Duplicate guard and search look experts up by hanzi.
            models.Index(fields=["name_zh"], name="expert_name_zh"),
        ]

    def __str__(self):
        return f"{self.name} ({self.name_zh})" if self.name_zh else self.name

    def get_absolute_url(self):
        return reverse("people:expert", args=[self.slug])

    def fill_derived_fields(self):
        if self.name_zh and not self.pinyin:
            self.pinyin = name_pinyin(self.name_zh)
        self.pinyin_plain = strip_tones(self.pinyin)

    def refresh_search_text(self, aliases=None):
        if aliases is None:
            aliases = [a.name for a in self.aliases.all()] if self.pk else []
        self.search_text = search_document(
            self.description, names=(self.name, self.name_zh, self.pinyin, *aliases)
        )

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        self.refresh_search_text()
        super().save(*args, **kwargs)


class ExpertAliasManager(models.Manager):
    def get_by_natural_key(self, expert_slug, name):
        return self.get(expert__slug=expert_slug, name=name)


class ExpertAlias(Versioned, TimeStampedModel):
    """A variant spelling as printed in a source; kept, never silently corrected."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    note = models.CharField(max_length=300, blank=True, help_text="Where the variant appears.")

    objects = ExpertAliasManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "expert aliases"
        constraints = [
            models.UniqueConstraint(fields=["expert", "name"], name="alias_unique_per_expert"),
        ]

    def __str__(self):
        return f"{self.name} → {self.expert.name}"

    def natural_key(self):
        return (*self.expert.natural_key(), self.name)

    natural_key.dependencies = ["people.expert"]


class AffiliationManager(models.Manager):
    def get_by_natural_key(self, expert_slug, institution_slug, role):
        return self.get(expert__slug=expert_slug, institution__slug=institution_slug, role=role)


class Affiliation(Versioned, TimeStampedModel):
    """The role an expert held at an institution as a given source states it."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="affiliations")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="affiliations"
    )
    role = models.CharField(max_length=300, blank=True, help_text="Role or title as stated.")
    as_of = models.DateField(null=True, blank=True, help_text="When the source states it.")
    as_of_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    is_former = models.BooleanField(default=False, help_text="The source calls the role former.")
    source = models.ForeignKey(
        "sources.Publication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stated_affiliations",
    )

    objects = AffiliationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["expert__name", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "institution", "role"], name="affiliation_unique_role"
            ),
            models.CheckConstraint(
                condition=Q(as_of_precision__in=DatePrecision.values),
                name="affiliation_precision_valid",
            ),
        ]

    def __str__(self):
        role = f"{self.role}, " if self.role else ""
        return f"{self.expert.name}: {role}{self.institution.name}"

    def natural_key(self):
        return (*self.expert.natural_key(), *self.institution.natural_key(), self.role)

    natural_key.dependencies = ["people.expert", "people.institution"]
