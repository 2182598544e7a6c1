from django import forms
from django.contrib import admin

from apps.analysis.models import Citation
from apps.debate.models import Position
from apps.research.admin_base import ResearchAdmin
from apps.research.forms import (
    AutoOrderInlineFormSet,
    AutoSlugForm,
    DrawnPositionFormSet,
    PositionAdminForm,
    PublicationAdminForm,
)

from .models import Authorship, Publication, Venue


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    formset = AutoOrderInlineFormSet
    extra = 1
    autocomplete_fields = ["expert"]
    fields = ["order", "expert"]
    verbose_name = "author"
    verbose_name_plural = (
        "authors (in the order printed; leave the order empty to number them top to bottom)"
    )


class DrawnPositionForm(PositionAdminForm):
    class Meta:
        model = Position
        fields = ["summary", "themes", "question", "stance", "quote_zh", "quote_en", "pinpoint"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "quote_zh": forms.Textarea(attrs={"rows": 2, "cols": 60, "lang": "zh-Hans"}),
            "quote_en": forms.Textarea(attrs={"rows": 2, "cols": 60}),
        }


class PositionInline(admin.StackedInline):
    """Positions drawn from this source, held by its authors unless the position's own page
    records other holders; tags on that page too."""

    model = Position
    form = DrawnPositionForm
    formset = DrawnPositionFormSet
    fk_name = "source"
    extra = 0
    show_change_link = True
    autocomplete_fields = ["themes", "question"]
    verbose_name = "position drawn from this source"
    verbose_name_plural = (
        "positions drawn from this source (held by its authors unless you record other "
        "holders on the position’s own page)"
    )


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    autocomplete_fields = ["footnote"]
    fields = ["footnote", "order", "pinpoint"]
    verbose_name = "footnote citing this source"
    verbose_name_plural = "footnotes citing this source"


@admin.register(Publication)
class PublicationAdmin(ResearchAdmin):
    form = PublicationAdminForm
    list_display = ["title", "title_original", "kind", "venue", "display_date", "language"]
    list_filter = [
        "kind",
        "language",
        "year",
        ("venue", admin.RelatedOnlyFieldListFilter),
        "tags",
        ("url", admin.EmptyFieldListFilter),
        ("archive_url", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["venue"]
    search_fields = ["title", "title_original", "title_transliterated", "url", "search_text"]
    autocomplete_fields = ["venue", "issuing_institution"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["kind", "title_original", "title", "title_transliterated", "language"]}),
        (
            "Where and when",
            {
                "fields": [
                    "venue",
                    "issuing_institution",
                    "publisher",
                    ("volume", "issue", "pages"),
                    ("date", "date_precision"),
                ]
            },
        ),
        ("Links", {"fields": ["url", "archive_url"]}),
        (None, {"fields": ["slug", "tags", "note", "not_a_duplicate"]}),
    ]
    inlines = [AuthorshipInline, PositionInline, CitationInline]


@admin.register(Venue)
class VenueAdmin(ResearchAdmin):
    form = AutoSlugForm
    list_display = ["name", "name_zh", "kind", "publisher"]
    list_filter = ["kind"]
    list_select_related = ["publisher"]
    search_fields = ["name", "name_zh"]
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Authorship)
class AuthorshipAdmin(ResearchAdmin):
    list_display = ["publication", "order", "expert"]
    list_select_related = ["publication", "expert"]
    search_fields = [
        "publication__title",
        "publication__title_original",
        "expert__name",
        "expert__name_zh",
    ]
    autocomplete_fields = ["publication", "expert"]
