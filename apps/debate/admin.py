from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import GlossaryTerm, Position, PositionHolder, Question, Theme


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    prepopulated_fields = {"slug": ["text"]}


class PositionHolderInline(admin.TabularInline):
    model = PositionHolder
    extra = 1
    autocomplete_fields = ["expert", "institution"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_zh", "order"]
    search_fields = ["name", "name_zh", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "theme", "order"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    search_fields = ["text", "description"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "question", "stance", "source", "is_analyst_reading"]
    list_filter = ["themes", "stance", "is_analyst_reading", "source__kind"]
    list_select_related = ["question", "source"]
    search_fields = ["summary", "quote_zh", "quote_en", "search_text"]
    autocomplete_fields = ["question", "source", "footnote"]
    filter_horizontal = ["themes"]
    inlines = [PositionHolderInline]


@admin.register(PositionHolder)
class PositionHolderAdmin(SimpleHistoryAdmin):
    list_display = ["position", "order", "expert", "institution", "role"]
    list_select_related = ["position", "expert", "institution"]
    search_fields = ["expert__name", "institution__name", "role", "group_label"]
    autocomplete_fields = ["position", "expert", "institution"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["hanzi", "pinyin", "gloss"]
    list_filter = ["themes"]
    search_fields = ["hanzi", "pinyin", "pinyin_plain", "gloss"]
    filter_horizontal = ["themes", "positions"]
