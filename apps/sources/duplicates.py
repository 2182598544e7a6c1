"""Known publications by URL and title, for the admin's duplicate guard and the importers.

The dataset is small (hundreds of sources), so one query loads the keys and the comparison
runs in Python, where the same folding applies on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from apps.core.chinese import compact
from apps.core.duplicates import Match, normalise_url

from .models import Publication


def publication_match(publication: Publication | dict, reason: str) -> Match:
    if isinstance(publication, dict):  # an entry seen earlier in the same import file
        return Match(reason, publication["title"])
    return Match(
        reason,
        str(publication),
        reverse("admin:sources_publication_change", args=[publication.pk]),
        publication.get_absolute_url(),
    )


@dataclass
class PublicationIndex:
    """URL and title keys of known publications, to test candidates against."""

    keys: dict[tuple[str, str], list] = field(default_factory=lambda: defaultdict(list))

    KEY_FIELDS = (("URL", "url"), ("Chinese title", "title_original"), ("English title", "title"))

    @classmethod
    def from_db(cls, exclude_pk=None) -> PublicationIndex:
        index = cls()
        queryset = Publication.objects.only("pk", "slug", "title", "title_original", "url")
        if exclude_pk is not None:
            queryset = queryset.exclude(pk=exclude_pk)
        for publication in queryset:
            index.add(publication, publication.url, publication.title, publication.title_original)
        return index

    @staticmethod
    def _keys(url: str, title: str, title_original: str) -> list[tuple[str, str]]:
        keys = [("URL", normalise_url(url))]
        # A Chinese title is matched against both title columns: English-language
        # publications keep their title in `title`, and files put titles either way.
        for text in (title_original, title):
            keys.append(("title", compact(text)))
        return [(kind, key) for kind, key in keys if key]

    def add(self, record, url: str, title: str, title_original: str = "") -> None:
        for key in self._keys(url, title, title_original):
            self.keys[key].append(record)

    def matches(self, url: str, title: str, title_original: str = "") -> list[Match]:
        found: list[Match] = []
        seen: set = set()
        for kind, key in self._keys(url, title, title_original):
            for record in self.keys.get((kind, key), []):
                if id(record) in seen:
                    continue
                seen.add(id(record))
                reason = "URL" if kind == "URL" else _title_reason(record, key)
                found.append(publication_match(record, f"same {reason}"))
        return found


def _title_reason(record, key: str) -> str:
    original = record["title_original"] if isinstance(record, dict) else record.title_original
    return "Chinese title" if original and compact(original) == key else "English title"
