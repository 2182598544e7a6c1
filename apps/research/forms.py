"""Admin forms: slugs made when left empty, authors numbered in order, the duplicate guard,
positions that take their theme from their question and their holders from their source."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.html import format_html, format_html_join
from slugify import slugify

from apps.core.chinese import contains_hanzi
from apps.debate.models import PositionHolder, Theme

from .duplicates import Match, PublicationIndex, expert_hanzi_matches

SLUG_MAX_WORDS_LENGTH = 80


def unique_slug(model: type[models.Model], text: str, fallback: str = "record") -> str:
    """A slug for ``text`` that no row of ``model`` uses yet: 'x', else 'x-2', 'x-3'…"""
    base = slugify(text or "", max_length=SLUG_MAX_WORDS_LENGTH, word_boundary=True) or fallback
    taken = set(model._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class AutoSlugForm(forms.ModelForm):
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


class PublicationAdminForm(DuplicateGuardForm):
    slug_source = "title"
    guarded_fields = ("url", "title", "title_original")
    noun = "publication"

    def find_duplicates(self, cleaned):
        index = PublicationIndex.from_db(exclude_pk=self.instance.pk)
        return index.matches(
            cleaned.get("url") or "",
            cleaned.get("title") or "",
            cleaned.get("title_original") or "",
        )


class ExpertAdminForm(DuplicateGuardForm):
    guarded_fields = ("name_zh",)
    noun = "expert"

    def clean_name(self):
        name = self.cleaned_data["name"]
        if contains_hanzi(name):
            raise ValidationError(
                "Write the name in latin letters, Chinese names surname first (Liu Ruisheng), "
                "and the hanzi in “name in hanzi”."
            )
        return name

    def find_duplicates(self, cleaned):
        return expert_hanzi_matches(cleaned.get("name_zh") or "", exclude_pk=self.instance.pk)


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


class PositionAdminForm(AutoSlugForm):
    """Themes may be left empty when a question is chosen: the question's theme is used."""

    slug_source = "summary"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            self.fields["themes"].required = False
            self.fields["themes"].help_text = "Leave empty to use the question’s theme."

    def clean(self):
        cleaned = super().clean()
        if "themes" in self.fields and not cleaned.get("themes"):
            question = cleaned.get("question")
            if question is None:
                self.add_error("themes", "Choose a theme, or a question whose theme is used.")
            else:
                cleaned["themes"] = Theme.objects.filter(pk=question.theme_id)
        return cleaned


class DrawnPositionFormSet(forms.BaseInlineFormSet):
    """Positions added on a publication's page are held by its authors (or the body that
    issued it) until other holders are recorded on the position's own page."""

    def save_new(self, form, commit=True):
        position = super().save_new(form, commit=commit)
        if commit:
            attribute_to_source(position)
        return position


def attribute_to_source(position) -> list[PositionHolder]:
    """Make the source's authors the holders of a position that has none, each with the
    institution the source states for them, else their latest current one."""
    if position.holders.exists():
        return []
    source = position.source
    holders = []
    for order, authorship in enumerate(source.authorships.select_related("expert"), start=1):
        affiliation = (
            authorship.expert.affiliations.filter(is_former=False)
            .order_by(
                # The affiliation this source states first, then the most recent.
                models.Case(models.When(source=source, then=0), default=1),
                F("as_of").desc(nulls_last=True),
            )
            .first()
        )
        holders.append(
            PositionHolder.objects.create(
                position=position,
                order=order,
                expert=authorship.expert,
                institution=affiliation.institution if affiliation else None,
            )
        )
    if not holders and source.issuing_institution_id:
        holders.append(
            PositionHolder.objects.create(
                position=position, order=1, institution=source.issuing_institution
            )
        )
    if holders:
        position.refresh_search_text()
        type(position).objects.filter(pk=position.pk).update(search_text=position.search_text)
    return holders
