from django.contrib import admin

from apps.core.admin_base import ResearchAdmin, ResearchTabularInline
from apps.core.forms import AutoSlugForm

from .forms import ExpertAdminForm
from .models import Affiliation, Expert, ExpertAlias, Institution


class ExpertAliasInline(ResearchTabularInline):
    model = ExpertAlias
    extra = 0


class AffiliationInline(ResearchTabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ["institution", "source"]
    fields = ["institution", "role", "as_of", "as_of_precision", "is_former", "source"]


@admin.register(Expert)
class ExpertAdmin(ResearchAdmin):
    form = ExpertAdminForm
    list_display = ["name", "name_zh", "pinyin", "origin", "updated_at"]
    list_filter = ["origin", "affiliations__institution__kind", "updated_at"]
    search_fields = ["name", "name_zh", "pinyin", "pinyin_plain", "aliases__name", "search_text"]
    readonly_fields = ["pinyin_plain"]
    fieldsets = [
        (None, {"fields": ["name", "name_zh", "pinyin", "pinyin_plain", "slug", "origin"]}),
        ("About", {"fields": ["description", "note"]}),
        (None, {"fields": ["not_a_duplicate"]}),
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ExpertAliasInline, AffiliationInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["pinyin"].help_text = (
            "With tone marks. Leave empty to fill it in from the hanzi on save "
            "(王砚峰 → Wáng Yànfēng); correct it here when the source reads the name otherwise."
        )
        return form


@admin.register(Institution)
class InstitutionAdmin(ResearchAdmin):
    form = AutoSlugForm
    list_display = ["name", "name_zh", "abbreviation", "kind", "parent"]
    list_filter = ["kind", "location"]
    list_select_related = ["parent"]
    search_fields = ["name", "name_zh", "abbreviation", "search_text"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Affiliation)
class AffiliationAdmin(ResearchAdmin):
    list_display = ["expert", "institution", "role", "as_of", "is_former"]
    list_filter = ["institution__kind", "is_former", "as_of_precision"]
    list_select_related = ["expert", "institution"]
    search_fields = [
        "expert__name",
        "expert__name_zh",
        "institution__name",
        "institution__name_zh",
        "role",
    ]
    autocomplete_fields = ["expert", "institution", "source"]


@admin.register(ExpertAlias)
class ExpertAliasAdmin(ResearchAdmin):
    list_display = ["name", "expert", "note"]
    list_select_related = ["expert"]
    search_fields = ["name", "expert__name", "expert__name_zh"]
    autocomplete_fields = ["expert"]
