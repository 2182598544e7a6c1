import pytest

from apps.ingest.errors import BadInput
from apps.ingest.layout import blocks_of, read_layout


def test_title_recased_from_the_issues_own_words_and_month_of_issue(files):
    layout = read_layout((files / "synthetic_issue.txt").read_text())
    assert layout.title == "Governing the platform state: data, standards and control"
    assert layout.date == "2020-03"


def test_chapters_from_by_lines_and_bare_name_lines(synthetic):
    assert [(c.title, c.analysts) for c in synthetic.chapters] == [
        ("Introduction", ["Lena Hartmann"]),
        ("Platforms under the Party's eye", ["Tomasz Wierzbicki"]),
        ("Standards as statecraft", ["Chloé Marchetti", "Jan Novák"]),
        ("Data as a factor of production", ["Isabel Ruiz"]),
    ]


def test_seed_excerpt_title_byline_and_date(seed_excerpt):
    assert seed_excerpt.title.lower() == "the china dream goes digital: technology in the age of xi"
    assert seed_excerpt.date == "2018-10"
    assert [(c.title, c.analysts) for c in seed_excerpt.chapters] == [
        ("Credit: The god of China's big data era", ["Adam Knight"])
    ]


def test_running_text_cut_by_notes_is_not_a_note():
    text = """CHINA ANALYSIS

A TEST ISSUE ON THINGS

Chapter one

by Ann Author

The state has a plan for the platforms that it explains at length and in detail, and

¹ Wang Li, "A title", Xinhua, 2 May 2019.

of, new technologies, for which the government has

already put in place a slew of regulations.

About the authors

Ann Author is a researcher.
"""
    (chapter,) = read_layout(text).chapters
    assert [(p.number, p.text) for p in chapter.pieces] == [
        (1, 'Wang Li, "A title", Xinhua, 2 May 2019.')
    ]


def test_a_line_carrying_the_start_of_the_next_note_is_split(seed_excerpt):
    numbers = [f.number for f in seed_excerpt.chapters[0].footnotes]
    assert numbers == list(range(1, 14))


def test_chapter_title_ocr_al_read_as_ai():
    text = (
        "CHINA ANALYSIS\n\nAN ISSUE ON AI\n\nEmbrace of Al\n\nElsa Kania\n\n"
        + ("AI is everywhere, AI is discussed, AI plans and AI chips abound in this text. " * 4)
        + '\n\n¹ Li Wei, "AI plans", Xinhua, 2019.\n\nAbout the authors\n\nElsa Kania is a fellow.\n'
    )
    assert read_layout(text).chapters[0].title == "Embrace of AI"


def test_lines_ending_in_a_hyphen_or_slash_run_on_without_a_space():
    assert blocks_of("see http://x.cn/a/\nb.htm and co-\nfounder\n\nnext") == [
        "see http://x.cn/a/b.htm and co-founder",
        "next",
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Just a letter.\n\nDear editor, thanks for the tea.\n", "no title"),
        ("A TITLE OF SORTS\n\nSome prose without any chapter at all follows here.\n", "no chapter"),
    ],
)
def test_text_that_is_not_an_issue_is_refused(text, reason):
    with pytest.raises(BadInput, match=reason):
        read_layout(text)
