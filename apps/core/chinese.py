"""Chinese text helpers: pinyin, simplified/traditional folding, and search documents.

Search works the same on SQLite and PostgreSQL because every searchable record keeps one
denormalised ``search_text`` column built here: English words, hanzi folded to simplified,
pinyin syllables without tones (spaced and run together), overlapping pairs of hanzi (bigrams)
and compact forms of names. PostgreSQL searches it with a full-text index, SQLite with LIKE
(apps/debate/search.py).
"""

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# CJK unified ideographs, extension A and compatibility ideographs.
HANZI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HANZI_RUN = re.compile(f"[{HANZI}]+")
NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Pinyin run together is also indexed from each syllable on, this many syllables long: most
# Chinese words and set phrases are two to four characters.
PINYIN_WINDOW = 4


def contains_hanzi(text: str) -> bool:
    return bool(HANZI_RUN.search(text or ""))


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Fold traditional characters to simplified (社會信用 -> 社会信用)."""
    if not contains_hanzi(text):
        return text
    return _t2s().convert(text)


def strip_tones(text: str) -> str:
    """``Chéngxìn`` -> ``chengxin``; ``lǜ`` -> ``lu``."""
    text = text or ""
    if text.isascii():  # most English text: nothing to strip, and much faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def syllables(hanzi: str, tones: bool = False) -> list[str]:
    style = Style.TONE if tones else Style.NORMAL
    return [s for s in lazy_pinyin(hanzi, style=style, v_to_u=True) if s.strip()]


def name_pinyin(hanzi: str) -> str:
    """Pinyin with tone marks for a Chinese personal name, surname first: 王砚峰 -> Wáng Yànfēng."""
    parts = syllables(to_simplified(hanzi), tones=True)
    if not parts:
        return ""
    surname, given = parts[0], "".join(parts[1:])
    return " ".join(p.capitalize() for p in (surname, given) if p)


def term_pinyin(hanzi: str) -> str:
    """Pinyin with tone marks, one syllable per character: 诚信 -> chéng xìn."""
    return " ".join(syllables(to_simplified(hanzi), tones=True))


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """Lower-case, tone-less letters and hanzi only: 'Wáng Yù-fēng' -> 'wangyufeng'."""
    return NON_WORD.sub("", strip_tones(to_simplified(text))).replace("_", "")


def normalise(text: str) -> str:
    """Fold case, tones, punctuation and traditional characters; keep word boundaries."""
    return " ".join(NON_WORD.sub(" ", strip_tones(to_simplified(text or ""))).split())


def hanzi_bigrams(run: str) -> list[str]:
    """Each overlapping pair of characters of a hanzi run: 社会信用 -> 社会 会信 信用.

    A one-character run is its own only piece.
    """
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=65536)
def _text_parts(text: str) -> tuple[str, ...]:
    """The pieces one text adds to a search document (cached: themes, questions and source
    titles recur on thousands of positions)."""
    folded = normalise(text)
    parts = [folded]
    # A word that runs hanzi into letters or digits (数据api, 2019年) is also given in
    # segments (数据 api, 2019 年), so a tokeniser that splits on spaces finds 'api' and 年.
    for word in folded.split():
        if HANZI_RUN.search(word) and not HANZI_RUN.fullmatch(word):
            parts.append(" ".join(HANZI_RUN.sub(r" \g<0> ", word).split()))
    for run in HANZI_RUN.findall(folded):
        sylls = syllables(run)
        parts.append(" ".join(sylls))
        parts.append(" ".join(run_together(sylls)))
        if len(run) > 1:
            parts.append(" ".join(hanzi_bigrams(run)))
    return tuple(parts)


def run_together(sylls: list[str]) -> list[str]:
    """The syllables run together: all of them, and from each syllable on at most
    ``PINYIN_WINDOW`` of them (she hui xin yong ti xi -> shehuixinyongtixi shehuixinyong
    huixinyongti xinyongtixi yongtixi tixi), so that a prefix search for 'xinyong' or
    'shehuixinyong' finds the phrase, as the bigrams do for its hanzi."""
    windows = ["".join(sylls[i : i + PINYIN_WINDOW]) for i in range(len(sylls) - 1)]
    return list(dict.fromkeys(["".join(sylls), *windows]))


def search_document(*texts: str, names: tuple[str, ...] = ()) -> str:
    """Build the ``search_text`` column for a record.

    ``texts`` are free texts (titles, summaries); ``names`` are short labels (names,
    aliases, terms) that are also indexed run together so 'wangyufeng' finds 'Wang Yufeng'.
    Every hanzi run adds its tone-less pinyin, spaced and run together (:func:`run_together`),
    and its bigrams, so that full-text search, which splits on spaces and matches the start
    of words, finds part of a hanzi phrase (信用 or xinyong in 社会信用体系).
    """
    parts: list[str] = []
    for text in (*texts, *names):
        if text:
            parts += _text_parts(text)
    for name in names:
        if name:
            parts.append(compact(name))
    seen: dict[str, None] = dict.fromkeys(p for p in parts if p)
    return " ".join(seen)
