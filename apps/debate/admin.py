from django.contrib import admin

from apps.core.admin_base import (
    ResearchAdmin,
    ResearchStackedInline,
    ResearchTabularInline,
    add_inline,
)
from apps.core.forms import AutoOrderInlineFormSet, AutoSlugForm

from .forms import DrawnPositionForm, DrawnPositionFormSet, PositionAdminForm
from .models import GlossaryTerm, Position, PositionHolder, PositionRelation, Question, Theme


class QuestionInline(ResearchTabularInline):
    model = Question
    extra = 0
    prepopulated_fields = {"slug": ["text"]}
    show_change_link = True


class PositionHolderInline(ResearchTabularInline):
    model = PositionHolder
    formset = AutoOrderInlineFormSet
    extra = 1
    autocomplete_fields = ["expert", "institution"]
    fields = ["order", "expert", "institution", "role", "group_label"]


class PositionRelationInline(ResearchStackedInline):
    """What this position answers: the other position, how, and the evidence."""

    model = PositionRelation
    fk_name = "position"
    extra = 0
    autocomplete_fields = ["target", "footnote", "publication"]
    fields = [("kind", "target"), ("footnote", "publication", "attribution"), "note"]
    verbose_name = "relation to another position"
    verbose_name_plural = "who this position answers (supports, disputes, qualifies, responds to)"


class DrawnPositionInline(ResearchStackedInline):
    """On a publication's page: the positions drawn from it, held by its authors unless the
    position's own page records other holders; tags on that page too."""

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


add_inline("sources.Publication", DrawnPositionInline, place=10)


class GlossaryTermForm(AutoSlugForm):
    slug_source = "hanzi"


@admin.register(Theme)
class ThemeAdmin(ResearchAdmin):
    form = AutoSlugForm
    list_display = ["name", "name_zh", "order"]
    search_fields = ["name", "name_zh", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(ResearchAdmin):
    list_display = ["text", "theme", "order"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    search_fields = ["text", "description", "theme__name"]
    prepopulated_fields = {"slug": ["text"]}


@admin.register(Position)
class PositionAdmin(ResearchAdmin):
    form = PositionAdminForm
    list_display = ["__str__", "question", "stance", "source", "is_analyst_reading"]
    list_filter = [
        "themes",
        "stance",
        "question__theme",
        "is_analyst_reading",
        "source__kind",
        "holders__institution__kind",
        "tags",
    ]
    list_select_related = ["question", "source"]
    search_fields = ["summary", "quote_zh", "quote_en", "search_text", "source__title"]
    autocomplete_fields = ["themes", "question", "source", "footnote"]
    fieldsets = [
        (None, {"fields": ["summary", "themes", "question", "stance"]}),
        ("Source", {"fields": ["source", "pinpoint", "footnote", "quote_zh", "quote_en"]}),
        ("Reading", {"fields": ["is_analyst_reading", "reading_note"]}),
        (None, {"fields": ["slug", "tags"]}),
    ]
    inlines = [PositionHolderInline, PositionRelationInline]


@admin.register(PositionHolder)
class PositionHolderAdmin(ResearchAdmin):
    list_display = ["position", "order", "expert", "institution", "role"]
    list_select_related = ["position", "expert", "institution"]
    list_filter = ["institution__kind"]
    search_fields = ["expert__name", "expert__name_zh", "institution__name", "role", "group_label"]
    autocomplete_fields = ["position", "expert", "institution"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ResearchAdmin):
    form = GlossaryTermForm
    list_display = ["hanzi", "pinyin", "gloss"]
    list_filter = ["themes"]
    search_fields = ["hanzi", "pinyin", "pinyin_plain", "gloss", "search_text"]
    readonly_fields = ["pinyin_plain"]
    autocomplete_fields = ["themes", "positions"]


@admin.register(PositionRelation)
class PositionRelationAdmin(ResearchAdmin):
    list_display = ["position", "kind", "target", "attribution", "footnote"]
    list_filter = ["kind", "attribution", "position__question__theme"]
    list_select_related = ["position", "target", "footnote__chapter"]
    search_fields = ["note", "position__summary", "target__summary", "position__slug"]
    autocomplete_fields = ["position", "target", "footnote", "publication"]
