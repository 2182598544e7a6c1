"""The facet index of a data version, made once per host and mapped from its file by every
process (apps/debate/facetindex/shared.py)."""

import gc
import mmap
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from apps.core.cache import data_version
from apps.debate import facetindex
from apps.debate.facetindex import held, shared
from tests.debate.test_facetindex import as_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path, settings):
    settings.FACET_INDEX_DIR = str(tmp_path / "facets")
    return tmp_path / "facets"


def database() -> str:
    return str(connection.settings_dict["NAME"])


def mapped(array) -> bool:
    """Whether ``array`` is pages of a read-only file mapping, not memory of the process."""
    if array.flags.writeable:
        return False
    base = array
    while hasattr(base, "base") and base.base is not None:
        base = base.base
    return isinstance(getattr(base, "obj", base), mmap.mmap)


def mapped_current(version: str):
    """The index of ``version`` once the file its maker writes in a thread is written."""
    facetindex.current(version)
    facetindex.settled()
    return facetindex.current(version)


def test_a_version_is_made_once_and_then_mapped_without_a_query(folder, debate_with_positions):
    made = mapped_current(data_version())
    assert len(list(folder.glob("*.facets"))) == 1
    assert mapped(made.pks) and mapped(made.facets["theme"].codes)
    facetindex.forget()  # as another process of the host would
    version = data_version()
    with CaptureQueriesContext(connection) as queries:
        again = facetindex.current(version)
    assert len(queries) == 0
    assert as_data(again) == as_data(facetindex.build())
    # Every sort order and the row of each id were made with it: no process computes its own.
    assert {*facetindex.SORTS, "row of id"} <= set(again._derived)
    assert all(mapped(order) for order in again._derived.values())


def test_after_a_write_the_next_version_is_patched_into_a_file_of_its_own(
    folder, debate_with_positions
):
    facetindex.current(data_version())
    position = debate_with_positions.positions[0]
    position.stance = "opposes" if position.stance != "opposes" else "supports"
    position.save()
    patched = mapped_current(data_version())
    assert patched.patched_from is not None  # read again for that one position only
    assert mapped(patched.pks)
    assert as_data(patched) == as_data(facetindex.build())


def test_a_version_made_while_the_last_is_being_written_gets_its_file_next(
    folder, debate_with_positions, monkeypatch
):
    """The maker's lock is taken while a file is written, so the version after it is made
    as a copy of the process's own: once the first file is written, that one is written."""
    written = threading.Event()
    write = shared.save

    def slow_save(*args):
        written.wait(10)
        return write(*args)

    monkeypatch.setattr(shared, "save", slow_save)
    facetindex.current(data_version())  # read whole: its file is being written, slowly
    position = debate_with_positions.positions[0]
    position.stance = "opposes" if position.stance != "opposes" else "supports"
    position.save()
    version = data_version()
    assert not mapped(facetindex.current(version).pks)  # the lock was taken
    written.set()
    facetindex.settled()
    assert (folder / f"{shared.SAFE_NAME.sub('_', database())}-{version}.facets").exists()
    assert mapped(facetindex.current(version).pks)
    assert as_data(facetindex.current(version)) == as_data(facetindex.build())


def test_after_a_write_the_file_waits_and_a_burst_of_writes_makes_one(
    folder, debate_with_positions, monkeypatch
):
    """The requests right after a researcher's save do not share the machine with writing
    a file of ~50 MB; writes in a row make one file, of the last version."""
    mapped_current(data_version())
    monkeypatch.setattr(held, "WRITE_DELAY", 30.0)
    position = debate_with_positions.positions[0]
    for n in range(3):
        position.summary = f"Edit {n} in a row"
        position.save()
        assert not mapped(facetindex.current(data_version()).pks)  # not yet: answered first
    assert len(list(folder.glob("*.facets"))) == 1  # the version before the writes
    facetindex.settled()  # as the delay ending, or a worker about to exit
    files = list(folder.glob("*.facets"))
    assert len(files) == 2 and any(data_version() in file.name for file in files)
    assert mapped(facetindex.current(data_version()).pks)


def test_old_versions_are_removed_as_new_ones_come(folder, debate_with_positions):
    position = debate_with_positions.positions[0]
    for n in range(shared.KEEP + 3):
        position.summary = f"Edit {n}"
        position.save()
        mapped_current(data_version())
    assert len(list(folder.glob("*.facets"))) == shared.KEEP


def test_a_broken_file_is_made_again(folder, debate_with_positions):
    version = data_version()
    folder.mkdir()
    (folder / f"{shared.SAFE_NAME.sub('_', database())}-{version}.facets").write_bytes(b"junk")
    index = mapped_current(version)
    assert as_data(index) == as_data(facetindex.build())
    assert mapped(index.pks)


@override_settings(FACET_INDEX_DIR="")
def test_without_a_directory_each_process_holds_its_own(debate_with_positions):
    index = facetindex.current(data_version())
    assert not mapped(index.pks)
    assert as_data(index) == as_data(facetindex.build())


def test_a_process_lets_go_of_the_versions_it_no_longer_serves(
    folder, debate_with_positions, client
):
    """Each version's arrays are pages of its own file: anything kept from an older index
    keeps that whole file mapped in the process. A page's objects end up in reference cycles,
    freed only by the collector's next pass (here: never), so they must not hold the index."""
    position = debate_with_positions.positions[0]
    gc.disable()
    try:
        for n in range(6):
            position.summary = f"Edit {n}"
            position.stance = ["supports", "opposes"][n % 2]
            position.save()
            for query in ("stance=supports", "q=credit&page=2", "theme=ai&sort=expert"):
                assert client.get(f"/viewpoints/?{query}").status_code == 200
            mapped_current(data_version())
    finally:
        gc.enable()
    mapped_files = {
        line.split(maxsplit=5)[-1].strip()
        for line in Path("/proc/self/maps").read_text().splitlines()
        if ".facets" in line
    }
    assert len(mapped_files) == 1, mapped_files


def reaches_an_index(root, depth: int = 6) -> bool:
    """Whether a FacetIndex is reachable from ``root`` in ``depth`` references."""
    seen, frontier = set(), [root]
    for _ in range(depth):
        following = []
        for obj in frontier:
            if isinstance(obj, facetindex.FacetIndex):
                return True
            if id(obj) in seen or isinstance(obj, type | str | bytes):
                continue
            seen.add(id(obj))
            following += gc.get_referents(obj)
        frontier = following
    return False


def test_a_page_of_viewpoints_keeps_no_index(folder, debate_with_positions, client):
    """What a page's context holds lives as long as the context's reference cycles: not the
    facet index of its version (see the test above)."""
    response = client.get("/viewpoints/?stance=supports&q=credit")
    context = {name: response.context[name] for name in ("query", "page", "pager", "facets")}
    str(context["facets"])  # the lazy facet counts, evaluated
    assert not any(reaches_an_index(value) for value in context.values())


def test_the_maker_answers_at_once_and_maps_the_file_once_written(folder, debate_with_positions):
    version = data_version()
    made = facetindex.current(version)  # answered from a copy of its own, written in a thread
    facetindex.settled()
    assert (folder / f"{shared.SAFE_NAME.sub('_', database())}-{version}.facets").exists()
    with CaptureQueriesContext(connection) as queries:
        again = facetindex.current(version)
    assert len(queries) == 0
    assert mapped(again.pks)
    assert as_data(again) == as_data(made) == as_data(facetindex.build())


def test_while_another_process_writes_the_file_a_process_patches_its_own_copy(
    folder, debate_with_positions
):
    mapped_current(data_version())
    writing = shared.maker_lock(folder, database())  # as another process writing a version
    assert writing is not None
    try:
        position = debate_with_positions.positions[0]
        position.stance = "opposes" if position.stance != "opposes" else "supports"
        position.save()
        version = data_version()
        own = facetindex.current(version)
        assert not mapped(own.pks)
        assert as_data(own) == as_data(facetindex.build())
        facetindex.settled()
        assert not list(folder.glob(f"*-{version}.facets"))  # it left the file to the other
        shared.save(folder, database(), version, facetindex.build())
    finally:
        writing.close()
    assert mapped(facetindex.current(version).pks)  # the other's file, once it is there


def test_a_version_made_while_another_process_writes_gets_its_file_once_that_is_done(
    folder, debate_with_positions, monkeypatch
):
    """The maker's lock held elsewhere does not leave the version this process made without
    a file: its writer waits for the lock (up to LOCK_PATIENCE), then writes it."""
    mapped_current(data_version())
    monkeypatch.setattr(held, "WRITE_DELAY", 0.0)
    writing = shared.maker_lock(folder, database())  # as another process writing a file
    position = debate_with_positions.positions[0]
    position.stance = "opposes" if position.stance != "opposes" else "supports"
    position.save()
    version = data_version()
    assert not mapped(facetindex.current(version).pks)
    writing.close()  # the other is done
    facetindex.settled()
    assert (folder / f"{shared.SAFE_NAME.sub('_', database())}-{version}.facets").exists()
    assert mapped(facetindex.current(version).pks)
