"""Recognising records that already exist: what every duplicate guard shares.

Titles and names are compared in their ``compact`` form (apps/core/chinese.py: case, tones,
punctuation, spaces and traditional characters folded), URLs by :func:`normalise_url`. Each
domain app keeps the keys of its own records (apps/people/duplicates.py,
apps/sources/duplicates.py); the admin forms and the importers ask them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


def normalise_url(url: str) -> str:
    """A URL without scheme, ``www.``, fragment or trailing slash: the same page however it
    was copied."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


@dataclass(frozen=True)
class Match:
    """An existing record that a new one duplicates, and why."""

    reason: str  # "URL", "Chinese title", "English title", "hanzi name", ...
    label: str
    admin_url: str = ""
    public_url: str = ""
