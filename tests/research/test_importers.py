from pathlib import Path

import pytest

from apps.people.models import Expert
from apps.research.importers import (
    DUPLICATE,
    INVALID,
    NEW,
    ImportFileError,
    assess,
    import_entries,
    read_file,
)
from apps.sources.models import Publication, Venue

FILES = Path(__file__).parent / "files"
EXPORTS = ["zotero.json", "zotero.ris", "zotero.bib"]

pytestmark = pytest.mark.django_db


def read(name):
    return read_file((FILES / name).read_bytes(), name)


@pytest.mark.parametrize("name", EXPORTS)
def test_each_format_reads_into_the_same_entries(name):
    fmt, entries = read(name)
    assert fmt == {"json": "csl", "ris": "ris", "bib": "bibtex"}[name.rsplit(".", 1)[1]]
    first = entries[0]
    assert first["title"] == "Cyberspace governance in the new era"
    assert first["title_original"] == "新时代网络空间治理"
    assert first["kind"] == "journal_article"
    assert first["venue"] == "经济走势跟踪"
    assert (first["date"], first["date_precision"]) == ("2019-03-01", "month")
    assert first["volume"] == "71"
    assert first["tags"] == ["content filtering", "public opinion"]
    assert [e["number"] for e in entries] == [1, 2, 3, 4]


@pytest.mark.parametrize("name", EXPORTS)
def test_preview_marks_new_duplicate_and_invalid_entries(sample_dataset, name):
    _, entries = read(name)
    new, known, broken, again = assess(entries)
    assert new.status == NEW
    assert [(label, expert and expert.slug) for label, expert in new.authors] == [
        ("刘瑞生", None),
        ("Wang Yufeng", "wang-yufeng"),
    ]
    assert known.status == DUPLICATE
    [match] = known.matches
    assert match.reason == "same Chinese title"
    existing = Publication.objects.get(slug="wang-2017-digital-economy")
    assert match.admin_url == f"/admin/sources/publication/{existing.pk}/change/"
    assert broken.status == INVALID
    assert "13" in broken.reasons[0]
    assert again.status == DUPLICATE
    assert again.matches[0].reason == "same URL"
    assert again.matches[0].admin_url == ""  # an earlier entry of the same file


@pytest.mark.parametrize("name", EXPORTS)
def test_import_writes_only_new_entries_and_matches_authors(sample_dataset, name):
    _, entries = read(name)
    before = Publication.objects.count()
    report = import_entries(entries, name, partial=True)  # the file's entry #3 is invalid
    assert Publication.objects.count() == before + 1
    [publication] = report.created
    assert publication.title_original == "新时代网络空间治理"
    assert publication.language == "zh"
    assert publication.venue == Venue.objects.get(slug="macroeconomic-trend-monitor")
    assert publication.year == 2019
    authors = [a.expert for a in publication.authorships.all()]
    assert authors[1] == Expert.objects.get(slug="wang-yufeng")
    assert (authors[0].name, authors[0].name_zh, authors[0].pinyin) == (
        "Liu Ruisheng",
        "刘瑞生",
        "Liú Ruìshēng",
    )
    assert set(publication.tags.names()) == {"content filtering", "public opinion"}
    assert publication.history.get().history_change_reason == f"Imported from {name}"
    assert "liu ruisheng" in publication.search_text
    assert str(report).startswith("1 publication imported (1 new expert, 0 new venues)")


def test_importing_the_same_file_twice_adds_nothing(sample_dataset):
    _, entries = read("zotero.json")
    import_entries(entries, "zotero.json", partial=True)
    count = Publication.objects.count()
    report = import_entries(entries, "zotero.json", partial=True)
    assert report.created == []
    assert Publication.objects.count() == count


def test_an_author_known_only_by_pinyin_is_matched_from_hanzi(db):
    liu = Expert.objects.create(slug="liu-ruisheng", name="Liu Ruisheng")
    entries = [{**read("zotero.json")[1][0], "authors": [{"literal": "刘瑞生"}]}]
    [assessment] = assess(entries)
    assert assessment.authors == [("刘瑞生", liu)]


def test_a_different_hanzi_name_with_the_same_pinyin_is_a_new_expert(db):
    Expert.objects.create(slug="liu-ruisheng", name="Liu Ruisheng", name_zh="柳瑞生")
    entries = [{**read("zotero.json")[1][0], "authors": [{"literal": "刘瑞生"}]}]
    [assessment] = assess(entries)
    assert assessment.authors == [("刘瑞生", None)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n ", "empty"),
        ('[{"title": "中文"}]'.encode("gbk"), "GBK"),
        ('[{"title": "中文"}]'.encode("utf-16"), "UTF-16"),
        (b'[{"title": "x",}', "not valid CSL-JSON"),
        (b'{"no": "items"', "not valid CSL-JSON"),
        (b"[]", "No CSL-JSON entries"),
        (b"just some words", "Cannot tell the format"),
    ],
)
def test_unreadable_files_get_a_clear_message(data, message):
    with pytest.raises(ImportFileError, match=message):
        read_file(data, "upload.txt" if message == "Cannot tell the format" else "")


def test_a_ris_record_without_its_end_is_refused():
    data = (FILES / "zotero.ris").read_text().rsplit("ER  -", 1)[0].encode()
    with pytest.raises(ImportFileError, match="4 records start .* but 3 end"):
        read_file(data, "x.ris")


def test_a_bibtex_syntax_error_marks_that_entry_invalid_and_keeps_the_rest():
    data = b"@article{a, title = {Fine one}, year = {2018}}\n@book{b, title = {Unclosed\n@misc{c, title = {Also fine}}\n"
    _, entries = read_file(data, "x.bib")
    statuses = [a.status for a in assess(entries)]
    assert statuses == [NEW, INVALID, NEW]
    assert "unreadable BibTeX at line 2" in assess(entries)[1].reasons[0]


def test_csl_items_with_bad_values_are_invalid_with_reasons(db):
    data = b'[{"title": ""}, 42, {"title": "x", "URL": "javascript:alert(1)"}]'
    _, entries = read_file(data, "x.json")
    reasons = [a.reasons for a in assess(entries)]
    assert reasons[0] == ["no title"]
    assert "not a CSL-JSON item" in reasons[1][0]
    assert "not a web address" in reasons[2][0]


def test_a_failed_import_writes_nothing(sample_dataset, monkeypatch):
    _, entries = read("zotero.json")
    count, experts = Publication.objects.count(), Expert.objects.count()

    def explode(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("apps.sources.models.Publication.tags", property(explode))
    with pytest.raises(RuntimeError):
        import_entries(entries, "zotero.json", partial=True)
    assert (Publication.objects.count(), Expert.objects.count()) == (count, experts)
