from django.contrib import admin

from apps.core.admin_base import (
    ResearchAdmin,
    ResearchStackedInline,
    ResearchTabularInline,
    add_inline,
)
from apps.core.forms import AutoOrderInlineFormSet, AutoSlugForm

from .models import Analysis, Analyst, Chapter, ChapterAnalyst, Citation, Footnote, Paragraph


class ChapterAnalystInline(ResearchTabularInline):
    model = ChapterAnalyst
    formset = AutoOrderInlineFormSet
    extra = 0
    autocomplete_fields = ["analyst"]


class ParagraphInline(ResearchStackedInline):
    model = Paragraph
    extra = 0


class CitationInline(ResearchTabularInline):
    model = Citation
    formset = AutoOrderInlineFormSet
    extra = 1
    autocomplete_fields = ["publication"]
    fields = ["order", "publication", "pinpoint"]
    verbose_name = "cited publication"
    verbose_name_plural = "cited publications (in the order cited)"


class CitingFootnoteInline(ResearchTabularInline):
    """On a publication's page: the footnotes that cite it."""

    model = Citation
    extra = 0
    autocomplete_fields = ["footnote"]
    fields = ["footnote", "order", "pinpoint"]
    verbose_name = "footnote citing this source"
    verbose_name_plural = "footnotes citing this source"


add_inline("sources.Publication", CitingFootnoteInline, place=20)


@admin.register(Analyst)
class AnalystAdmin(ResearchAdmin):
    form = AutoSlugForm
    list_display = ["name"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Analysis)
class AnalysisAdmin(ResearchAdmin):
    list_display = ["title", "series", "series_number", "isbn", "date"]
    search_fields = ["title", "series_number", "isbn"]
    autocomplete_fields = ["publication", "editor", "publisher"]


@admin.register(Chapter)
class ChapterAdmin(ResearchAdmin):
    list_display = ["title", "analysis", "order", "footnote_count_in_source"]
    list_filter = ["analysis"]
    list_select_related = ["analysis"]
    search_fields = ["title", "summary"]
    inlines = [ChapterAnalystInline, ParagraphInline]


@admin.register(Footnote)
class FootnoteAdmin(ResearchAdmin):
    list_display = ["number", "chapter", "short_text", "is_resolved"]
    list_filter = ["chapter", ("unresolved_reason", admin.EmptyFieldListFilter)]
    list_select_related = ["chapter"]
    search_fields = ["text", "reconstruction_note", "unresolved_reason", "=number"]
    inlines = [CitationInline]

    @admin.display(description="citation")
    def short_text(self, obj):
        return obj.text[:90]

    @admin.display(boolean=True, description="resolved")
    def is_resolved(self, obj):
        return not obj.unresolved_reason


@admin.register(Citation)
class CitationAdmin(ResearchAdmin):
    list_display = ["footnote", "order", "publication", "pinpoint"]
    list_filter = ["footnote__chapter"]
    list_select_related = ["footnote__chapter", "publication"]
    search_fields = ["publication__title", "publication__title_original", "footnote__text"]
    autocomplete_fields = ["footnote", "publication"]


@admin.register(Paragraph)
class ParagraphAdmin(ResearchAdmin):
    list_display = ["chapter", "order", "heading"]
    list_filter = ["chapter"]
    list_select_related = ["chapter"]
    search_fields = ["text", "heading"]


@admin.register(ChapterAnalyst)
class ChapterAnalystAdmin(ResearchAdmin):
    list_display = ["chapter", "analyst", "order"]
    list_select_related = ["chapter", "analyst"]
    search_fields = ["chapter__title", "analyst__name"]
    autocomplete_fields = ["chapter", "analyst"]
