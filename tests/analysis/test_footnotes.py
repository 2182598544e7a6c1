from types import SimpleNamespace

from apps.analysis.templatetags.footnotes import (
    MISSING_NOTE_TEXT,
    annotate_chapter,
    mark_hanzi,
    render_markers,
)


def note(number, text="A citation."):
    return SimpleNamespace(number=number, text=text)


def test_marker_becomes_a_linked_superscript_described_by_its_tooltip():
    [html] = render_markers("Claim.[^3]", {3: note(3, "Xinhua, 2018.")}, {})
    assert html == (
        'Claim.<sup class="fnref" id="fnref-3"><a href="#fn-3" aria-describedby="fntip-3">'
        '<span class="visually-hidden">Note </span>3</a>'
        '<span class="fn-tip" role="tooltip" id="fntip-3">Xinhua, 2018.</span></sup>'
    )


def test_a_note_marked_again_gets_numbered_ids():
    refs: dict[int, list[str]] = {}
    notes = {1: note(1)}
    render_markers("One.[^1] Two.[^1]", notes, refs)
    render_markers("Three.[^1]", notes, refs)
    assert refs == {1: ["fnref-1", "fnref-1-2", "fnref-1-3"]}


def test_text_and_note_are_escaped():
    [html] = render_markers("<b>x</b>[^1]", {1: note(1, "<script>")}, {})
    assert "<b>" not in html and "&lt;b&gt;" in html and "&lt;script&gt;" in html


def test_marker_without_a_note_links_nowhere():
    refs: dict[int, list[str]] = {}
    [html] = render_markers("Claim.[^9]", {}, refs)
    assert html == 'Claim.<sup class="fnref fnref-missing">9</sup>' and refs == {}


def test_blank_lines_split_paragraphs():
    assert len(render_markers("One.\n\nTwo.\n  \nThree.", {}, {})) == 3


def test_annotate_chapter_gives_each_note_its_back_references():
    notes = [note(1), note(2)]
    paragraphs = [SimpleNamespace(text="A.[^1][^2]"), SimpleNamespace(text="B.[^2]")]
    text = annotate_chapter(paragraphs, notes)
    assert [n.refs for n in notes] == [["fnref-1"], ["fnref-2", "fnref-2-2"]]
    assert len(text.paragraphs) == 2


def test_mark_hanzi_wraps_chinese_runs_in_a_lang_span_and_escapes_the_rest():
    html = mark_hanzi("social credit system (社会信用体系 shehui xinyong tixi) <b>")
    assert html == (
        'social credit system (<span lang="zh-Hans">社会信用体系</span> shehui xinyong tixi)'
        " &lt;b&gt;"
    )


def test_hanzi_in_paragraphs_and_previews_carry_lang():
    [html] = render_markers("诚信[^1]", {1: note(1, "王砚峰")}, {})
    assert html.startswith('<span lang="zh-Hans">诚信</span><sup')
    assert '<span lang="zh-Hans">王砚峰</span></span></sup>' in html


def test_a_note_whose_text_is_lost_says_so_in_its_tooltip():
    [html] = render_markers("Claim.[^22]", {22: note(22, "")}, {})
    assert f'id="fntip-22"><em>{MISSING_NOTE_TEXT}</em></span>' in html
