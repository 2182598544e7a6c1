"""Research desk pages inside the admin: recently deleted records and their restore."""

from django.apps import apps
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .restore import RestoreError, recently_deleted, restore, tracked_models


@require_GET
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
