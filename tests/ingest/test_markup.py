import pytest

from apps.ingest.markup import clean_markup, read_number


@pytest.mark.parametrize(
    ("block", "number", "text"),
    [
        (
            '^{1 &}quot;China Focus: China has 802 million", *Xinhua*',
            1,
            '"China Focus: China has 802 million", Xinhua',
        ),
        ("² Wang Yufeng (王砚峰), ...", 2, "Wang Yufeng (王砚峰), ..."),
        ("¹⁰ Xiang Debao (相德宝)", 10, "Xiang Debao (相德宝)"),
        ("¹科学网 新一轮技术革命", 1, "科学网 新一轮技术革命"),
        (" $^{7\\,^{\\}circ}$ China Cybersecurity Law", 7, '"China Cybersecurity Law'),
        (" $^{7\\,^\\}circ\\text{CPC}$ State Council Releases", 7, '"CPC State Council Releases'),
        (
            " $^{12\\ {\\}rm ``National\\ CPPCC's\\ ``Artificial\\ Intelligence''}$ Bi-weekly\").",
            12,
            '"National CPPCC\'s "Artificial Intelligence" Bi-weekly").',
        ),
        (
            " $^{14\\ {\\}rm ``National\\ CPPCC's\\ Symposium'')}.$",
            14,
            '"National CPPCC\'s Symposium").',
        ),
        ('8 Hu Naihong, "加强信用体系建设"', 8, 'Hu Naihong, "加强信用体系建设"'),
        ('10"关于转批发展改革委', 10, '"关于转批发展改革委'),
    ],
)
def test_every_note_number_form_the_extraction_prints(block, number, text):
    assert read_number(block) == (number, text)


def test_a_bare_number_is_a_note_only_where_the_caller_allows_it():
    assert read_number("8 Hu Naihong, ...", plain_digits=False) == (None, "8 Hu Naihong, ...")
    assert read_number("Rising China")[0] is None


def test_markdown_emphasis_and_entities_are_dropped():
    assert clean_markup("*Blue Book* on New Media, **ECFR** &amp; 19^{th}") == (
        "Blue Book on New Media, ECFR & 19th"
    )
