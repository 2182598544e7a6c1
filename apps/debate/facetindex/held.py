"""One facet index per process and data version, patched after a write from the change log."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from django.db import connections, router
from django.db.models import Subquery

from apps.core.cache import cached, data_version

from ..models import IndexChange, Position
from . import shared
from .patching import patched
from .reading import build
from .structure import FacetIndex, PatchOrigin

T = TypeVar("T")

_lock = threading.Lock()
# Per database: the version held, its index, and whether that is mapped from the host's file.
_current: dict[str, tuple[str, FacetIndex, bool]] = {}
# Per database, the thread that writes the file of the version held (see current()), and
# the event that wakes it.
_writers: dict[str, tuple[threading.Thread, threading.Event]] = {}
# After a write, the file of the patched version is written this many seconds later, off the
# path of the requests that follow the write, and only for the last version of a burst.
WRITE_DELAY = 1.0
# How long a writer waits while another process holds the maker's lock, writing a file.
LOCK_PATIENCE = 5.0
# Changes logged up to this many rows before the held version are read again: a transaction
# that committed after a later one must not be missed (reading a position again is harmless).
REREAD_WINDOW = 200


def current(version: str, using: str | None = None) -> FacetIndex:
    """The index for ``version`` of the data, held once per process.

    After a write, the index held is patched with what the log says changed since its
    version (:class:`~apps.debate.models.IndexChange`); when the log cannot tell (a bulk load,
    a rolled-back version, too many changes), the index is read again whole. Without a version
    (no write recorded yet) nothing is held: the data may change unseen.

    With FACET_INDEX_DIR set, the index of a version is made once per host and mapped by
    every process from its file (:mod:`.shared`): a process that needs a version another has
    made maps it, without reading or patching anything. The process that makes a version
    answers from it at once and writes its file in a thread of its own (~45 ms at 200,000
    positions, which a request after a write would otherwise wait for); a process that needs
    the version meanwhile patches its own copy, and each lets go of its copy for the mapped
    file once the file is there.

    Read from the database the request reads from (a replica, apps/core/replicas.py, or the
    primary); held per database name, which a replica shares with its primary.
    """
    using = using or router.db_for_read(Position)
    database = str(connections[using].settings_dict["NAME"])
    folder = shared.directory() if version else None
    with _lock:
        held = _current.get(database)
        if held and version and held[0] == version:
            if folder and not held[2]:  # a copy of our own: the mapped file, once written
                mapped = shared.load(folder, database, version)
                if mapped is not None:
                    _current[database] = (version, mapped, True)
                    return mapped
            return held[1]
        index = shared.load(folder, database, version) if folder else None
        if index is not None:
            _current[database] = (version, index, True)
            return index
        index = _made(held and held[:2], version, using)
        _current[database] = (version, index, False)
        if folder and database not in _writers:
            _start_writer(folder, database, WRITE_DELAY if index.patched_from is not None else 0.0)
        return index


def _start_writer(folder, database: str, delay: float) -> None:
    """A thread that writes the file of the version held in ``delay`` seconds (called
    holding ``_lock``; one per database: it writes whatever version is held by then)."""
    wake = threading.Event()
    writer = threading.Thread(target=_write, args=(folder, database, delay, wake), daemon=False)
    _writers[database] = (writer, wake)
    writer.start()


def _write(folder, database: str, delay: float, wake: threading.Event) -> None:
    """Write the file of the version held, once ``delay`` seconds have passed or
    :func:`settled` wakes it, and once no other process is writing one (the maker's lock);
    then map it in place of this process's copy. A version made meanwhile is the one
    written: a file nobody will map again is not. Leaving the register and deciding that
    nothing is left to write happen under one hold of ``_lock``, so a version made after it
    starts a writer of its own."""
    lock = None
    try:
        wake.wait(delay)
        lock = _maker_lock_when_free(folder, database, wake)
        while lock is not None:
            with _lock:
                held = _current.get(database)
                if held is None or held[2]:
                    del _writers[database]
                    return
                version, index = held[0], held[1]
            mapped = shared.load(folder, database, version)
            if mapped is None:
                mapped = shared.save(folder, database, version, index)
            with _lock:
                if _current.get(database) is held:
                    _current[database] = (version, mapped, True)
                    del _writers[database]
                    return
    finally:
        with _lock:
            if _writers.get(database, (None,))[0] is threading.current_thread():
                del _writers[database]  # gave up (the lock still taken), or failed
        if lock is not None:
            lock.close()


def _maker_lock_when_free(folder, database: str, wake: threading.Event):
    """The maker's lock once no other process holds it; None if another still does after
    LOCK_PATIENCE seconds, or when :func:`settled` asks (it is tried once more then)."""
    deadline = time.monotonic() + LOCK_PATIENCE
    while True:
        lock = shared.maker_lock(folder, database)
        if lock is not None or wake.is_set() or time.monotonic() > deadline:
            return lock
        wake.wait(0.05)


def settled() -> None:
    """Write at once the files this process has yet to write, and wait for them (tests, and
    a worker about to exit)."""
    with _lock:
        pending = [w for w in _writers.values() if w[0] is not threading.current_thread()]
    for writer, wake in pending:
        wake.set()
        writer.join()


def _made(held: tuple[str, FacetIndex] | None, version: str, using: str) -> FacetIndex:
    """The index of ``version``: the one held patched, or read whole."""
    index = None
    if held and version:
        index = _patched_since(held[1], held[0], version, using)
    return index if index is not None else build(using)


def cached_with_index(
    compute: Callable[[FacetIndex], T], *parts: object, version: str | None = None
) -> T:
    """``compute(index)``, cached under ``parts`` and the data version the index is of (see
    :func:`apps.core.cache.cached`; pass ``version`` if already read): page data drawn from
    the index."""
    if version is None:
        version = data_version()
    return cached(lambda: compute(current(version)), *parts, version=version)


def forget() -> None:
    """Drop the indexes held (tests whose data changed under them)."""
    settled()
    with _lock:
        _current.clear()


def _patched_since(index: FacetIndex, held: str, version: str, using: str) -> FacetIndex | None:
    """``index`` (of version ``held``) brought to ``version`` by the change log, or None."""
    Scope = IndexChange.Scope
    last = IndexChange.objects.using(using).filter(token=held).order_by("-pk").values("pk")[:1]
    changes = list(
        IndexChange.objects.using(using)
        .filter(pk__gt=Subquery(last) - REREAD_WINDOW)  # none if ``held`` is not logged
        .order_by("pk")
        .values_list("pk", "token", "scope", "position_id")[: IndexChange.MAX_POSITIONS + 1]
    )
    if len(changes) > IndexChange.MAX_POSITIONS or version not in {c[1] for c in changes}:
        return None
    start = max((pk for pk, token, _, _ in changes if token == held), default=changes[0][0] - 1)
    if any(scope == Scope.EVERYTHING for pk, _, scope, _ in changes if pk > start):
        return None
    positions = {pk for _, _, scope, pk in changes if scope == Scope.POSITION}
    labels = any(scope == Scope.LABELS for pk, _, scope, _ in changes if pk > start)
    texts = {pk for _, _, scope, pk in changes if scope == Scope.TEXT}
    index = patched(index, positions, labels, using)
    if index is None:
        return None
    searched = None if None in texts else frozenset(positions | texts)
    return replace(index, patched_from=PatchOrigin(held, searched, _shown_since(changes, start)))


def _shown_since(changes: list[tuple], start: int) -> frozenset[int] | None:
    """The positions whose card may differ from the held version's: those named by the
    changes logged after it; None (any) if one names none (labels, a venue, any search text).

    No window before ``start`` here: each write replaces the one DataVersion row before it
    logs, so the row lock orders the log as the versions commit."""
    since = [position for pk, _, _, position in changes if pk > start]
    return None if None in since else frozenset(since)
