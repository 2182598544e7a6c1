import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, models, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .inert import strip_invisible
from .signals import data_changed


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


class Versioned(models.Model):
    """A record researchers edit: its version goes up by one on every save, so that the admin
    can refuse a save based on a version someone else has since replaced
    (apps/core/versions.py)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Before slugs and search columns are derived from the text (apps/core/inert.py).
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str) and isinstance(field, models.CharField | models.TextField):
                setattr(self, field.attname, strip_invisible(value))
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def claim_version(self, seen: int) -> bool:
        """Move the stored version from ``seen`` to the next in one conditional UPDATE, before
        this record is saved from ``seen``: False if it is no longer ``seen``. Inside a
        transaction the row stays locked until it ends, so of two transactions claiming the
        same version on PostgreSQL the second waits for the first and then finds nothing."""
        claimed = type(self)._base_manager.filter(pk=self.pk, version=seen).update(version=seen + 1)
        self.version = seen  # the save writes seen + 1, as claimed
        return bool(claimed)


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


# Set inside DataVersion.replaced_once(): writes there note that the version must change.
_pending_bump: ContextVar[list[bool] | None] = ContextVar("pending_bump", default=None)


class DataVersion(models.Model):
    """One row whose token changes on every write to the domain data.

    Cached page data is keyed by it (apps/core/cache.py), so any save, delete or m2m change of
    a domain record makes it stale at once, in every process. A random token rather than a
    counter: a rolled-back transaction can never bring an old value back for different data.

    The domain apps replace it (apps/debate/changes.py watches every domain model) and may say
    what changed; the floors above listen to :data:`data_changed` for that.
    """

    token = models.CharField(max_length=32)
    # When the token last changed: a page's Last-Modified (apps/core/cache.py).
    changed_at = models.DateTimeField(null=True)

    def __str__(self):
        return self.token

    @classmethod
    def current(cls) -> str:
        """The token, read on every page request."""
        return cls.read()[0]

    @classmethod
    def read(cls) -> tuple[str, datetime.datetime | None]:
        """The token and when it last changed, in one query: as plain SQL, since building the
        ORM query cost twice what running it does (~0.18 of ~0.25 ms)."""
        model = cls._meta
        with connections[router.db_for_read(cls)].cursor() as cursor:
            cursor.execute(f"SELECT token, changed_at FROM {model.db_table} WHERE id = 1")
            row = cursor.fetchone()
        if not row:
            return "", None
        token, changed_at = row
        if isinstance(changed_at, str):
            changed_at = parse_datetime(changed_at)
        if changed_at is not None and timezone.is_naive(changed_at):  # SQLite stores UTC, naive
            changed_at = changed_at.replace(tzinfo=datetime.UTC)
        return token, changed_at

    @classmethod
    def bump(cls, **change) -> str:
        """A new token; ``change`` (what the writer knows it changed) goes to the receivers of
        :data:`data_changed` with it."""
        pending = _pending_bump.get()
        if pending is not None:
            pending.append(True)
            return ""
        token, now = uuid.uuid4().hex, timezone.now()
        if not cls.objects.filter(pk=1).update(token=token, changed_at=now):
            cls.objects.create(pk=1, token=token, changed_at=now)
        data_changed.send(sender=cls, token=token, **change)
        return token

    @classmethod
    def deferred(cls) -> bool:
        """Whether writes now leave the version to :meth:`replaced_once`."""
        return _pending_bump.get() is not None

    @classmethod
    @contextmanager
    def replaced_once(cls) -> Iterator[None]:
        """Inside, writes do not replace the version one by one: it is replaced once when the
        block ends, as a change of anything (a bulk load). Use it inside the writes'
        transaction, so that the new version commits with them."""
        pending = _pending_bump.set([])
        try:
            yield
            wrote = bool(_pending_bump.get())
        finally:
            _pending_bump.reset(pending)
        if wrote:
            cls.bump()
