"""Authors' names as reference managers give them ({"family", "given", "literal"}), and the
expert each refers to: for the importers and the ingest of new analyses."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict

from apps.core.chinese import compact, contains_hanzi, name_pinyin, strip_tones

from .models import Expert


def display_name(author: dict) -> str:
    """The name as an expert is recorded: Chinese names surname first, others given first."""
    if author.get("literal"):
        return author["literal"]
    family, given = author.get("family", ""), author.get("given", "")
    parts = (family, given) if looks_chinese(author) else (given, family)
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    readings = {strip_tones(r) for r in ",".join(pinyin_dict.values()).split(",")}
    # Interjections such as 'm', 'ng' or 'hm' would make pinyin of 'Adam' or 'Kim'.
    return frozenset(r for r in readings if re.search("[aeiou]", r))


def _pinyin_count(word: str) -> int:
    """How many pinyin syllables ``word`` splits into ('Ruisheng' -> 2), 0 if it does not."""
    word = strip_tones(word).replace("-", "").replace("'", "")
    syllables = _pinyin_syllables()
    fewest = [0] + [0] * len(word)  # fewest[i]: syllables covering word[:i], 0 = cannot
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if (start == 0 or fewest[start]) and word[start:end] in syllables:
                count = fewest[start] + 1
                fewest[end] = min(fewest[end], count) if fewest[end] else count
    return fewest[len(word)]


def looks_chinese(author: dict) -> bool:
    """A latin family/given name that reads as pinyin: a one- or two-syllable surname and
    a one- or two-syllable given name ('Liu, Ruisheng'; not 'Botsman, Rachel')."""
    family, given = author.get("family", ""), author.get("given", "")
    if author.get("literal") or not family or not given:
        return False
    return 1 <= _pinyin_count(family) <= 2 and 1 <= _pinyin_count(given) <= 2


def name_keys(author: dict) -> list[str]:
    """Compact forms an author may be recorded under, in both name orders."""
    if author.get("literal"):
        words = author["literal"].split()
        keys = [compact(author["literal"]), compact(" ".join(reversed(words)))]
    else:
        family, given = author.get("family", ""), author.get("given", "")
        keys = [compact(f"{family} {given}"), compact(f"{given} {family}")]
    return list(dict.fromkeys(k for k in keys if k))


class ExpertMatcher:
    """Finds the existing expert an imported author name refers to.

    A hanzi name matches an expert's hanzi; failing that, its pinyin matches an expert
    recorded without hanzi (never one whose different hanzi merely sound the same).
    A latin name matches names, pinyin and recorded aliases, in either name order.
    """

    def __init__(self):
        self.by_hanzi: dict[str, Expert] = {}
        self.by_latin: dict[str, Expert] = {}
        self.by_latin_without_hanzi: dict[str, Expert] = {}
        for expert in Expert.objects.prefetch_related("aliases").order_by("slug"):
            self.add(expert)

    def add(self, expert: Expert) -> None:
        if expert.name_zh:
            self.by_hanzi.setdefault(compact(expert.name_zh), expert)
        aliases = [a.name for a in expert.aliases.all()] if expert.pk else []
        for name in (expert.name, expert.pinyin, *aliases):
            key = compact(name)
            if key:
                self.by_latin.setdefault(key, expert)
                if not expert.name_zh:
                    self.by_latin_without_hanzi.setdefault(key, expert)

    def find(self, author: dict) -> Expert | None:
        literal = author.get("literal", "")
        if contains_hanzi(literal):
            return self.by_hanzi.get(compact(literal)) or self.by_latin_without_hanzi.get(
                compact(name_pinyin(literal))
            )
        return next((self.by_latin[key] for key in name_keys(author) if key in self.by_latin), None)
