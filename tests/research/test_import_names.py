"""Author names as reference managers export them become experts named as we record them."""

import json

import pytest

from apps.people.models import Expert
from apps.research.importers import assess, import_entries, read_file
from tests.factories import ExpertFactory

pytestmark = pytest.mark.django_db


def csl(*authors) -> list[dict]:
    item = {"id": "x", "type": "article-journal", "title": "新时代互联网内容治理研究"}
    item["author"] = list(authors)
    return read_file(json.dumps([item]).encode(), "zotero.json")[1]


def ris(*authors) -> list[dict]:
    lines = ["TY  - JOUR", "TI  - 网络舆论引导研究", *(f"AU  - {a}" for a in authors), "ER  - "]
    return read_file("\n".join(lines).encode(), "zotero.ris")[1]


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param(csl({"family": "刘", "given": "瑞生"}), id="csl-family-given"),
        pytest.param(ris("刘, 瑞生"), id="ris-comma"),
    ],
)
def test_a_hanzi_name_split_in_two_matches_the_expert_recorded_in_hanzi(entries):
    liu = ExpertFactory(name="Liu Ruisheng", name_zh="刘瑞生")
    [assessment] = assess(entries)
    assert assessment.authors == [("刘瑞生", liu)]
    report = import_entries(entries, "zotero")
    assert report.new_experts == []
    assert [a.expert for a in report.created[0].authorships.all()] == [liu]


@pytest.mark.parametrize(
    ("author", "name", "origin"),
    [
        ({"family": "Chen", "given": "Xiaoming"}, "Chen Xiaoming", "mainland"),
        ({"family": "Ouyang", "given": "Wen"}, "Ouyang Wen", "mainland"),
        ({"family": "Botsman", "given": "Rachel"}, "Rachel Botsman", "foreign"),
        ({"family": "Knight", "given": "Adam"}, "Adam Knight", "foreign"),
    ],
)
def test_new_authors_are_named_surname_first_only_when_the_name_is_chinese(author, name, origin):
    item = {"id": "x", "type": "report", "title": "An English report", "author": [author]}
    entries = read_file(json.dumps([item]).encode(), "zotero.json")[1]
    report = import_entries(entries, "zotero")
    [expert] = report.new_experts
    assert (expert.name, expert.origin) == (name, origin)
    assert Expert.objects.get(pk=expert.pk).name == name


def test_the_report_counts_in_words_that_agree_with_the_numbers():
    report = import_entries(csl({"literal": "刘瑞生"}), "zotero")
    assert str(report) == (
        "1 publication imported (1 new expert, 0 new venues); "
        "0 duplicates and 0 invalid entries skipped."
    )
