from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Analysis, Analyst, Chapter, ChapterAnalyst, Citation, Footnote, Paragraph


class ChapterAnalystInline(admin.TabularInline):
    model = ChapterAnalyst
    extra = 0
    autocomplete_fields = ["analyst"]


class ParagraphInline(admin.StackedInline):
    model = Paragraph
    extra = 0


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["publication"]


@admin.register(Analyst)
class AnalystAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Analysis)
class AnalysisAdmin(SimpleHistoryAdmin):
    list_display = ["title", "series", "series_number", "isbn", "date"]
    search_fields = ["title", "series_number", "isbn"]
    autocomplete_fields = ["publication", "editor", "publisher"]


@admin.register(Chapter)
class ChapterAdmin(SimpleHistoryAdmin):
    list_display = ["title", "analysis", "order", "footnote_count_in_source"]
    list_filter = ["analysis"]
    list_select_related = ["analysis"]
    search_fields = ["title"]
    inlines = [ChapterAnalystInline, ParagraphInline]


@admin.register(Footnote)
class FootnoteAdmin(SimpleHistoryAdmin):
    list_display = ["number", "chapter", "short_text", "is_resolved"]
    list_filter = ["chapter"]
    list_select_related = ["chapter"]
    search_fields = ["text", "reconstruction_note", "unresolved_reason"]
    inlines = [CitationInline]

    @admin.display(description="citation")
    def short_text(self, obj):
        return obj.text[:90]

    @admin.display(boolean=True, description="resolved")
    def is_resolved(self, obj):
        return not obj.unresolved_reason


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ["footnote", "order", "publication"]
    list_select_related = ["footnote__chapter", "publication"]
    search_fields = ["publication__title", "footnote__text"]
    autocomplete_fields = ["footnote", "publication"]


@admin.register(Paragraph)
class ParagraphAdmin(SimpleHistoryAdmin):
    list_display = ["chapter", "order", "heading"]
    list_filter = ["chapter"]
    list_select_related = ["chapter"]
    search_fields = ["text", "heading"]


@admin.register(ChapterAnalyst)
class ChapterAnalystAdmin(SimpleHistoryAdmin):
    list_display = ["chapter", "analyst", "order"]
    list_select_related = ["chapter", "analyst"]
    search_fields = ["chapter__title", "analyst__name"]
