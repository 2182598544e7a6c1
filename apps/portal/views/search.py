"""One search box over every kind of record (apps/portal/search.py)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from apps.core.cache import cached_page

from ..search import KINDS_BY_KEY, SearchForm, query_terms, search_all, search_kind
from .rendering import render_page

SEARCH_PAGE_SIZE = 20


@require_safe
@cached_page(params=[*SearchForm.base_fields, "page"])
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context = {"form": form, "q": "", "groups": [], "kind": None, "page_obj": None}
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        terms = query_terms(q)
        context.update(q=q, terms=terms)
        if terms and form.cleaned_data["type"]:
            kind = KINDS_BY_KEY[form.cleaned_data["type"]]
            paginator = Paginator(search_kind(kind, terms), SEARCH_PAGE_SIZE)
            context.update(kind=kind, page_obj=paginator.get_page(request.GET.get("page")))
        elif terms:
            groups = search_all(terms)
            context.update(
                groups=groups,
                found_groups=[g for g in groups if g.total],
                empty_groups=[g for g in groups if not g.total],
            )
    return render_page(request, "portal/search.html", "results", context)
