"""The review of a staged issue: chapter by chapter, each note beside its citations.

A draft's page lists every chapter (title and analysts editable) and note with the citations parsed from it, each marked
matched (with a link to the record and why) or new, editable inline, with a decision per
row: accept, re-match (choose another publication), new or reject. **Publish** writes the
issue (apps/ingest/publishing.py); **Upload an issue** stages a file as the command does.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from apps.core.admin_base import RefusingLostUpdates, ResearchTabularInline

from . import views
from .forms import DraftChapterForm, DraftCitationForm
from .models import (
    Decision,
    DraftAnalysis,
    DraftChapter,
    DraftCitation,
    DraftFootnote,
    DraftStatus,
)


class _ReviewInline(ResearchTabularInline):
    """Rows are what the issue prints: corrected, never added or removed here. Each carries
    the version its reviewer saw (apps/core/versions.py)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        published = obj is not None and obj.status == DraftStatus.PUBLISHED
        return not published and super().has_change_permission(request, obj)


class DraftChapterInline(_ReviewInline):
    model = DraftChapter
    form = DraftChapterForm


class DraftFootnoteInline(_ReviewInline):
    model = DraftFootnote
    fields = ["text"]


class DraftCitationInline(_ReviewInline):
    model = DraftCitation
    form = DraftCitationForm
    autocomplete_fields = ["publication"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("publication")


@dataclass
class NoteRow:
    footnote: DraftFootnote
    form: object  # the note's inline form
    citations: list = field(default_factory=list)  # (inline form, mark) per citation


def mark(citation: DraftCitation) -> str:
    """Matched (a link to the record, and why), re-matched, new or rejected."""
    publication = citation.publication
    if citation.decision == Decision.REJECT:
        return mark_safe('<span class="mark rejected">rejected</span>')
    if citation.matched and publication:
        said = "matched" if citation.decision == Decision.ACCEPT else "re-matched"
        why = f" ({citation.reason})" if citation.decision == Decision.ACCEPT else ""
        return format_html(
            '<span class="mark matched">{}</span>: <a href="{}">{}</a>{}',
            said,
            publication.get_absolute_url(),
            publication.title,
            why,
        )
    near = (citation.parsed.get("publication") or {}).get("candidates") or []
    maybe = format_html_join(", ", "{} ({})", ((c["slug"], c["reason"]) for c in near))
    return format_html(
        '<span class="mark new">new</span>{}', format_html("; possibly {}", maybe) if near else ""
    )


@admin.register(DraftAnalysis)
class DraftAnalysisAdmin(RefusingLostUpdates, admin.ModelAdmin):
    change_form_template = "admin/ingest/draftanalysis/change_form.html"
    change_list_template = "admin/ingest/draftanalysis/change_list.html"
    list_display = ["title", "source_name", "status", "created_by", "created_at", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "source_name", "sha256"]
    fields = ["title", "date", "source_name", "sha256", "status", "created_by", "created_at"]
    fields += ["published_by", "published_at", "analysis", "proposed", "warning_list"]
    readonly_fields = fields[2:]
    inlines = [DraftChapterInline, DraftFootnoteInline, DraftCitationInline]

    def has_add_permission(self, request):
        return False  # issues are staged by upload or by the command

    def has_change_permission(self, request, obj=None):
        published = obj is not None and obj.status == DraftStatus.PUBLISHED
        return not published and super().has_change_permission(request, obj)

    @admin.display(description="proposed new records")
    def proposed(self, obj):
        rows = [
            (p.kind, p.fields.get("name") or p.fields.get("title") or p.key)
            for p in obj.proposals.exclude(kind="publication")
        ]
        items = format_html_join("", "<li>{}: {}</li>", rows)
        return format_html("<ul>{}</ul>", items) if rows else "none"

    @admin.display(description="warnings")
    def warning_list(self, obj):
        items = format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings))
        return format_html("<ul>{}</ul>", items) if obj.warnings else "none"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(views.upload), name="ingest_draftanalysis_upload"),
            path(
                "<int:draft_id>/publish/", wrap(views.publish), name="ingest_draftanalysis_publish"
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["review"] = review(obj, context["inline_admin_formsets"])
        return super().render_change_form(request, context, add, change, form_url, obj)


def review(draft: DraftAnalysis, formsets) -> list[tuple]:
    """(chapter, its inline form, [NoteRow]) in printed order, each inline form placed at
    its chapter or beside its note."""
    forms = {type(f.opts): f for f in formsets}
    heads = {row.original.pk: row for row in forms.get(DraftChapterInline, [])}
    notes = {row.original.pk: row for row in forms.get(DraftFootnoteInline, [])}
    rows = {pk: NoteRow(row.original, row) for pk, row in notes.items()}
    for row in forms.get(DraftCitationInline, []):
        rows[row.original.footnote_id].citations.append((row, mark(row.original)))
    chapters = draft.chapters.prefetch_related("footnotes")
    return [
        (c, heads.get(c.pk), [rows[f.pk] for f in c.footnotes.all() if f.pk in rows])
        for c in chapters
    ]
