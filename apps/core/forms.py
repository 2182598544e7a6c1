"""Admin form building blocks every domain admin uses: slugs made when left empty, inline rows
numbered in order, and the duplicate guard (each domain says what a duplicate is); all of
them versioned (apps/core/versions.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from slugify import slugify

from .duplicates import Match
from .versions import VersionedForm

SLUG_MAX_WORDS_LENGTH = 80


def unique_slug(model: type[models.Model], text: str, fallback: str = "record") -> str:
    """A slug for ``text`` that no row of ``model`` uses yet: 'x', else 'x-2', 'x-3'…"""
    base = slugify(text or "", max_length=SLUG_MAX_WORDS_LENGTH, word_boundary=True) or fallback
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class AutoSlugForm(VersionedForm):
    """Leave the slug empty and it is made from ``slug_source`` (the name or title)."""

    slug_source = "name"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Part of the public URL; made from the name if empty."

    def clean(self):
        cleaned = super().clean()
        source = str(cleaned.get(self.slug_source) or "")[:200]
        if "slug" in self.fields:
            if not cleaned.get("slug"):
                cleaned["slug"] = unique_slug(self._meta.model, source)
        elif not self.instance.slug:  # inlines that leave the slug out altogether
            self.instance.slug = unique_slug(self._meta.model, source)
        return cleaned


def duplicate_error(matches: list[Match], noun: str) -> ValidationError:
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a> ({})',
        ((m.admin_url, m.label, m.reason) for m in matches),
    )
    return ValidationError(
        format_html(
            "This {} may already be recorded: {}. Open the existing record, or tick "
            "“This is a different record with the same title/name” to save anyway.",
            noun,
            links,
        ),
        code="duplicate",
    )


class DuplicateGuardForm(AutoSlugForm):
    """Stops a save that duplicates an existing record unless the override box is ticked."""

    guarded_fields: tuple[str, ...] = ()
    noun = "record"

    not_a_duplicate = forms.BooleanField(
        required=False,
        label="This is a different record with the same title/name",
        help_text="Tick only for true homonyms: different works or people that share a title or name.",
    )

    def find_duplicates(self, cleaned: dict) -> list[Match]:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        guarded_changed = not self.instance.pk or any(
            name in self.changed_data for name in self.guarded_fields
        )
        if guarded_changed and not cleaned.get("not_a_duplicate"):
            matches = self.find_duplicates(cleaned)
            if matches:
                raise duplicate_error(matches, self.noun)
        return cleaned


class AutoOrderInlineFormSet(forms.BaseInlineFormSet):
    """Rows left without an order are numbered after the highest order given, top to bottom."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["order"].required = False
        if form.instance.pk is None:  # not the model default 1, or every new row says 1
            form.initial.pop("order", None)
            form.fields["order"].initial = None

    def clean(self):
        live = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        next_order = max((form.cleaned_data.get("order") or 0 for form in live), default=0) + 1
        for form in live:
            if not form.cleaned_data.get("order"):
                form.cleaned_data["order"] = form.instance.order = next_order
                next_order += 1
        super().clean()
