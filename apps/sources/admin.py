from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Authorship, Publication, Venue


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 1
    autocomplete_fields = ["expert"]


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "title_original", "kind", "venue", "display_date", "language"]
    list_filter = ["kind", "language", "year", "venue"]
    list_select_related = ["venue"]
    search_fields = ["title", "title_original", "title_transliterated", "url", "search_text"]
    autocomplete_fields = ["venue", "issuing_institution"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AuthorshipInline]


@admin.register(Venue)
class VenueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_zh", "kind", "publisher"]
    list_filter = ["kind"]
    list_select_related = ["publisher"]
    search_fields = ["name", "name_zh"]
    autocomplete_fields = ["publisher"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Authorship)
class AuthorshipAdmin(SimpleHistoryAdmin):
    list_display = ["publication", "order", "expert"]
    list_select_related = ["publication", "expert"]
    search_fields = ["publication__title", "expert__name", "expert__name_zh"]
    autocomplete_fields = ["publication", "expert"]
