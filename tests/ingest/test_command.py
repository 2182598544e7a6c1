import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.ingest.pipeline import ingest_file
from tests.ingest.pdfs import typeset, without_text

ROOT = Path(__file__).resolve().parents[2]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def run_json(path, capsys) -> dict:
    call_command("ingest_analysis", str(path), "--dry-run", "--json")
    return json.loads(capsys.readouterr().out)


def test_dry_run_prints_the_parse_and_matches_and_writes_nothing(shipped_dataset, files, capsys):
    before = row_counts()
    output = run_json(files / "synthetic_issue.txt", capsys)
    assert row_counts() == before
    assert output["analysis"] == {
        "title": "Governing the platform state: data, standards and control",
        "date": "2020-03",
    }
    assert output["new"] == {"publications": 13, "experts": 9, "venues": 5}
    chapter = output["chapters"][1]
    assert (chapter["title"], chapter["analysts"]) == (
        "Platforms under the Party's eye",
        ["Tomasz Wierzbicki"],
    )
    footnote = chapter["footnotes"][2]
    citation = footnote["citations"][0]
    assert footnote["number"] == 3
    assert set(citation) >= {
        "authors",
        "title",
        "title_original",
        "venue",
        "date",
        "url",
        "pages",
        "ibid",
        "publication",
        "experts",
    }
    assert citation["authors"] == ["Liu Ruisheng", "Sun Ping"]
    assert (
        citation["publication"]
        == "liu-ruisheng-sun-ping-2018-content-filtering-overseas-social-media"
    )
    assert citation["experts"] == ["liu-ruisheng", "sun-ping"]
    ibid = chapter["footnotes"][3]["citations"][0]
    assert ibid["ibid"] is True and ibid["publication"] == citation["publication"]


def test_the_summary_says_known_or_new(shipped_dataset, files, capsys):
    call_command("ingest_analysis", str(files / "seed_credit_chapter.txt"), "--dry-run")
    out = capsys.readouterr().out
    assert "known: li-haiyun-2018-observing-social-credit-system (same URL)" in out
    assert "new: 0 publications, 0 experts, 0 venues" in out


def test_a_pdf_of_an_issue_is_read_like_its_text(shipped_dataset, files, tmp_path):
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(typeset((files / "synthetic_issue.txt").read_text()))
    from_pdf = ingest_file(pdf)
    from_text = ingest_file(files / "synthetic_issue.txt")

    def decisions(result):
        return [(r.label(), c.title, c.publication.slug) for r, c in result.issue.citations()]

    assert decisions(from_pdf) == decisions(from_text)
    assert [p.key for p in from_pdf.proposals] == [p.key for p in from_text.proposals]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def truncated_text(files) -> bytes:
    text = (files / "synthetic_issue.txt").read_text()
    return text[: text.index("holds that platforms")].encode()


def truncated_pdf(files) -> bytes:
    data = typeset((files / "synthetic_issue.txt").read_text())
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n \n", "is empty"),
        ("scan.png", PNG, "is a PNG image"),
        ("photo.jpg", JPEG, "is a JPEG image"),
        ("scan.pdf", without_text(), "has no text layer"),
        ("letter.txt", b"Dear editor,\n\nthank you for the tea.\n", "does not look like"),
        ("cut.txt", truncated_text, "truncated"),
        ("cut.pdf", truncated_pdf, "truncated PDF"),
        ("blob.bin", b"\x00\x01\x02binary" * 10, "binary file"),
        ("latin1.txt", "Caf\xe9 China Analysis".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_input_is_refused_with_one_line(files, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content(files) if callable(content) else content)
    with pytest.raises(CommandError, match=reason) as refused:
        call_command("ingest_analysis", str(path), "--dry-run")
    assert "\n" not in str(refused.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest_analysis", str(tmp_path / "nowhere.txt"), "--dry-run")


def test_on_the_command_line_bad_input_exits_non_zero_without_a_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest_analysis", str(empty), "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: empty.txt is empty"
    assert "Traceback" not in done.stderr
