from functools import cache
from pathlib import Path

import pytest

from apps.ingest.parsing import parse_issue
from apps.ingest.staging import stage_file

FILES = Path(__file__).parent / "files"


@cache
def _parsed(name: str):
    return parse_issue((FILES / name).read_text(encoding="utf-8"))


@pytest.fixture
def files() -> Path:
    return FILES


@pytest.fixture
def seed_excerpt():
    """The seed's chapter on social credit (scrambled notes 8-11 included), parsed."""
    return _parsed("seed_credit_chapter.txt")


@pytest.fixture
def synthetic():
    """The synthetic test issue, parsed."""
    return _parsed("synthetic_issue.txt")


@pytest.fixture
def draft(shipped_dataset, files):
    """The synthetic test issue, staged onto the shipped dataset."""
    return stage_file(files / "synthetic_issue.txt").draft


def note(issue, chapter: int, number: int):
    return next(f for f in issue.chapters[chapter].footnotes if f.number == number)
