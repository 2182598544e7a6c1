"""No lost update in the admin: every form of a :class:`~apps.core.models.Versioned` record
carries the version its editor saw, and a save based on an older one is refused with who
saved the newer one, when, and what they changed. The editor's input stays in the form, with
the newer version, so that saving again deliberately overwrites it.

Only an edit of what someone else changed is a conflict. A form posted from an older version
but left as that version held it (a row of a long page that only someone else changed) is not
saved, and the newer save stands; a form whose fields the newer save left alone (it changed an
inline row, say) is saved over it.

The form's check gives the message; the claim in the save path (:func:`claim`, a conditional
UPDATE inside the admin's transaction) makes it race-safe: of two saves from the same version
only one gets through, and the admin reruns the other, whose form then finds the newer one.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timezone import localtime

from .models import Versioned

SEEN = "seen_version"
SHOWN_CHARS = 160


class StaleEdit(Exception):
    """A save lost the race for a version: roll back and show the form again."""


def is_versioned(model: type[models.Model]) -> bool:
    return issubclass(model, Versioned)


def with_seen_version(model: type[models.Model], fieldsets: list) -> list:
    """``fieldsets`` with the hidden version field in the last one, for a versioned model."""
    if not is_versioned(model) or SEEN in flatten_fieldsets(fieldsets):
        return fieldsets
    *before, (name, options) = fieldsets
    return [*before, (name, {**options, "fields": [*options["fields"], SEEN]})]


def current_version(instance: Versioned) -> int | None:
    if instance.pk is None:
        return None
    if hasattr(instance, "_history"):  # an older version, being reverted to
        return (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
    return instance.version


class VersionedForm(forms.ModelForm):
    """Refuses to save over a version of the record newer than the one its editor saw."""

    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_versioned(self._meta.model):
            del self.fields[SEEN]
            return
        self.current_version = current_version(self.instance)
        self.fields[SEEN].initial = self.current_version

    untouched = False  # posted from an older version that its editor left as it was

    @cached_property
    def _edited(self) -> list[str]:
        # A row is changed by what its editor changed, not by the version they saw.
        return [name for name in super().changed_data if name != SEEN]

    @property
    def changed_data(self):
        return [] if self.untouched else self._edited

    def clean(self):
        cleaned = super().clean()
        if SEEN in self.fields and self.instance.pk is not None:
            # A post that does not say what it saw is taken to have seen the current version.
            self.seen = cleaned.get(SEEN) or self.current_version
            if self.seen != self.current_version:
                seen = self._seen_instance()
                if seen is not None and self._holds(seen, lambda field: _posted(cleaned, field)):
                    # Someone else's newer save stands; this copy of it is left unsaved.
                    self.untouched = True
                elif seen is not None and self._holds(seen, self._current):
                    # The newer save changed nothing this form shows: saved over it.
                    self.seen = self.current_version
                else:
                    self.data = self.data.copy()
                    self.data[self.add_prefix(SEEN)] = self.current_version
                    raise stale_error(self.instance, self.seen, list(self.fields))
        return cleaned

    def _seen_instance(self) -> Versioned | None:
        record = self.instance.history.filter(version=self.seen).first()
        return None if record is None else record.instance

    def _current(self, field: models.Field):
        return getattr(self.instance, field.attname)  # as stored: the form has not set it yet

    def _holds(self, seen: Versioned, value_of) -> bool:
        """Whether every field of this form has, by ``value_of``, the value of the version its
        editor saw (from the history). Fields the history does not keep (many-to-many, a
        row's delete box) must be posted as they are stored now."""
        for name in self.fields:
            if name == SEEN:
                continue
            try:
                field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is None or not field.concrete or field.many_to_many:
                if name in self._edited:
                    return False
            elif value_of(field) != getattr(seen, field.attname):
                return False
        return True


_MISSING = object()


def _posted(cleaned: dict, field: models.Field):
    posted = cleaned.get(field.name, _MISSING)
    if isinstance(posted, models.Model):  # a relation, or an inline row's own id
        return posted.pk
    return posted


def claim(obj: models.Model, form: forms.BaseForm) -> None:
    """Claim the version ``form``'s editor saw for the save of ``obj`` (in the admin)."""
    if SEEN in form.fields and not obj.claim_version(form.seen):
        raise StaleEdit


def stale_error(instance: Versioned, seen: int, shown: list[str]) -> ValidationError:
    history = instance.history.all()
    latest = history.first()
    user = latest.history_user if latest else None
    who = (user.get_full_name() or user.get_username()) if user else "someone outside the admin"
    when = date_format(localtime(latest.history_date), "j F Y, H:i:s") if latest else "meanwhile"
    seen_record = history.filter(version=seen).first()
    changes = "the version you opened is no longer in the history"
    if latest is not None and seen_record is not None:
        names = [f.name for f in instance._meta.concrete_fields if f.name in shown]
        delta = latest.diff_against(seen_record, included_fields=names, foreign_keys_are_objs=True)
        changes = (
            format_html_join(
                "; ",
                "{}: “{}” → “{}”",
                (
                    (instance._meta.get_field(c.field).verbose_name, _shown(c.old), _shown(c.new))
                    for c in delta.changes
                ),
            )
            or "no field of this form"
        )
    return ValidationError(
        format_html(
            "{} saved this {} on {} after you opened it (version {} → {}). Their change: {}. "
            "Nothing of yours was written; your input is still below. Save again to "
            "overwrite their change with yours.",
            who,
            instance._meta.verbose_name,
            when,
            seen,
            current_version(instance),
            changes,
        ),
        code="stale",
    )


def _shown(value) -> str:
    return Truncator("" if value is None else str(value)).chars(SHOWN_CHARS) or "(empty)"
