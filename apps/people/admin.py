from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Affiliation, Expert, ExpertAlias, Institution


class ExpertAliasInline(admin.TabularInline):
    model = ExpertAlias
    extra = 0


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["institution", "source"]


@admin.register(Expert)
class ExpertAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_zh", "pinyin", "origin", "updated_at"]
    list_filter = ["origin", "affiliations__institution__kind"]
    search_fields = ["name", "name_zh", "pinyin", "pinyin_plain", "aliases__name", "search_text"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ExpertAliasInline, AffiliationInline]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_zh", "abbreviation", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_zh", "abbreviation", "search_text"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["expert", "institution", "role", "as_of", "is_former"]
    list_filter = ["institution__kind", "is_former"]
    list_select_related = ["expert", "institution"]
    search_fields = ["expert__name", "expert__name_zh", "institution__name", "role"]
    autocomplete_fields = ["expert", "institution", "source"]


@admin.register(ExpertAlias)
class ExpertAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "expert", "note"]
    list_select_related = ["expert"]
    search_fields = ["name", "expert__name", "expert__name_zh"]
    autocomplete_fields = ["expert"]
