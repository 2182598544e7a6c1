"""Research desk pages in the admin: imports, recently deleted records, restores."""

import uuid

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .importers import (
    FORMATS,
    INVALID,
    MAX_FILE_BYTES,
    NEW,
    ImportFileError,
    InvalidEntriesError,
    assess,
    import_entries,
    read_file,
)
from .restore import RestoreError, recently_deleted, restore, tracked_models

IMPORT_SESSION_KEY = "research_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A CSL-JSON (.json), RIS (.ris) or BibTeX (.bib) export, in UTF-8, "
        f"up to {MAX_FILE_BYTES // 1024 // 1024} MB."
    )
    format = forms.ChoiceField(
        choices=[("", "Tell from the file"), *FORMATS.items()], required=False
    )


@require_http_methods(["GET", "POST"])
def import_sources(request: HttpRequest) -> HttpResponse:
    """Upload → preview (entries kept in the session) → confirm → import the NEW ones; an
    invalid entry stops the import unless the valid entries only are asked for."""
    if not request.user.has_perm("sources.add_publication"):
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": "Import from a reference manager"}
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_FILE_BYTES:
                raise ImportFileError(
                    f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB."
                )
            fmt, entries = read_file(
                upload.read(), upload.name, form.cleaned_data["format"] or None
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            pending = {
                "token": uuid.uuid4().hex,
                "name": upload.name,
                "format": FORMATS[fmt],
                "entries": entries,
            }
            request.session[IMPORT_SESSION_KEY] = pending
            context.update(_preview(pending))
    status = 400 if form.is_bound and form.errors else 200
    return TemplateResponse(
        request, "admin/research/import.html", {**context, "form": form}, status=status
    )


def _preview(pending: dict) -> dict:
    assessments = assess(pending["entries"])
    return {
        "token": pending["token"],
        "file_name": pending["name"],
        "file_format": pending["format"],
        "assessments": assessments,
        "new_count": sum(1 for a in assessments if a.status == NEW),
        "invalid_count": sum(1 for a in assessments if a.status == INVALID),
    }


def _confirm_import(request: HttpRequest, context: dict) -> HttpResponse:
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "That preview has expired or was replaced: upload the file again.")
        return HttpResponseRedirect(reverse("research:import"))
    try:
        report = import_entries(
            pending["entries"], pending["name"], partial="partial" in request.POST
        )
    except InvalidEntriesError as error:
        refusal = f"{error} Correct the file, or tick “Import the valid entries only”."
        context.update(_preview(pending), refusal=refusal, form=ImportForm())
        return TemplateResponse(request, "admin/research/import.html", context, status=400)
    del request.session[IMPORT_SESSION_KEY]
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        (
            (reverse("admin:sources_publication_change", args=[p.pk]), str(p))
            for p in report.created
        ),
    )
    messages.success(request, format_html("{} {}", str(report), links))
    return HttpResponseRedirect(reverse("admin:sources_publication_changelist"))


@require_safe
def deleted_list(request: HttpRequest) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": "Recently deleted",
        "deletions": recently_deleted(),
    }
    return TemplateResponse(request, "admin/research/deleted.html", context)


@require_POST
def restore_deleted(request: HttpRequest, label: str, history_id: int) -> HttpResponse:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404("Unknown kind of record.") from None
    if model not in tracked_models():
        raise Http404("Records of this kind have no history.")
    try:
        report = restore(model, history_id, request.user)
    except RestoreError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(reverse("research:deleted"))
    messages.success(request, str(report))
    opts = model._meta
    return HttpResponseRedirect(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[report.record.pk])
    )
