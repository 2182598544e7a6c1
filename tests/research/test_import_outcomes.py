"""``manage.py import_sources`` says what happened: one line per invalid entry (file, entry,
reason), exit 1 and nothing written when an invalid entry stops the import or nothing could be
imported, the valid entries in one transaction with ``--partial``; no third-party text, and a
progress bar only on a terminal with something to write."""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.people.models import Expert
from apps.sources.models import Authorship, Publication, Venue

FILES = Path(__file__).parent / "files"

pytestmark = pytest.mark.django_db

MIXED_REJECTIONS = {
    "mixed.bib": [
        'mixed.bib: entry #2 "early-month" (line 8): the date 2018-13 is not a date',
        "mixed.bib: entry #3 \"bad-link\" (line 14): the URL 'ftp://example.cn/file' is not a "
        "web address (Only web links (http:// or https://) can be recorded; a “ftp:” link is "
        "refused.)",
    ],
    "mixed.ris": ["mixed.ris: entry #2: no title"],
    "mixed.json": [
        "mixed.json: entry #2: not a CSL-JSON item (expected an object with a title)",
        'mixed.json: entry #3 "untitled": no title',
    ],
}
MIXED_INVALID = {
    "mixed.bib": '2 entries are invalid (#2 "early-month" (line 8), #3 "bad-link" (line 14))',
    "mixed.ris": "1 entry is invalid (#2)",
    "mixed.json": '2 entries are invalid (#2, #3 "untitled")',
}


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def database() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Publication, Publication.history.model, Expert, Venue, Authorship)
    )


@dataclass
class Outcome:
    out: list[str]
    err: list[str]
    refusal: str = ""  # the CommandError's message (exit status 1), if the command failed


def run(path: Path, *args: str, stderr=None) -> Outcome:
    out, err = StringIO(), stderr or StringIO()
    try:
        call_command("import_sources", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        assert error.returncode == 1
        return Outcome(out.getvalue().splitlines(), err.getvalue().splitlines(), str(error))
    return Outcome(out.getvalue().splitlines(), err.getvalue().splitlines())


def assert_no_third_party_text(capfd, caplog) -> None:
    assert capfd.readouterr() == ("", "")
    assert not [r for r in caplog.records if r.name.startswith("bibtexparser")]


@pytest.mark.parametrize("args", [(), ("--partial",), ("--dry-run",)])
def test_a_bibtex_file_with_no_readable_entry_fails_and_names_the_block(capfd, caplog, args):
    before = database()
    outcome = run(FILES / "no_readable_entry.bib", *args)
    assert outcome.refusal == (
        "no_readable_entry.bib: nothing could be imported: 1 entry is invalid (#1 (line 4))."
    )
    assert outcome.err == [
        "no_readable_entry.bib: entry #1 (line 4): unreadable BibTeX at line 4: "
        "Unexpectedly reached end of file."
    ]
    assert outcome.out == [
        "INVALID   #1 (no title)",
        "          unreadable BibTeX at line 4: Unexpectedly reached end of file.",
    ]
    assert database() == before
    assert_no_third_party_text(capfd, caplog)


@pytest.mark.parametrize("name", sorted(MIXED_REJECTIONS))
def test_an_invalid_entry_stops_the_import_and_nothing_is_written(capfd, caplog, name):
    before = database()
    outcome = run(FILES / name)
    assert outcome.refusal == (
        f"{name}: nothing was written: {MIXED_INVALID[name]}. "
        "Correct the file, or import the valid entries only with --partial."
    )
    assert outcome.err == MIXED_REJECTIONS[name]
    assert database() == before
    assert_no_third_party_text(capfd, caplog)


@pytest.mark.parametrize("name", sorted(MIXED_REJECTIONS))
def test_partial_imports_the_valid_entries_and_lists_the_invalid_ones(capfd, caplog, name):
    outcome = run(FILES / name, "--partial")
    invalid = len(MIXED_REJECTIONS[name])
    assert not outcome.refusal
    assert outcome.out[-1] == (
        "2 publications imported (2 new experts, 1 new venue); 0 duplicates and "
        f"{invalid} invalid entr{'y' if invalid == 1 else 'ies'} skipped."
    )
    assert outcome.err == MIXED_REJECTIONS[name]  # and no progress bar: not a terminal
    assert sorted(Publication.objects.values_list("title", flat=True)) == [
        "Algorithms and public opinion",
        "人工智能与国家治理",
    ]
    assert_no_third_party_text(capfd, caplog)


def test_a_dry_run_fails_as_the_import_would_and_partial_says_what_would_be_skipped():
    before = database()
    refused = run(FILES / "mixed.ris", "--dry-run")
    assert refused.refusal.startswith("mixed.ris: nothing would be written: 1 entry is invalid")
    partial = run(FILES / "mixed.ris", "--dry-run", "--partial")
    assert partial.out[-1] == "Dry run of RIS: 2 would be imported; 1 invalid would be skipped."
    assert partial.err == MIXED_REJECTIONS["mixed.ris"]
    assert database() == before


def test_again_with_partial_nothing_could_be_imported_as_the_valid_ones_are_duplicates():
    run(FILES / "mixed.json", "--partial")
    before = database()
    outcome = run(FILES / "mixed.json", "--partial")
    assert outcome.refusal == (
        "mixed.json: nothing could be imported: "
        '2 entries are invalid (#2, #3 "untitled") and the others are duplicates.'
    )
    assert outcome.err == MIXED_REJECTIONS["mixed.json"]
    assert database() == before


def test_malformed_json_fails_with_one_line_and_writes_nothing(capfd, caplog):
    before = database()
    outcome = run(FILES / "malformed.json")
    assert outcome.refusal == (
        "malformed.json: This is not valid CSL-JSON: Expecting property name enclosed in "
        "double quotes at line 1, column 61."
    )
    assert (outcome.out, outcome.err) == ([], [])
    assert database() == before
    assert_no_third_party_text(capfd, caplog)


def test_a_file_of_duplicates_only_writes_nothing_and_succeeds_without_a_bar(tmp_path):
    valid = tmp_path / "valid.bib"
    valid.write_text((FILES / "mixed.bib").read_text().split("@report")[0])
    run(valid)
    before = database()
    outcome = run(valid, stderr=Terminal())
    assert not outcome.refusal
    assert outcome.out[-1] == (
        "0 publications imported (0 new experts, 0 new venues); "
        "1 duplicate and 0 invalid entries skipped."
    )
    assert outcome.err == []  # nothing to write: no bar even on a terminal
    assert database() == before


def test_on_a_terminal_the_import_shows_its_progress():
    terminal = Terminal()
    run(FILES / "mixed.bib", "--partial", stderr=terminal)
    assert "Importing: 100%" in terminal.getvalue()
    assert "2/2" in terminal.getvalue()
