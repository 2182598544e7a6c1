from apps.debate.templatetags.debate_tags import stance_badge, viewpoints_url, zh


def test_zh_marks_hanzi_runs_and_escapes_the_rest():
    assert zh("integrity (诚信) & <b>trust</b>") == (
        'integrity (<span lang="zh-Hans">诚信</span>) &amp; &lt;b&gt;trust&lt;/b&gt;'
    )
    assert zh("") == "" and zh(None) == ""


def test_stance_badge_has_a_word_and_a_sign_not_only_a_colour():
    assert stance_badge("opposes") == {"stance": "opposes", "label": "opposes", "mark": "−"}
    assert stance_badge("")["label"] == "no stance"


def test_viewpoints_url_skips_empty_values():
    assert viewpoints_url(theme="social-credit", stance="", q=None) == (
        "/viewpoints/?theme=social-credit"
    )
