"""When two printings are the same work, person or venue: the keys and scores shared by
grouping the citations of one issue and matching them against the dataset.

Titles are compared folded (case, tones, punctuation, traditional characters), original
titles and names in their compact form (spaces too), links without scheme or ``www.``.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from apps.core.chinese import compact, normalise, to_simplified
from apps.ingest.urls import normalise_url

FUZZY_TITLE = 90  # token-sorted ratio at or above which two titles are one work
CONTAINED_TITLE = 95  # one title inside the other ("... One Year On, Eversheds Sutherland")
FUZZY_ORIGINAL = 92


def title_key(title: str | None) -> str:
    return normalise(title or "")


def original_key(title: str | None) -> str:
    return compact(to_simplified(title or ""))


def name_key(name: str | None) -> str:
    return compact(name or "")


def venue_key(name: str | None) -> str:
    return compact(re.sub(r"^the\s+", "", name or "", flags=re.IGNORECASE))


def link_key(url: str | None) -> str:
    """A link that identifies a page; a bare site ("http://www.casad.cas.cn") identifies none."""
    key = normalise_url(url)
    return key if "/" in key else ""


def printed_link_key(printed: str | None) -> str:
    return re.sub(r"\s+", "", printed or "").rstrip(".,").lower()


def year_of(date: str | int | None) -> int | None:
    match = re.match(r"\d{4}", str(date or ""))
    return int(match.group(0)) if match else None


def years_agree(a, b) -> bool:
    """Unknown years agree with anything; known ones must be equal."""
    a, b = year_of(a), year_of(b)
    return a is None or b is None or a == b


def title_score(a: str, b: str) -> tuple[int, str]:
    """A 0-100 score of two folded titles and how it was reached."""
    if not a or not b:
        return 0, ""
    score = int(round(fuzz.token_sort_ratio(a, b)))
    if score >= FUZZY_TITLE:
        return score, f"fuzzy {score}"
    shorter = min(a, b, key=len)
    if len(shorter.split()) >= 5 and len(shorter) >= 0.5 * len(max(a, b, key=len)):
        contained = int(round(fuzz.token_set_ratio(a, b)))
        if contained >= CONTAINED_TITLE:
            return contained, f"fuzzy {contained}, one title within the other"
    return score, f"fuzzy {score}"
