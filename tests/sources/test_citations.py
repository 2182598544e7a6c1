import datetime

import pytest

from apps.sources.citations import citation_meta, csl_json, csl_json_script, format_citation
from tests.factories import (
    AuthorshipFactory,
    ExpertFactory,
    InstitutionFactory,
    PublicationFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

# Keys the CSL-JSON schema (csl-data.json, additionalProperties: false) allows that we use.
CSL_KEYS = {
    "id", "type", "title", "translated-title", "language", "author", "container-title",
    "publisher", "volume", "issue", "page", "issued", "URL", "note", "keyword", "custom",
}  # fmt: skip


@pytest.fixture
def article():
    venue = VenueFactory(name="Blue Book on New Media", name_zh="新媒体蓝皮书")
    publication = PublicationFactory(
        title="Report on the Development of Public Opinion in China's Internet 2017",
        title_original="2017年中国互联网舆论场发展报告",
        title_transliterated="2017 nian Zhongguo hulianwang yulunchang fazhan baogao",
        venue=venue,
        volume="5",
        issue="2",
        pages="52-68",
        date=datetime.date(2018, 6, 1),
        date_precision="month",
        url="http://example.org/report",
        archive_url="https://web.archive.org/web/2018/http://example.org/report",
    )
    AuthorshipFactory(
        publication=publication, expert=ExpertFactory(name="Liu Pengfei", name_zh="刘鹏飞"), order=1
    )
    AuthorshipFactory(
        publication=publication,
        expert=ExpertFactory(name="Qu Xiaocheng", name_zh="曲晓程"),
        order=2,
    )
    AuthorshipFactory(
        publication=publication,
        expert=ExpertFactory(name="Manya Koetse", origin="foreign"),
        order=3,
    )
    publication.tags.add("public opinion")
    return publication


def test_csl_item_has_original_title_as_title_and_english_as_translated_title(article):
    item = csl_json(article)
    assert item["title"] == "2017年中国互联网舆论场发展报告"
    assert item["translated-title"].startswith("Report on the Development")
    assert item["custom"]["transliterated-title"].startswith("2017 nian")
    assert item["custom"]["original-container-title"] == "新媒体蓝皮书"
    assert item["custom"]["archived-url"].startswith("https://web.archive.org/")
    assert set(item) <= CSL_KEYS


def test_csl_item_carries_authors_in_order_with_chinese_names_surname_first(article):
    assert csl_json(article)["author"] == [
        {"family": "Liu", "given": "Pengfei", "static-ordering": True},
        {"family": "Qu", "given": "Xiaocheng", "static-ordering": True},
        {"family": "Koetse", "given": "Manya"},
    ]


def test_csl_item_carries_date_at_its_precision_and_locators(article):
    item = csl_json(article)
    assert item["issued"] == {"date-parts": [[2018, 6]]}
    assert (item["volume"], item["issue"], item["page"]) == ("5", "2", "52-68")
    assert item["type"] == "article-journal" and item["language"] == "zh"
    assert item["keyword"] == "public opinion"


def test_csl_item_of_a_document_issued_by_a_body_names_the_body_as_author():
    body = InstitutionFactory(name="State Council", name_zh="国务院", kind="state_body")
    document = PublicationFactory(kind="policy_document", issuing_institution=body, date=None,
                                  date_precision="unknown")  # fmt: skip
    item = csl_json(document)
    assert item["author"] == [{"literal": "State Council"}]
    assert "issued" not in item and item["type"] == "document"


def test_english_publication_has_no_translated_title():
    item = csl_json(PublicationFactory(title="Frost Boy", language="en"))
    assert item["title"] == "Frost Boy" and "translated-title" not in item


def test_csl_script_cannot_close_its_script_element():
    publication = PublicationFactory(title="</script><script>alert(1)</script>")
    text = csl_json_script(publication)
    assert "</script" not in text and "<" not in text


def test_citation_meta_tags(article):
    meta = citation_meta(article)
    assert meta[0] == ("citation_title", "2017年中国互联网舆论场发展报告")
    assert [v for k, v in meta if k == "citation_author"] == [
        "Liu, Pengfei",
        "Qu, Xiaocheng",
        "Koetse, Manya",
    ]
    tags = dict(meta)
    assert tags["citation_publication_date"] == "2018/06"
    assert tags["citation_journal_title"] == "Blue Book on New Media"
    assert (tags["citation_volume"], tags["citation_issue"]) == ("5", "2")
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == ("52", "68")
    assert tags["citation_language"] == "zh"
    assert tags["citation_public_url"] == "http://example.org/report"


def test_formatted_citation_reads_like_the_analysis_notes(article):
    html = str(format_citation(article))
    assert html.startswith(
        'Liu Pengfei (<span lang="zh-Hans">刘鹏飞</span>), Qu Xiaocheng (<span lang="zh-Hans">'
        "曲晓程</span>) and Manya Koetse, “Report on the Development"
    )
    assert '(<span lang="zh-Hans">2017年中国互联网舆论场发展报告</span>, <i lang="zh-Latn">' in html
    assert '<cite>Blue Book on New Media</cite> (<span lang="zh-Hans">新媒体蓝皮书</span>)' in html
    assert html.endswith(
        "vol. 5, no. 2, June 2018, pp. 52-68, available at http://example.org/report."
    )


def test_formatted_citation_escapes_text():
    html = str(format_citation(PublicationFactory(title="<b>bold</b>")))
    assert "<b>" not in html and "&lt;b&gt;" in html
