"""What every research-desk admin shares: history with a compare view, search that folds
Chinese and pinyin, and derived search columns rebuilt once the inlines are saved (and those
of the positions that show an edited record's words)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, IntegerField, Q, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from apps.core.chinese import normalise
from apps.debate.search import positions_searched_through, refresh_search_texts

COMPARE_MAX_CHARS = 5000


class ResearchAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/research/object_history.html"
    object_history_list_template = "admin/research/object_history_list.html"
    history_list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_search_results(self, request, queryset, search_term):
        """Also search the folded term: '社會' finds '社会', 'Chéngxìn' finds 'chengxin'.

        Records whose name (the first search field) starts with the term come first, so that
        'Liu R' offers Liu Ruisheng before everyone whose description mentions a Liu. The
        change list orders by its own columns; the autocomplete keeps this order.
        """
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        folded = normalise(search_term)
        if folded and folded != " ".join(search_term.lower().split()):
            more, more_duplicates = super().get_search_results(request, queryset, folded)
            results = results | more
            may_have_duplicates = may_have_duplicates or more_duplicates
        name = self.search_fields[0] if self.search_fields else ""
        if search_term.strip() and name.isidentifier():
            starts = Q(**{f"{name}__istartswith": search_term.strip()})
            results = results.annotate(
                name_match=Case(When(starts, then=0), default=1, output_field=IntegerField())
            ).order_by("name_match", *(self.model._meta.ordering or ["pk"]))
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change):
        # The positions that show this record's words before the edit (a term unlinked from a
        # position, a holder moved to another): their search text is refreshed after it too.
        form.positions_before = positions_searched_through(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        inline_forms = [f for formset in formsets for f in formset.forms if f.has_changed()]
        # Names of authors, holders and aliases, and a position's themes, live in the inlines
        # and many-to-many fields saved just now (positions added inline too).
        for edited in [form, *inline_forms]:
            _refresh_own_search_text(edited.instance)
        # Positions are also searched by their themes, questions, sources, terms and holders.
        stale = getattr(form, "positions_before", set())
        for edited in [form, *inline_forms]:
            stale |= positions_searched_through(edited.instance, edited.changed_data)
        refresh_search_texts(stale)

    def delete_model(self, request, obj):
        stale = positions_searched_through(obj)
        super().delete_model(request, obj)
        refresh_search_texts(stale)

    def delete_queryset(self, request, queryset):
        stale = set().union(*(positions_searched_through(obj) for obj in queryset))
        super().delete_queryset(request, queryset)
        refresh_search_texts(stale)

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.history_compare_view),
            name=f"{opts.app_label}_{opts.model_name}_history_compare",
        )
        return [compare, *super().get_urls()]

    def history_compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Two versions of a record side by side: every field that differs, in full."""
        opts = self.model._meta
        object_id = unquote(object_id)
        records = self.model.history.filter(**{opts.pk.attname: object_id})
        history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id])
        try:
            old_id, new_id = int(request.GET["old"]), int(request.GET["new"])
        except (KeyError, ValueError):
            messages.warning(request, "Choose two versions to compare.")
            return HttpResponseRedirect(history_url)
        picked = {r.history_id: r for r in records.filter(history_id__in=[old_id, new_id])}
        if old_id not in picked or new_id not in picked:
            raise Http404("No such version of this record.")
        older, newer = sorted(
            (picked[old_id], picked[new_id]), key=lambda r: (r.history_date, r.history_id)
        )
        current = self.get_queryset(request).filter(pk=object_id).first()
        if not self.has_view_history_or_change_history_permission(request, current):
            raise PermissionDenied
        delta = newer.diff_against(older, foreign_keys_are_objs=True)
        helper = HistoricalRecordContextHelper(
            self.model, newer, max_displayed_delta_change_chars=COMPARE_MAX_CHARS
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions: {older.history_object}",
            "opts": opts,
            "object_id": object_id,
            "current": current,
            "older": older,
            "newer": newer,
            "changes": helper.context_for_delta_changes(delta),
            "history_url": history_url,
            "revert_disabled": self.revert_disabled(request, current),
        }
        return TemplateResponse(request, "admin/research/history_compare.html", context)


def _refresh_own_search_text(obj: models.Model) -> None:
    if hasattr(obj, "refresh_search_text") and obj.pk is not None:
        obj.refresh_search_text()
        type(obj)._default_manager.filter(pk=obj.pk).update(search_text=obj.search_text)
