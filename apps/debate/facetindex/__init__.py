"""Every position's facet values in memory: facet counts and result pages for /viewpoints/.

Counting ten facets in SQL is ten GROUP BYs over up to 300,000 link rows: 0.6–1.6 s at
200,000 positions each time cached counts go stale, i.e. after every write. Instead, the facet
columns and link tables are read into numpy arrays held by the process (ten queries, the big
ones packed into one ``bytea`` of integers on PostgreSQL). A selection is then a boolean mask
per facet, a facet's counts one ``bincount`` over the rows the other facets leave, and a page
of results a slice of a sort order: milliseconds, whatever the selection.

The index is kept per data version. After a write, the change log
(:class:`~apps.debate.models.IndexChange`, filled for each new version by
apps/debate/changes.py) says which positions to read again; a bulk load, a broken chain of versions or too
many changes reads everything again.

Rows are positions in primary-key order, then those a patch appended. A facet's values are
integer codes, 0 for none: database ids (themes, questions, experts, institutions, tags,
chapters), the year, or a choice's place in its choices plus one (stance, institution kind,
publication kind).

The SQL filters in :mod:`apps.debate.filters` stay the reference (exports use them) and the
tests check that both give the same positions in the same order, and that a patched index equals one read
whole after every kind of write.

The parts: :mod:`.structure` (the arrays and what a selection does with them),
:mod:`.reading` (from the database), :mod:`.patching` (after a write) and :mod:`.held` (one
index per process and data version).
"""

from .held import cached_with_index, current, forget, settled
from .reading import build, integer_rows
from .structure import (
    NO_DATE,
    SORTS,
    YEAR_ONLY,
    FacetData,
    FacetIndex,
    ValueInfo,
    combine,
    isin,
)

__all__ = [
    "NO_DATE",
    "SORTS",
    "YEAR_ONLY",
    "FacetData",
    "FacetIndex",
    "ValueInfo",
    "build",
    "cached_with_index",
    "combine",
    "current",
    "forget",
    "integer_rows",
    "settled",
    "isin",
]
