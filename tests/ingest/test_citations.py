"""Every footnote form the seed prints, read into its citations."""

import pytest

from apps.ingest.citations import read_footnote
from apps.ingest.urls import UrlContext
from tests.ingest.conftest import note


def read(text, context=None):
    return read_footnote(1, text, context or UrlContext(words={"government"}))


def only(text):
    (citation,) = read(text).citations
    return citation


def test_author_with_hanzi_titles_venue_with_its_chinese_name_volume_month():
    c = only(
        'Wang Yufeng (王砚峰), "China\'s digital economy and the new wave of global change" '
        "(中国的数字经济与新的全球变革浪潮), Macroeconomic Trend Monitor (经济走势跟踪), volume 68, "
        "September 2017, available at http://ie.cass.cn/academics/economic trends/201709/t20170928_3655627.html."
    )
    assert [(a.name, a.name_original) for a in c.authors] == [("Wang Yufeng", "王砚峰")]
    assert c.title == "China's digital economy and the new wave of global change"
    assert c.title_original == "中国的数字经济与新的全球变革浪潮"
    assert (c.venue, c.venue_original, c.volume, c.date) == (
        "Macroeconomic Trend Monitor",
        "经济走势跟踪",
        "68",
        "2017-09",
    )
    assert c.url == "http://ie.cass.cn/academics/economic_trends/201709/t20170928_3655627.html"
    assert c.url_printed.endswith("economic trends/201709/t20170928_3655627.html")


def test_two_authors_and_pages_with_a_year():
    c = only(
        'Liu Pengfei (刘鹏飞) and Qu Xiaocheng (曲晓程), "Report on the Development of Public '
        "Opinion in China's Internet 2017\" (2017年中国互联网舆论场发展报告), Blue Book on New Media "
        "2018 (2018年新媒体蓝皮书), 2018, pp. 52-68."
    )
    assert c.author_names == ["Liu Pengfei", "Qu Xiaocheng"]
    assert (c.venue, c.date, c.pages) == ("Blue Book on New Media 2018", "2018", "52-68")


def test_a_comment_then_see_two_works_separated_by_a_semicolon():
    footnote = read(
        'The authors give examples, including "Frost Boy". See: Manya Koetse, ""I Am Fan Yusu" — '
        "Beijing Migrant Worker's Writing\", What's On Weibo, 26 April 2017, available at "
        'https://www.whatsonweibo.com/fan-yusu/; Javier C Hernandez, ""Frost Boy\' in China '
        'Warms Up the Internet", New York Times, 13 January 2018, available at '
        "https://www.nytimes.com/2018/01/13/world/asia/frozen-boy.html."
    )
    assert footnote.comment == 'The authors give examples, including "Frost Boy".'
    first, second = footnote.citations
    assert first.title == '"I Am Fan Yusu" — Beijing Migrant Worker\'s Writing'
    assert (first.venue, first.date) == ("What's On Weibo", "2017-04-26")
    assert second.author_names == ["Javier C Hernandez"]
    assert second.title == "\"Frost Boy' in China Warms Up the Internet"


def test_prose_note_with_nested_quotes_and_a_transliteration():
    c = only(
        'On 1 July 2015 the State Council issued the "Guiding Opinions of the State Council on '
        'Vigorously Promoting "Internet Plus"" (关于积极推进"互联网+"行动的指导意见guanyu jiji tuijin '
        '"huliamwang jia" xingdong de zhidao yijian), available at http://en.pkulaw.cn/display.aspx?cgid=250823&ilb=law.'
    )
    assert c.authors == []
    assert (
        c.title == 'Guiding Opinions of the State Council on Vigorously Promoting "Internet Plus"'
    )
    assert c.title_original == '关于积极推进"互联网+"行动的指导意见'
    assert c.title_transliterated == 'guanyu jiji tuijin "huliamwang jia" xingdong de zhidao yijian'
    assert (c.date, c.issuer) == ("2015-07-01", "State Council")


def test_note_printed_in_chinese_with_an_english_gloss():
    c = only(
        '科学网 新一轮技术革命对中国挑战大于机遇,18 January 2018 ("Science network. A new round of '
        'technological revolution brings more challenges", http://www.casad.eas.cn, 18 January 2018).'
    )
    assert (c.venue, c.venue_original) == ("Science network", "科学网")
    assert c.title == "A new round of technological revolution brings more challenges"
    assert c.title_original == "新一轮技术革命对中国挑战大于机遇"
    assert c.date == "2018-01-18"


@pytest.mark.parametrize(
    ("text", "author", "hanzi", "title_original"),
    [
        (
            '冯 昭奎,论新科技革命对国际竞争关系的影响 Feng Zhaokui, "On the new technological '
            'revolution", 世界经济与政治 World Economics and Politics, 2017 No.2.',
            "Feng Zhaokui",
            "冯昭奎",
            "论新科技革命对国际竞争关系的影响",
        ),
        (
            '黄琪轩,大国权力竞争如何引发了技术革命,19 June 2018, Huang Qixuan, "How competition '
            'between big powers trigger the technological revolution", *The Paper*, 19 June 2018 – '
            'hereafter Huang, "How competition between big powers trigger the technological revolution".',
            "Huang Qixuan",
            "黄琪轩",
            "大国权力竞争如何引发了技术革命",
        ),
    ],
)
def test_hanzi_name_and_title_before_the_latin_ones(text, author, hanzi, title_original):
    c = only(text)
    assert [(a.name, a.name_original) for a in c.authors] == [(author, hanzi)]
    assert c.title_original == title_original


def test_year_and_issue_forms_and_a_hereafter_form():
    feng = only(
        'Feng Zhaokui, "On the new technological revolution", World Economics and Politics, 2017 No.2.'
    )
    assert (feng.venue, feng.date, feng.issue) == ("World Economics and Politics", "2017", "2")
    huang = only(
        'Huang Qixuan, "How competition", *The Paper*, 19 June 2018 – hereafter Huang, "How competition".'
    )
    assert (huang.venue, huang.short_title) == ("The Paper", "How competition")
    wu = only(
        'Wu Jingmei, "2018年展望: 征信面临突破" "Outlook for 2018", Credit Reference, 2018(1)'
    )
    assert (wu.title_original, wu.title, wu.venue, wu.date, wu.issue) == (
        "2018年展望: 征信面临突破",
        "Outlook for 2018",
        "Credit Reference",
        "2018",
        "1",
    )


def test_on_file_and_a_link_in_a_comment_sentence_is_not_the_works_link():
    footnote = read(
        'Wu Jingmei, "2018年展望" "Outlook for 2018", Credit Reference, 2018(1); "(2018) '
        '2017中国社会信用体系建设的回顾与 "2017 Review of Chinese Social Credit System", Peking '
        "University China Credit Research Centre On file with author. A summary of the report's "
        "findings can be found at https://www.creditchina.gov.cn/x/201805/t20180530_116867.html."
    )
    review = footnote.citations[1]
    assert (review.title_original, review.title) == (
        "2017中国社会信用体系建设的回顾与",
        "2017 Review of Chinese Social Credit System",
    )
    assert (review.date, review.on_file, review.url, review.venue) == ("2018", True, None, None)
    assert review.issuer == "Peking University China Credit Research Centre"


def test_affiliation_in_brackets_an_unclosed_original_title_and_a_book():
    zhan = only(
        'Zhan Zheng (Peking University China Credit Research Centre Director), "Building Integrity" '
        "(通过社会诚信、商务诚信,带给市民生活诸多改变,Credit China, 9 August 2018."
    )
    assert zhan.authors[0].affiliation == "Peking University China Credit Research Centre Director"
    assert (zhan.title_original, zhan.venue) == (
        "通过社会诚信、商务诚信,带给市民生活诸多改变",
        "Credit China",
    )
    lin = only(
        'Lin Junyue, "社会信用体系原理" "Principles of a Social Credit System", China Fangzheng Press, 2003.'
    )
    assert (lin.publisher, lin.venue, lin.date, lin.kind) == (
        "China Fangzheng Press",
        None,
        "2003",
        "book",
    )
    lee = only(
        "See: Kai-Fu Lee, AI Superpowers: China, Silicon Valley, and the New World Order, "
        "Houghton Mifflin Harcourt, 2018."
    )
    assert (lee.author_names, lee.title, lee.publisher) == (
        ["Kai-Fu Lee"],
        "AI Superpowers: China, Silicon Valley, and the New World Order",
        "Houghton Mifflin Harcourt",
    )


def test_titles_missing_a_quotation_mark_and_bracketed_original_titles():
    li = only(
        'See: Delegate Li Yanhong Recommends a \'China Brain\' Plan" [李彦宏委员建议设立"中国大脑"计划], '
        "*People's Daily*, 3 March 2015, available at http://pic.people.com.cn/n/2015/0303/c1016-26627781.html."
    )
    assert (li.title, li.title_original) == (
        "Delegate Li Yanhong Recommends a 'China Brain' Plan",
        '李彦宏委员建议设立"中国大脑"计划',
    )
    cpc = only(
        '"CPC State Council Releases the "National Innovation-Driven Development Strategy '
        'Guidelines" [中共中央 国务院印发《国家创新驱动发展战略纲要》], Xinhua, 19 May 2016.'
    )
    assert (
        cpc.title
        == 'CPC State Council Releases the "National Innovation-Driven Development Strategy Guidelines"'
    )


def test_issuer_then_venue():
    c = only(
        'See: "Standards Joint Construction Action Plan" (标准联通共建"一带一路"行动计划) (2018—2020) '
        "released by the Standardisation Administration of China (中国国家标准化管理委员会), *Xinhua*, "
        "22 December 2017, http://www.xinhuanet.com/2017-12/22/c_1122155113.htm."
    )
    assert (c.issuer, c.venue, c.date) == (
        "Standardisation Administration of China",
        "Xinhua",
        "2017-12-22",
    )


def test_ibid_cites_the_previous_notes_work(synthetic):
    ibid = note(synthetic, 1, 4).citations[0]
    assert ibid.ibid and ibid.refers_to.label() == "1.3.1"
    assert ibid.title_original == "海外社交媒体的内容过滤机制对我国互联网管理的启示"
    with_page = note(synthetic, 2, 5).citations[0]
    assert (with_page.pinpoint, with_page.title) == (
        "p. 40",
        "Why China Standards 2035 is not Made in China 2025",
    )


def test_short_forms_are_tied_to_the_full_citation(seed_excerpt, synthetic):
    observing = note(seed_excerpt, 0, 11).citations[0]
    assert observing.short_form and observing.refers_to.label() == "0.9.1"
    assert observing.url == "http://www.xinhuanet.com/fortune/2018-06/04/c_1122931164.htm"
    pathways = note(synthetic, 3, 2).citations[0]
    assert pathways.refers_to.label() == "3.1.1"
    assert pathways.author_names == ["Li Xiaohua"]


def test_a_note_that_cites_nothing_is_a_comment(synthetic):
    comment = note(synthetic, 1, 5)
    assert comment.citations == []
    assert comment.comment.startswith("The author thanks two anonymous reviewers")
