from apps.core.chinese import (
    compact,
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
