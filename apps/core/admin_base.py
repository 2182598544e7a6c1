"""What every research-desk admin shares: history with a compare view, search that folds
Chinese and pinyin, derived search columns rebuilt once the inlines are saved, and two
registries through which the floors above extend the admins below them:

- :func:`add_inline`: an inline of a higher floor's model on a lower floor's admin (the
  positions drawn from a publication, on the publication's page);
- :func:`register_dependent_texts`: records whose search text holds words of other records
  (a position is searched by its holders' names), refreshed after those are edited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.db.models import Case, IntegerField, Q, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .chinese import normalise
from .versions import StaleEdit, VersionedForm, claim, with_seen_version

COMPARE_MAX_CHARS = 5000


@dataclass(frozen=True)
class DependentTexts:
    """How to find the records whose search text holds words of an edited record (given the
    record and the form's changed fields, None for a delete), and how to refresh them."""

    stale: Callable[[models.Model, Iterable[str] | None], set[int]]
    refresh: Callable[[set[int]], object]


_dependent_texts: list[DependentTexts] = []
_added_inlines: dict[str, list[tuple[int, type[InlineModelAdmin]]]] = defaultdict(list)


def register_dependent_texts(
    stale: Callable[[models.Model, Iterable[str] | None], set[int]],
    refresh: Callable[[set[int]], object],
) -> None:
    """Keep another floor's search texts right after edits made here (from its ready())."""
    _dependent_texts.append(DependentTexts(stale, refresh))


def add_inline(model: str, inline: type[InlineModelAdmin], place: int = 100) -> None:
    """Show ``inline`` on the admin page of ``model`` (``"app_label.ModelName"``), after its
    own inlines, ordered by ``place`` among the added ones (from the adding floor's admin.py)."""
    _added_inlines[model.lower()].append((place, inline))
    _added_inlines[model.lower()].sort(key=lambda added: added[0])


def _stale_texts(obj: models.Model, changed: Iterable[str] | None = None) -> list[set[int]]:
    return [dependent.stale(obj, changed) for dependent in _dependent_texts]


def _refresh_texts(stale: list[set[int]]) -> None:
    for dependent, ids in zip(_dependent_texts, stale, strict=True):
        dependent.refresh(ids)


def _union(*stale: list[set[int]]) -> list[set[int]]:
    """Per registered dependent, the ids stale in any of ``stale``."""
    return [set().union(*(ids[i] for ids in stale)) for i in range(len(_dependent_texts))]


class Versioning:
    """Admin (and inline) forms that refuse a save over a version newer than the one seen."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        return with_seen_version(self.model, super().get_fieldsets(request, obj))


class ResearchTabularInline(Versioning, admin.TabularInline):
    pass


class ResearchStackedInline(Versioning, admin.StackedInline):
    pass


class RefusingLostUpdates(Versioning):
    """A model admin whose saves (of the record and of its inline rows) each claim the version
    their form saw, so that of two saves from one version only the first is written."""

    def save_model(self, request, obj, form, change):
        if change and getattr(form, "untouched", False):
            return  # posted from an older version and left as it was: the newer one stands
        if change:
            claim(obj, form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        deleted = formset.deleted_forms
        for row in formset.initial_forms:
            if row.has_changed() and row not in deleted:
                claim(row.instance, row)
        super().save_formset(request, form, formset, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusing_lost_races(
            super().changeform_view, request, object_id, form_url, extra_context
        )

    def _refusing_lost_races(self, view, *args):
        """``view`` in a transaction; when another save of the version its form saw committed
        first, rolled back and run again: the form then finds the newer version and refuses."""
        using = router.db_for_write(self.model)
        try:
            with transaction.atomic(using=using):
                return view(*args)
        except StaleEdit:
            with transaction.atomic(using=using):
                return view(*args)


class ResearchAdmin(RefusingLostUpdates, SimpleHistoryAdmin):
    object_history_template = "admin/desk/object_history.html"
    object_history_list_template = "admin/desk/object_history_list.html"
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

    def get_inlines(self, request, obj):
        added = _added_inlines.get(self.model._meta.label_lower, [])
        return [*super().get_inlines(request, obj), *(inline for _, inline in added)]

    def save_model(self, request, obj, form, change):
        # The records that show this record's words before the edit (a term unlinked from a
        # position, a holder moved to another): their search text is refreshed after it too.
        form.texts_before = _stale_texts(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._refusing_lost_races(
            super().history_form_view, request, object_id, version_id, extra_context
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        inline_forms = [f for formset in formsets for f in formset.forms if f.has_changed()]
        # Names of authors, holders and aliases, and a position's themes, live in the inlines
        # and many-to-many fields saved just now (positions added inline too).
        for edited in [form, *inline_forms]:
            _refresh_own_search_text(edited.instance)
        # Positions are also searched by their themes, questions, sources, terms and holders.
        stale = _union(
            getattr(form, "texts_before", None) or _union(),
            *(
                _stale_texts(edited.instance, edited.changed_data)
                for edited in [form, *inline_forms]
            ),
        )
        _refresh_texts(stale)

    def delete_model(self, request, obj):
        stale = _stale_texts(obj)
        super().delete_model(request, obj)
        _refresh_texts(stale)

    def delete_queryset(self, request, queryset):
        stale = _union(*(_stale_texts(obj) for obj in queryset))
        super().delete_queryset(request, queryset)
        _refresh_texts(stale)

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
        return TemplateResponse(request, "admin/desk/history_compare.html", context)


def _refresh_own_search_text(obj: models.Model) -> None:
    if hasattr(obj, "refresh_search_text") and obj.pk is not None:
        obj.refresh_search_text()
        type(obj)._default_manager.filter(pk=obj.pk).update(search_text=obj.search_text)
