"""An issue staged for review: what the ingest read and decided, stored to be corrected.

Staging writes only these rows (no domain record, no new data version); publishing writes
the domain records from them (apps/ingest/publishing.py). A draft is the parse of one text:
the same text (by its SHA-256) is staged once. A draft's footnotes and citations point at
the draft itself as well as at their chapter and note, so that the review page can show
them all on one admin page as inlines of the draft.

What reviewers edit (the draft, its chapters, notes and citations) is versioned, with history:
of two reviewers saving from the same version the second is refused, shown the first's change
(apps/core/versions.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.inert import WebURLField
from apps.core.models import Versioned


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    PUBLISHED = "published", "published"


class DraftAnalysis(Versioned):
    title = models.CharField(max_length=300)
    date = models.CharField(max_length=10, blank=True, help_text="As printed: YYYY-MM.")
    source_name = models.CharField("file", max_length=255)
    sha256 = models.CharField("SHA-256 of the text", max_length=64, unique=True)
    status = models.CharField(
        max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT, editable=False
    )
    warnings = models.JSONField(default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    analysis = models.OneToOneField(
        "analysis.Analysis",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft",
        help_text="What publishing the draft wrote.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "draft issue"

    def __str__(self):
        return f"{self.title} ({self.source_name})"

    def get_review_url(self) -> str:
        return reverse("admin:ingest_draftanalysis_change", args=[self.pk])


class DraftChapter(Versioned):
    draft = models.ForeignKey(DraftAnalysis, on_delete=models.CASCADE, related_name="chapters")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    analysts = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["draft", "order"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "order"], name="draft_chapter_unique_order")
        ]

    def __str__(self):
        return self.title


class DraftFootnote(Versioned):
    draft = models.ForeignKey(DraftAnalysis, on_delete=models.CASCADE, related_name="footnotes")
    chapter = models.ForeignKey(DraftChapter, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    comment = models.TextField(blank=True)
    reconstruction = models.TextField(blank=True, help_text="How the note was put together.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["chapter__order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "number"], name="draft_footnote_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.chapter.title}, note {self.number}"


class Decision(models.TextChoices):
    ACCEPT = "accept", "accept the match"
    REMATCH = "rematch", "re-match (another publication)"
    NEW = "new", "new publication"
    REJECT = "reject", "reject (not written)"


class DraftCitation(Versioned):
    """One citation of a note: the fields as parsed (editable), the publication it matched
    and why, and the reviewer's decision."""

    draft = models.ForeignKey(DraftAnalysis, on_delete=models.CASCADE, related_name="citations")
    footnote = models.ForeignKey(DraftFootnote, on_delete=models.CASCADE, related_name="citations")
    order = models.PositiveSmallIntegerField()
    authors = models.JSONField(default=list, blank=True)
    title = models.CharField(max_length=500, blank=True)
    title_original = models.CharField(max_length=500, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    date = models.CharField(max_length=10, blank=True, help_text="2019, 2019-07 or 2019-07-14.")
    url = WebURLField(max_length=1000, blank=True)
    pages = models.CharField(max_length=40, blank=True)
    pinpoint = models.CharField(max_length=100, blank=True)
    ibid = models.BooleanField(default=False)
    publication = models.ForeignKey(
        "sources.Publication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The record this citation links to when accepted or re-matched.",
    )
    reason = models.CharField("why it matched", max_length=200, blank=True, editable=False)
    proposal = models.CharField(
        max_length=120, blank=True, editable=False, help_text="The new work it cites, if new."
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    parsed = models.JSONField(default=dict, editable=False, help_text="The ingest's record.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["footnote__chapter__order", "footnote__number", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["footnote", "order"], name="draft_citation_unique_order"
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=Decision.values), name="draft_decision_valid"
            ),
        ]

    def __str__(self):
        return self.title or self.title_original or f"citation {self.order}"

    @property
    def matched(self) -> bool:
        return self.decision in (Decision.ACCEPT, Decision.REMATCH)


class DraftProposal(models.Model):
    """A record the issue would create, proposed once per issue: a publication, an expert
    or a venue, with the fields publishing gives it and where it is cited."""

    draft = models.ForeignKey(DraftAnalysis, on_delete=models.CASCADE, related_name="proposals")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=20)
    fields = models.JSONField(default=dict)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["draft", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="draft_proposal_unique_key")
        ]

    def __str__(self):
        return f"{self.kind}: {self.fields.get('name') or self.fields.get('title') or self.key}"
