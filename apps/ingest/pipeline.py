"""An ingest from file to decisions: read, parse, group the works, match, propose.

Nothing here writes to the database: the result is an :class:`IngestResult` that a dry run
prints and staging stores for review (apps/ingest/staging.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tqdm import tqdm

from apps.ingest.matching import Candidates, match_work
from apps.ingest.parsing import parse_issue
from apps.ingest.proposals import propose
from apps.ingest.reading import read_issue_text
from apps.ingest.records import IngestResult
from apps.ingest.works import group_works


def ingest_file(
    path: Path, known: Candidates | None = None, progress: bool = False
) -> IngestResult:
    started = time.perf_counter()
    return ingest_text(read_file(path, progress), known, progress, started)


def read_file(path: Path, progress: bool = False) -> str:
    """The issue's text, from its text file or its PDF (BadInput if there is none)."""
    return read_issue_text(path, _bar("reading pages", progress))


def ingest_text(
    text: str, known: Candidates | None = None, progress: bool = False, started: float | None = None
) -> IngestResult:
    started = started or time.perf_counter()
    issue = parse_issue(text, _bar("reading chapters", progress))
    works = group_works(issue)
    known = Candidates.load() if known is None else known
    for work in _bar("matching works", progress)(works, len(works)) if progress else works:
        match_work(work, known)
    proposals = propose(works)
    return IngestResult(issue, proposals, time.perf_counter() - started)


def _bar(label: str, show: bool):
    """A progress bar on the terminal (stderr), or nothing."""
    if not show:
        return None

    def wrap(items, total):
        return tqdm(items, total=total, desc=label, unit="", file=sys.stderr, leave=False)

    return wrap
