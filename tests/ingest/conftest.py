from functools import cache
from pathlib import Path

import pytest

from apps.ingest.parsing import parse_issue

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


def note(issue, chapter: int, number: int):
    return next(f for f in issue.chapters[chapter].footnotes if f.number == number)
