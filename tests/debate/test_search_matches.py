"""A search's matches in the facet index: shared between processes through the cache as
position ids (each process numbers its index rows its own way), and after a write brought up
to date by searching only the positions the write changed."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from apps.core.cache import data_version
from apps.debate import facetindex, filters
from apps.debate.models import Position
from apps.debate.search import positions_searched_through, refresh_search_texts

from .test_facetindex import WRITES, edit_position

WORD = "blockchain"
SEARCHING = re.compile(r"search_vector|search_text\" LIKE")  # PostgreSQL, SQLite


@pytest.fixture(autouse=True)
def exact_log(monkeypatch):
    """No re-reading of earlier changes: each write must log the positions it changed."""
    monkeypatch.setattr(facetindex.held, "REREAD_WINDOW", 0)


@pytest.fixture
def searchable(debate_with_positions):
    """Some positions that mention the word, and the facet index held before any write."""
    for position in debate_with_positions.positions[2:20:4]:
        position.summary = f"On {WORD} and trust: {position.summary}"
        position.save()
    facetindex.current(data_version())
    return debate_with_positions


def listed(q: str = WORD) -> list[int]:
    """Every position /viewpoints/ lists for this search, newest first, from the index."""
    page, _ = filters.paginate(filters.parse_viewpoint_params(QueryDict(f"q={q}&size=100")))
    return page.object_list


def searched(q: str = WORD) -> list[int]:
    """The same from the reference SQL filters."""
    query = filters.parse_viewpoint_params(QueryDict(f"q={q}"))
    return list(filters.filter_positions(query).values_list("pk", flat=True))


def test_matches_cached_by_one_process_are_right_in_another(searchable, monkeypatch):
    """One process patched its index after a delete (the old row stays, out of the live
    rows), another read it whole (no such row): the same cached matches serve both."""
    searchable.positions.pop(0).delete()
    version = data_version()
    patched = facetindex.current(version)
    whole = facetindex.build()
    assert patched.size != whole.size
    expected = searched()
    for first, second in ((patched, whole), (whole, patched)):
        cache.clear()
        for index in (first, second):
            monkeypatch.setattr(facetindex, "current", lambda *_, held=index, **__: held)
            assert listed() == expected


SEARCH_TEXT_WRITES = {
    "summary_edited": lambda debate: _summary(debate.positions[1], f"Now about {WORD}."),
    "summary_no_longer_matching": lambda debate: _summary(debate.positions[2], "Trust."),
    "expert_renamed_in_the_admin": lambda debate: _renamed(debate.experts[1], WORD.title()),
}


def _summary(position: Position, text: str) -> None:
    position.summary = text
    position.save()


def _renamed(expert, name: str) -> None:
    """As the admin renames: the expert, then the search text of the expert's positions."""
    expert.name = name
    expert.save()
    refresh_search_texts(positions_searched_through(expert))


ALL_WRITES = {**{write.__name__: write for write in WRITES}, **SEARCH_TEXT_WRITES}


@pytest.mark.parametrize("write", ALL_WRITES.values(), ids=ALL_WRITES.keys())
def test_after_a_write_the_matches_are_patched_and_right(searchable, write):
    assert listed() == searched()  # matches cached for the version held
    write(searchable)
    facetindex.current(data_version())  # patched
    with CaptureQueriesContext(connection) as queries:
        found = listed()
    assert found == searched()
    # The data version, at most one search among the positions that changed.
    searches = [q["sql"] for q in queries.captured_queries if SEARCHING.search(q["sql"])]
    assert len(searches) <= 1 and all(" IN (" in sql for sql in searches)
    assert len(queries) <= 1 + 1


def test_without_the_held_version_s_matches_the_search_runs_whole(searchable):
    edit_position(searchable)
    cache.clear()
    assert listed() == searched()


def test_many_search_text_changes_are_logged_as_any(searchable, monkeypatch):
    from apps.debate.models import IndexChange

    monkeypatch.setattr(IndexChange, "MAX_POSITIONS", 2)
    assert listed() == searched()
    Position.objects.update(search_text=WORD)  # as a bulk update would leave them
    refresh_search_texts(Position.objects.values_list("pk", flat=True))
    index = facetindex.current(data_version())
    assert index.patched_from is not None and index.patched_from.positions is None
    assert index.live is None  # no facet changed: no row read again
    assert listed() == searched()
