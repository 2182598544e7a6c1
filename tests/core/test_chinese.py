import unicodedata

from apps.core.chinese import (
    compact,
    hanzi_bigrams,
    name_pinyin,
    normalise,
    search_document,
    strip_tones,
    term_pinyin,
    to_simplified,
)


def test_name_pinyin_puts_surname_first_with_tones():
    assert name_pinyin("王砚峰") == "Wáng Yànfēng"


def test_term_pinyin_keeps_one_syllable_per_character():
    assert term_pinyin("诚信") == "chéng xìn"


def test_traditional_folds_to_simplified():
    assert to_simplified("社會信用") == "社会信用"


def test_strip_tones_and_compact():
    assert strip_tones("Chéngxìn") == "chengxin"
    assert compact("Wáng Yù-fēng") == "wangyufeng"
    assert normalise("Big-data  meets 社會") == "big data meets 社会"


def test_search_document_indexes_pinyin_of_hanzi_runs_and_compact_names():
    doc = search_document("社会信用体系", names=("Wang Yufeng", "王砚峰"))
    assert "社会信用体系" in doc
    assert "shehuixinyongtixi" in doc
    assert "xin yong" in doc
    assert "wangyufeng" in doc
    assert "wangyanfeng" in doc


def test_hanzi_bigrams_overlap_and_a_single_character_stays():
    assert hanzi_bigrams("社会信用") == ["社会", "会信", "信用"]
    assert hanzi_bigrams("信") == ["信"]
    assert hanzi_bigrams("") == []


def test_search_document_indexes_hanzi_bigrams_as_words():
    words = search_document("建设社會信用体系。").split()
    assert {"建设", "设社", "社会", "会信", "信用", "用体", "体系"} <= set(words)
    assert "社会信用" not in words  # only as part of the whole run
    assert "建设社会信用体系" in words


def test_search_document_runs_pinyin_together_from_each_syllable():
    words = search_document("社会信用体系").split()
    assert {"shehuixinyongtixi", "shehuixinyong", "xinyongtixi", "yongtixi", "tixi"} <= set(words)
    assert {"she", "hui", "xin", "yong", "ti", "xi"} <= set(words)


def test_a_one_character_run_adds_no_bigram_and_mixed_words_are_split():
    assert search_document("信").split() == ["信", "xin"]
    words = search_document("2019年 数据API").split()
    assert {"2019年", "2019", "年", "数据api", "数据", "api"} <= set(words)


def test_strip_tones_gives_the_same_on_its_ascii_shortcut():
    for text in ("Big DATA", "", "Chéngxìn", "lǜ", "ＡＢＣ"):
        expected = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        ).lower()
        assert strip_tones(text) == expected
