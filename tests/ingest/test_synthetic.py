"""The synthetic test issue read field by field: a second issue, unlike the seed in its
content, that guards the parser against fitting one text."""

import pytest

READING = [
    # (chapter.note.citation, authors, title, original title, venue, date, stored link)
    (
        "1.1.1",
        [],
        "Cyberspace Administration Issues Draft Rules on Platform Accountability",
        None,
        "Xinhua",
        "2020-02-14",
        "http://www.xinhuanet.com/politics/2020-02/14/c_1125574801.htm",
    ),
    (
        "1.2.1",
        ["Gao Wenjie"],
        "Platform responsibility and the governance of online content",
        "平台责任与网络内容治理",
        "Journal of Cyber Governance",
        "2019",
        None,
    ),
    (
        "1.3.1",
        ["Liu Ruisheng", "Sun Ping"],
        "Inspiration of the Content Filtering Mechanism of Overseas Social Media for China's Internet Management",
        "海外社交媒体的内容过滤机制对我国互联网管理的启示",
        "World Socialist Studies",
        "2018-06",
        None,
    ),
    (
        "1.4.1",
        ["Liu Ruisheng", "Sun Ping"],
        "Inspiration of the Content Filtering Mechanism of Overseas Social Media for China's Internet Management",
        "海外社交媒体的内容过滤机制对我国互联网管理的启示",
        "World Socialist Studies",
        "2018-06",
        None,
    ),
    (
        "1.6.1",
        ["Tang Shuyi"],
        "Algorithmic recommendation and the guidance of public opinion",
        "算法推荐与舆论引导",
        "Journalism Research",
        "2019-11-12",
        "https://www.jr-cass.cn/articles/2019-11/12/content_88231.htm",
    ),
    (
        "1.6.2",
        ["Pei Minghao"],
        "Who polices the platforms?",
        None,
        "South China Morning Post",
        "2020-01-03",
        "https://www.scmp.com/news/china/politics/article/3044460/who-polices-the-platforms",
    ),
    (
        "1.7.1",
        ["Feng Zhaokui"],
        "On the new technological revolution and its impact on competition within international relations",
        "论新科技革命对国际竞争关系的影响",
        "World Economics and Politics",
        "2017",
        None,
    ),
    (
        "1.8.1",
        ["Gao Wenjie"],
        "Platform responsibility and the governance of online content",
        None,
        None,
        "2019",
        None,
    ),
    (
        "2.1.1",
        [],
        "Notice of the Standardization Administration on the Key Points of National Standardisation Work in 2020",
        "国家标准化管理委员会关于印发《2020年全国标准化工作要点》的通知",
        None,
        "2020-03-20",
        "http://www.sac.gov.cn/szhywb/sytz/202003/t20200320_344012.htm",
    ),
    (
        "2.2.1",
        ["Zhou Xinyu"],
        "China Standards 2035 and the global governance of technology",
        "中国标准2035与全球技术治理",
        "Global Review",
        "2020",
        None,
    ),
    (
        "2.3.1",
        ["Wen Yiming"],
        "Standards connectivity along the Belt and Road",
        "标准联通与一带一路",
        "People's Daily",
        "2020-01-09",
        "http://paper.people.com.cn/rmrb/html/2020-01/09/nw.D110000renmrb_20200109_3-09.htm",
    ),
    (
        "2.4.1",
        [],
        "Standardisation Administration Announces 2020 Work Priorities",
        None,
        "Xinhua",
        "2020-01-16",
        "http://www.sac.gov.cn/xw/bzhdt/202001/t20200115_343301.htm",
    ),
    (
        "2.4.2",
        ["Zhou Xinyu"],
        "Why China Standards 2035 is not Made in China 2025",
        None,
        "Caixin",
        "2020-02-04",
        "https://www.caixinglobal.com/2020-02-04/why-china-standards-2035-is-not-made-in-china-2025-101511230.html",
    ),
    (
        "2.5.1",
        ["Zhou Xinyu"],
        "Why China Standards 2035 is not Made in China 2025",
        None,
        "Caixin",
        "2020-02-04",
        "https://www.caixinglobal.com/2020-02-04/why-china-standards-2035-is-not-made-in-china-2025-101511230.html",
    ),
    (
        "2.6.1",
        [],
        "Technical Standards and Geopolitics",
        None,
        "Caixin",
        "2020-03-02",
        "https://www.caixinglobal.com/2020-03-02/technical-standards-and-geopolitics-101522337.html",
    ),
    (
        "3.1.1",
        ["Li Xiaohua"],
        "Pathways for cultivating a market for data as a factor of production",
        "数据要素市场的培育路径",
        "Economic Daily",
        "2020-05-15",
        None,
    ),
    (
        "3.2.1",
        ["Li Xiaohua"],
        "Pathways for cultivating a market for data as a factor of production",
        "数据要素市场的培育路径",
        "Economic Daily",
        "2020-05-15",
        None,
    ),
    (
        "3.3.1",
        ["Ma Hongjun", "Xu Lan"],
        "Data property rights and the digital economy",
        "数据产权与数字经济",
        "Economic Research Journal",
        "2020",
        None,
    ),
    (
        "3.4.1",
        ["Du Qinghao"],
        "On Building a Powerful Nation in Digital Economy",
        "关于建设数字经济强国的思考",
        "Administrative Reform",
        "2018-06",
        "http://ex.cssn.cn/dzyx/dzyx_xyzs/201806/t20180614_4366165",
    ),
    (
        "3.5.1",
        ["Chen Lu"],
        "Data exchanges multiply, but few trade",
        None,
        "Caixin",
        "2020-02-18",
        "https://www.caixinglobal.com/2020-02-18/data-exchanges-multiply-but-few-trade-101517346.html",
    ),
]


def test_every_citation_is_read_as_its_author_meant_it(synthetic):
    read = [
        (ref.label(), c.author_names, c.title, c.title_original, c.venue, c.date, c.url)
        for ref, c in synthetic.citations()
    ]
    assert read == [tuple(row) for row in READING]


@pytest.mark.parametrize(
    ("label", "field", "value"),
    [
        ("1.2.1", "volume", "3"),
        ("1.2.1", "pages", "14-29"),
        ("1.2.1", "venue_original", "网络治理学刊"),
        ("2.1.1", "issuer", "Standardisation Administration of China"),
        ("3.3.1", "issue", "4"),
        ("3.3.1", "pages", "112-127"),
        (
            "1.6.2",
            "url_printed",
            "https://www.scmp.com/news/china/politics/article/3044460/who-polices- the-platforms",
        ),
        ("3.1.1", "short_title", "Pathways"),
    ],
)
def test_other_fields(synthetic, label, field, value):
    citation = next(c for ref, c in synthetic.citations() if ref.label() == label)
    assert getattr(citation, field) == value


def test_authors_keep_their_hanzi(synthetic):
    citation = next(c for ref, c in synthetic.citations() if ref.label() == "3.3.1")
    assert [(a.name, a.name_original) for a in citation.authors] == [
        ("Ma Hongjun", "马红军"),
        ("Xu Lan", "徐岚"),
    ]
