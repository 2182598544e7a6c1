"""Admin forms of positions: themes taken from the question when left empty, and positions
added on a publication's page held by its authors."""

from django import forms
from django.db import models
from django.db.models import F

from apps.core.forms import AutoSlugForm

from .models import Position, PositionHolder, Theme


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


class DrawnPositionForm(PositionAdminForm):
    """A position as an inline of the publication it is drawn from."""

    class Meta:
        model = Position
        fields = ["summary", "themes", "question", "stance", "quote_zh", "quote_en", "pinpoint"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "quote_zh": forms.Textarea(attrs={"rows": 2, "cols": 60, "lang": "zh-Hans"}),
            "quote_en": forms.Textarea(attrs={"rows": 2, "cols": 60}),
        }
