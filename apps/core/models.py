import datetime

from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    """Created/updated timestamps that survive fixture loading.

    Defaults rather than ``auto_now*``: fixtures are saved raw, which skips ``auto_now``
    and would leave the columns empty.
    """

    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class DatePrecision(models.TextChoices):
    """How much of a stored date the source actually gives."""

    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"
    UNKNOWN = "unknown", "undated"


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """Render a date only as precisely as the source gave it: '2017', 'June 2018', '9 August 2018'."""
    if value is None or precision == DatePrecision.UNKNOWN:
        return "n.d."
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


class SlugQuerySet(models.QuerySet):
    """Fixtures refer to records by slug, so loading them twice updates rather than duplicates."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SluggedModel(TimeStampedModel):
    """A record with a stable public slug that doubles as its natural key."""

    slug = models.SlugField(max_length=120, unique=True, allow_unicode=False)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)
