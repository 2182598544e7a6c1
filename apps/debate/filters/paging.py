"""A page of the selection, and the pager that links to the others."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from .. import facetindex
from .query import ViewpointQuery
from .selection import index_selection


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for a gap (…)
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pager:
    links: list[PageLink]
    previous: str = ""
    next: str = ""


def pager(query: ViewpointQuery, page: Page, around: int = 2) -> Pager:
    """Previous/next and the first, last and nearby pages, with gaps: 1 … 4 5 [6] 7 8 … 20."""
    last = page.paginator.num_pages
    shown = sorted({1, last, *range(page.number - around, page.number + around + 1)})
    links: list[PageLink] = []
    for number in (n for n in shown if 1 <= n <= last):
        if links and links[-1].number is not None and number > links[-1].number + 1:
            links.append(PageLink(None))
        links.append(PageLink(number, query.url(page=number), number == page.number))
    return Pager(
        links,
        previous=query.url(page=page.number - 1) if page.has_previous() else "",
        next=query.url(page=page.number + 1) if page.has_next() else "",
    )


class _Matches(Sequence):
    """The selection's position ids in the requested order, sliced from the facet index."""

    def __init__(self, query: ViewpointQuery):
        index, masks = index_selection(query)
        self.query = query  # not the index, nor its rows: see index_selection()
        self.sort = query.sort
        self.total = index.count(facetindex.combine(masks.values()))

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("matches are read by page")
        start, stop, _ = item.indices(self.total)
        index, masks = index_selection(self.query)
        return index.page(facetindex.combine(masks.values()), self.sort, start, stop)[0]


def paginate(query: ViewpointQuery) -> tuple[Page, list[str]]:
    """The requested page of the selection, as position ids in order; past the end, the last
    page, with a message.

    The ids come from the facet index (a slice of a sort order, however deep the page): no
    query. :func:`.cards.position_cards` turns them into what the page shows.
    """
    paginator = Paginator(_Matches(query), query.size)
    messages = []
    number = query.page
    if number > paginator.num_pages:
        messages.append(f"There is no page {number}: showing page {paginator.num_pages}, the last.")
        number = paginator.num_pages
    return paginator.page(number), messages
