"""Chinese text helpers: pinyin, simplified/traditional folding, and search documents.

Search works the same on SQLite and PostgreSQL because every searchable record keeps one
denormalised ``search_text`` column built here: English words, hanzi folded to simplified,
pinyin syllables without tones (spaced and run together), and compact forms of names.
"""

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

HANZI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


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
    decomposed = unicodedata.normalize("NFKD", text or "")
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


def compact(text: str) -> str:
    """Lower-case, tone-less letters and hanzi only: 'Wáng Yù-fēng' -> 'wangyufeng'."""
    return NON_WORD.sub("", strip_tones(to_simplified(text))).replace("_", "")


def normalise(text: str) -> str:
    """Fold case, tones, punctuation and traditional characters; keep word boundaries."""
    return " ".join(NON_WORD.sub(" ", strip_tones(to_simplified(text or ""))).split())


def search_document(*texts: str, names: tuple[str, ...] = ()) -> str:
    """Build the ``search_text`` column for a record.

    ``texts`` are free texts (titles, summaries); ``names`` are short labels (names,
    aliases, terms) that are also indexed run together so 'wangyufeng' finds 'Wang Yufeng'.
    Every hanzi run adds its tone-less pinyin, spaced and run together.
    """
    parts: list[str] = []
    for text in (*texts, *names):
        if not text:
            continue
        folded = normalise(text)
        parts.append(folded)
        for run in HANZI_RUN.findall(to_simplified(text)):
            sylls = syllables(run)
            parts.append(" ".join(sylls))
            parts.append("".join(sylls))
    for name in names:
        if name:
            parts.append(compact(name))
    seen: dict[str, None] = dict.fromkeys(p for p in parts if p)
    return " ".join(seen)
