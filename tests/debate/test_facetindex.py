"""The in-memory facet index: patched after each kind of write, it equals an index read whole."""

import datetime

import numpy as np
import pytest

from apps.core.cache import data_version
from apps.core.models import DataVersion
from apps.debate import facetindex
from apps.debate.models import IndexChange, Position
from apps.people.models import InstitutionKind
from apps.sources.models import PublicationKind


@pytest.fixture(autouse=True)
def exact_log(monkeypatch):
    """No re-reading of earlier changes: each write must log the positions it changed."""
    monkeypatch.setattr(facetindex.held, "REREAD_WINDOW", 0)


def as_data(index: facetindex.FacetIndex) -> dict:
    """Everything the index answers with, in a comparable form: per current position, its
    date, expert-sort key and each facet's values (rows a patch replaced have none)."""
    live = np.ones(index.size, dtype=bool) if index.live is None else index.live
    by_pk = np.argsort(index.pks[live], kind="stable")
    facets = {}
    for name, data in index.facets.items():
        rows = np.arange(index.size) if data.rows is None else data.rows
        pairs = sorted(
            (pk, code)
            for pk, code in zip(index.pks[rows].tolist(), data.codes.tolist(), strict=True)
            if code
        )
        facets[name] = (pairs, data.info)
    return {
        "pks": index.pks[live][by_pk].tolist(),
        "days": index.days[live][by_pk].tolist(),
        "precision": index.precision[live][by_pk].tolist(),
        "expert_rank": index.expert_rank[live][by_pk].tolist(),
        "facets": facets,
        "orders": {sort: index.page(None, sort, 0, index.size) for sort in facetindex.SORTS},
    }


def hold(*, sorted_before: bool = True) -> None:
    """Hold the index of the current data; sorted in every order, the patch merges the new
    rows into those orders (otherwise it sorts when first asked)."""
    index = facetindex.current(data_version())
    if sorted_before:
        for sort in facetindex.SORTS:
            index.order(sort)


def assert_patched_equals_whole() -> None:
    held = facetindex.current(data_version())
    assert as_data(held) == as_data(facetindex.build())


def edit_position(debate):
    position = debate.positions[0]
    position.stance = "opposes" if position.stance != "opposes" else "supports"
    position.question = debate.questions[1]
    position.save()


def move_holder(debate):
    holder = debate.positions[1].holders.first()
    holder.expert = debate.experts[3]
    holder.institution = debate.institutions[2]
    holder.save()


def remove_holder(debate):
    debate.positions[2].holders.last().delete()


def themes_both_ways(debate):
    debate.positions[3].themes.add(debate.themes[2])
    debate.themes[0].positions.remove(debate.positions[4])
    debate.positions[5].themes.clear()


def tags_added_and_removed(debate):
    debate.positions[0].tags.add("new-tag")
    debate.positions[2].tags.clear()


def publication_kind_and_date(debate):
    source = debate.positions[1].source
    source.kind = PublicationKind.BOOK if source.kind != PublicationKind.BOOK else "report"
    source.date = datetime.date(2011, 5, 1)
    source.save()


def footnote_chapter(debate):
    footnote = next(p.footnote for p in debate.positions if p.footnote_id)
    other = [c for c in debate.chapters if c != footnote.chapter]
    footnote.chapter = other[0]
    footnote.save()


def expert_renamed(debate):
    expert = debate.experts[2]
    expert.name = "Aaron First"
    expert.save()


def institution_kind(debate):
    institution = debate.institutions[0]
    institution.kind = (
        InstitutionKind.UNIVERSITY
        if institution.kind != InstitutionKind.UNIVERSITY
        else InstitutionKind.ACADEMY
    )
    institution.save()


def tag_renamed(debate):
    tag = debate.positions[0].tags.first()
    tag.name = "Renamed tag"
    tag.save()


def new_position(debate):
    debate.add_positions(1)


def position_deleted(debate):
    debate.positions.pop(6).delete()


WRITES = [
    edit_position,
    move_holder,
    remove_holder,
    themes_both_ways,
    tags_added_and_removed,
    publication_kind_and_date,
    footnote_chapter,
    expert_renamed,
    institution_kind,
    tag_renamed,
    new_position,
    position_deleted,
]


@pytest.mark.parametrize("sorted_before", [True, False], ids=["sorted", "unsorted"])
@pytest.mark.parametrize("write", WRITES, ids=[w.__name__ for w in WRITES])
def test_a_patched_index_equals_one_read_whole(debate_with_positions, write, sorted_before):
    hold(sorted_before=sorted_before)  # then patched below
    write(debate_with_positions)
    assert IndexChange.objects.filter(token=data_version()).exists()
    assert_patched_equals_whole()


def test_writes_in_a_row_are_patched_in_one_go(debate_with_positions):
    hold()
    for write in WRITES:
        write(debate_with_positions)
    assert_patched_equals_whole()


def test_a_patch_reads_only_the_changed_positions(debate_with_positions, django_assert_num_queries):
    facetindex.current(data_version())
    edit_position(debate_with_positions)
    version = data_version()
    with django_assert_num_queries(5):  # the change log, then 4 reads of one position's rows
        facetindex.current(version)
    with django_assert_num_queries(0):
        facetindex.current(version)


def test_a_bulk_change_or_an_unknown_version_reads_everything(
    debate_with_positions, django_assert_num_queries
):
    facetindex.current(data_version())
    Position.objects.filter(pk=debate_with_positions.positions[0].pk).update(stance="")
    DataVersion.bump()  # as the loader and the generator do: anything may have changed
    version = data_version()
    with django_assert_num_queries(11):  # the change log, then the whole index
        index = facetindex.current(version)
    assert as_data(index) == as_data(facetindex.build())
    IndexChange.objects.all().delete()  # the held version is no longer in the log
    DataVersion.bump(positions=set())
    version = data_version()
    with django_assert_num_queries(11):
        facetindex.current(version)


def test_search_text_refreshes_log_no_facet_change(debate_with_positions):
    from apps.debate.search import refresh_search_texts

    position = debate_with_positions.positions[0]
    Position.objects.filter(pk=position.pk).update(search_text="stale")
    assert refresh_search_texts([position.pk]) == 1
    change = IndexChange.objects.get(token=data_version())
    assert (change.scope, change.position_id) == (IndexChange.Scope.TEXT, position.pk)


def test_the_log_forgets_old_rows(db, monkeypatch):
    monkeypatch.setattr(IndexChange, "KEEP", 5)
    for _ in range(2000):  # ids pass two multiples of 1000: the second prunes the first's
        DataVersion.bump(positions=set())
    assert IndexChange.objects.count() <= 1005


def test_too_many_replaced_rows_read_everything(
    debate_with_positions, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(facetindex.patching, "MAX_OLD_ROWS", 0)
    facetindex.current(data_version())
    edit_position(debate_with_positions)
    version = data_version()
    with django_assert_num_queries(11):  # the change log, then the whole index
        index = facetindex.current(version)
    assert index.live is None


@pytest.mark.parametrize(
    "wanted", [[], [7], [-1, 7, 3_000_000_000], list(range(0, 90, 3)), list(range(-5, 200, 2))]
)
def test_isin_is_membership_for_few_and_many_wanted_values(wanted):
    values = np.random.default_rng(6).integers(-2, 100, 5000).astype(np.int64)
    expected = np.array([value in set(wanted) for value in values.tolist()])
    assert np.array_equal(facetindex.isin(values, wanted), expected)
