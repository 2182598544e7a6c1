"""The ingest's admin pages beyond the review itself: upload an issue, publish a draft."""

import logging

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from .errors import BadInput
from .forms import UploadForm
from .models import DraftAnalysis
from .publishing import PublishError
from .publishing import publish as publish_draft
from .staging import stage_upload

logger = logging.getLogger(__name__)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """A .txt or .pdf staged as ``ingest_analysis FILE`` stages it, then its review page."""
    if not request.user.has_perm("ingest.add_draftanalysis"):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staged = stage_upload(upload.read(), upload.name, request.user)
        except BadInput as error:
            form.add_error("file", str(error))
        else:
            level = messages.SUCCESS if staged.created else messages.WARNING
            messages.add_message(request, level, str(staged))
            return HttpResponseRedirect(staged.draft.get_review_url())
    context = {
        **admin.site.each_context(request),
        "title": "Upload an issue of China Analysis",
        "opts": DraftAnalysis._meta,
        "form": form,
    }
    status = 400 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "admin/ingest/upload.html", context, status=status)


@require_POST
def publish(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Write the reviewed draft's records in one transaction (once: again, nothing)."""
    if not (
        request.user.has_perm("ingest.change_draftanalysis")
        and request.user.has_perm("analysis.add_analysis")
    ):
        raise PermissionDenied
    draft = get_object_or_404(DraftAnalysis, pk=draft_id)
    try:
        published = publish_draft(draft, request.user)
    except PublishError as error:
        messages.error(request, f"Nothing was published: {error}.")
        return HttpResponseRedirect(draft.get_review_url())
    except Exception as error:
        # Publishing is one transaction, rolled back: the researcher is told so on the review
        # page, the traceback goes to the log (and to whoever reads it), not to a 500 page.
        logger.exception("Publishing draft %s failed", draft.pk)
        messages.error(
            request,
            f"Nothing was published: an unexpected error ({type(error).__name__}) stopped it "
            "and every record was left as it was. The draft is unchanged; the details are in "
            "the server's log.",
        )
        return HttpResponseRedirect(draft.get_review_url())
    level = messages.WARNING if published.already else messages.SUCCESS
    messages.add_message(request, level, str(published))
    return HttpResponseRedirect(draft.get_review_url())
