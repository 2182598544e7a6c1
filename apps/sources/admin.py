from django.contrib import admin

from apps.core.admin_base import ResearchAdmin, ResearchTabularInline
from apps.core.forms import AutoOrderInlineFormSet, AutoSlugForm

from .forms import PublicationAdminForm
from .models import Authorship, Publication, Venue


class AuthorshipInline(ResearchTabularInline):
    model = Authorship
    formset = AutoOrderInlineFormSet
    extra = 1
    autocomplete_fields = ["expert"]
    fields = ["order", "expert"]
    verbose_name = "author"
    verbose_name_plural = (
        "authors (in the order printed; leave the order empty to number them top to bottom)"
    )


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
    # The floors above add the positions drawn from it and the footnotes citing it.
    inlines = [AuthorshipInline]


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
