"""Who answers whom: a relation between two positions, and the evidence for it.

Defined apart from :mod:`.models` (which imports it, so Django registers it) to keep each
module short; it names the models it links by label.
"""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel, Versioned


class RelationKind(models.TextChoices):
    SUPPORTS = "supports", "supports"
    DISPUTES = "disputes", "disputes"
    QUALIFIES = "qualifies", "qualifies (agrees in part)"
    RESPONDS = "responds", "responds to"


class Attribution(models.TextChoices):
    SOURCE = "source", "the source says so"
    ANALYST = "analyst", "the analyst infers it"


class PositionRelationManager(models.Manager):
    def get_by_natural_key(self, position_slug, target_slug, kind):
        return self.get(position__slug=position_slug, target__slug=target_slug, kind=kind)


class PositionRelation(Versioned, TimeStampedModel):
    """``position`` supports, disputes, qualifies or responds to ``target``, as a footnote or
    a publication shows, said by the source or inferred by the analyst."""

    position = models.ForeignKey(
        "debate.Position", on_delete=models.CASCADE, related_name="relations_made"
    )
    kind = models.CharField(max_length=10, choices=RelationKind.choices)
    target = models.ForeignKey(
        "debate.Position", on_delete=models.CASCADE, related_name="relations_received"
    )
    footnote = models.ForeignKey(
        "analysis.Footnote",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="position_relations",
        help_text="The footnote of the passage that relates the two.",
    )
    publication = models.ForeignKey(
        "sources.Publication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="position_relations",
        help_text="Or the publication in which one answers the other.",
    )
    attribution = models.CharField(
        max_length=10, choices=Attribution.choices, default=Attribution.ANALYST
    )
    note = models.TextField(help_text="In our own words: how the one answers the other.")

    objects = PositionRelationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "kind", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "target", "kind"], name="relation_unique_kind"
            ),
            models.CheckConstraint(
                condition=~Q(position=F("target")),
                name="relation_not_to_itself",
                violation_error_message="A position cannot answer itself: choose another.",
            ),
            models.CheckConstraint(
                condition=Q(footnote__isnull=False) | Q(publication__isnull=False),
                name="relation_has_evidence",
                violation_error_message="Give the evidence: a footnote or a publication.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="relation_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.position.slug} {self.get_kind_display()} {self.target.slug}"

    def natural_key(self):
        return (self.position.slug, self.target.slug, self.kind)

    natural_key.dependencies = ["debate.position", "analysis.footnote", "sources.publication"]
