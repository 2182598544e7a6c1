"""The facet index of one data version in a file every process on the host maps, read-only.

Each gunicorn worker held and patched its own copy (~50 MB at 200,000 positions), so memory
grew with the number of workers, and after each write every worker made the same patch.
Instead, the first process that needs a version writes its index to
``FACET_INDEX_DIR/<database>-<version>.facets`` (holding a lock, so it is written once; in a
thread, after it answered: apps/debate/facetindex/held.py), and every process maps that
file: the arrays are pages of the page cache (tmpfs), shared by
all the processes of the host; each holds only the small labels unpickled.

The file: 8 bytes of magic, 8 of header length, the pickled header (every array's dtype,
shape and offset, and the small Python parts: labels, value infos, the patch origin), then
the arrays, each at a page boundary. Files of older versions are removed as newer ones come
(a process still mapping one keeps its pages until it lets go). The directory is the app's
own (mode 0700): its files are unpickled.
"""

from __future__ import annotations

import fcntl
import hashlib
import mmap
import os
import pickle
import re
from dataclasses import replace
from pathlib import Path
from typing import IO

import numpy as np
from django.conf import settings

from .structure import SORTS, FacetData, FacetIndex, Labels

MAGIC = b"CDFACET6"  # a new layout takes a new magic: older files are made again
PAGE = mmap.PAGESIZE
KEEP = 3  # versions kept per database: the current one and those processes may still map
SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def directory() -> Path | None:
    """Where the files go; None when sharing is off (FACET_INDEX_DIR empty)."""
    configured = getattr(settings, "FACET_INDEX_DIR", "")
    return Path(configured) if configured else None


def _path(folder: Path, database: str, version: str) -> Path:
    return folder / f"{SAFE_NAME.sub('_', database)}-{version}.facets"


def prepared(index: FacetIndex) -> FacetIndex:
    """The index with everything requests compute from it lazily computed now, so that the
    file holds it and no process computes its own (every sort order, the row of each id)."""
    for sort in SORTS:
        index.order(sort)
    index.mask_of_ids(np.zeros(0, dtype=np.int64))
    return index


def _arrays(index: FacetIndex) -> dict[str, np.ndarray]:
    arrays = {
        "pks": index.pks,
        "days": index.days,
        "precision": index.precision,
        "sources": index.sources,
        "expert_rank": index.expert_rank,
        "holders": index.holders,
        "labels.kind_of": index.labels.kind_of,
        "labels.expert_rank_of": index.labels.expert_rank_of,
        "labels.analysis_of": index.labels.analysis_of,
    }
    if index.live is not None:
        arrays["live"] = index.live
    for name, data in index.facets.items():
        arrays[f"facet.{name}.codes"] = data.codes
        if data.rows is not None:
            arrays[f"facet.{name}.rows"] = data.rows
    for key, value in index._derived.items():
        arrays[f"derived.{key}"] = value
    return {name: np.ascontiguousarray(array) for name, array in arrays.items()}


def save(folder: Path, database: str, version: str, index: FacetIndex) -> FacetIndex:
    """Write ``index`` for ``version`` (atomically: a temporary file renamed), and return it
    mapped from the file."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    arrays = _arrays(prepared(index))
    layout, offset = {}, 0
    for name, array in arrays.items():
        layout[name] = (array.dtype.str, array.shape, offset)
        offset += -(-array.nbytes // PAGE) * PAGE
    labels = pickle.dumps(
        (
            {
                name: (data.info, data.key_codes, data.rows is not None)
                for name, data in index.facets.items()
            },
            index.labels.infos,
            index.labels.experts,
        ),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    header = pickle.dumps(
        {
            "layout": layout,
            "labels": labels,
            "labels_digest": hashlib.sha256(labels).hexdigest(),
            "patched_from": index.patched_from,
        },
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    start = -(-(16 + len(header)) // PAGE) * PAGE
    path = _path(folder, database, version)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    with open(temporary, "wb") as out:
        out.write(MAGIC + len(header).to_bytes(8, "little") + header)
        for name, array in arrays.items():
            out.seek(start + layout[name][2])
            out.write(array.tobytes())
        out.truncate(start + offset)
    os.replace(temporary, path)
    _forget_older(folder, database, keep=path)
    return load(folder, database, version)


def load(folder: Path, database: str, version: str) -> FacetIndex | None:
    """The index of ``version`` mapped from its file, or None if no process made it yet."""
    try:
        with open(_path(folder, database, version), "rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (FileNotFoundError, ValueError):  # ValueError: an empty file
        return None
    if mapped[:8] != MAGIC:
        return None
    length = int.from_bytes(mapped[8:16], "little")
    try:
        header = pickle.loads(mapped[16 : 16 + length])
    except (pickle.UnpicklingError, EOFError, ValueError):  # cut short: made again
        return None
    start = -(-(16 + length) // PAGE) * PAGE

    def array(name: str) -> np.ndarray:
        dtype, shape, offset = header["layout"][name]
        count = int(np.prod(shape)) if shape else 1
        flat = np.frombuffer(mapped, dtype=dtype, count=count, offset=start + offset)
        return flat.reshape(shape)

    layout = header["layout"]
    facet_labels, infos, experts = _labels(header)
    facets = {
        name: FacetData(
            array(f"facet.{name}.codes"),
            info,
            rows=array(f"facet.{name}.rows") if has_rows else None,
            key_codes=key_codes,
        )
        for name, (info, key_codes, has_rows) in facet_labels.items()
    }
    labels = Labels(
        infos,
        array("labels.kind_of"),
        array("labels.expert_rank_of"),
        experts,
        array("labels.analysis_of"),
    )
    index = FacetIndex(
        pks=array("pks"),
        days=array("days"),
        precision=array("precision"),
        sources=array("sources"),
        facets=facets,
        expert_rank=array("expert_rank"),
        holders=array("holders"),
        labels=labels,
        live=array("live") if "live" in layout else None,
        patched_from=header["patched_from"],
    )
    derived = {
        name.removeprefix("derived."): array(name) for name in layout if name.startswith("derived.")
    }
    return replace(index, _derived=derived)


# The labels last unpickled, by digest: most writes change no label, and a process that maps
# the next version keeps the objects it has instead of making the same ones again.
_labels_seen: dict[str, tuple] = {}


def _labels(header: dict) -> tuple:
    digest = header["labels_digest"]
    if digest not in _labels_seen:
        _labels_seen.clear()
        _labels_seen[digest] = pickle.loads(header["labels"])
    return _labels_seen[digest]


def maker_lock(folder: Path, database: str) -> IO | None:
    """The lock on making a database's next file, if no other process or thread holds it:
    close the file to let it go. None: another is writing a file now."""
    lock = _open_lock(folder, database)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    return lock


def _open_lock(folder: Path, database: str) -> IO:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return open(folder / f"{SAFE_NAME.sub('_', database)}.lock", "a")


def _forget_older(folder: Path, database: str, keep: Path) -> None:
    prefix = f"{SAFE_NAME.sub('_', database)}-"
    files = sorted(
        (p for p in folder.glob(f"{prefix}*.facets") if p != keep),
        key=lambda p: p.stat().st_mtime,
    )
    for stale in files[: max(0, len(files) - (KEEP - 1))]:
        stale.unlink(missing_ok=True)
