"""The facet column's blocks, each cached by what it shows.

A block of checkboxes depends on nothing but its facet's values, labels, counts and choices
(and whether it starts open), so it is cached under a digest of those, not under the data
version: after a write only the facets whose counts changed are drawn again, and selections
that count a facet alike share its block.
"""

import hashlib
from collections.abc import Collection, Iterable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.core.cache import cached_many

from .filters import Facet

FACET_TEMPLATE = "debate/includes/_facet.html"


def facet_blocks(facets: Iterable[Facet], open_facets: Collection[str]) -> SafeString:
    """The blocks of ``facets`` in order, drawn only where no block with the same content is
    cached."""
    shown = {_key(facet, facet.name in open_facets): facet for facet in facets}

    def draw(missing: list[str]) -> dict[str, str]:
        return {
            key: render_to_string(
                FACET_TEMPLATE, {"facet": shown[key], "is_open": shown[key].name in open_facets}
            )
            for key in missing
        }

    blocks = cached_many(list(shown), draw)
    # Rendered (and escaped) by the template above; the cache gives back plain strings.
    return mark_safe("".join(blocks[key] for key in shown))


def _key(facet: Facet, is_open: bool) -> str:
    return "vp-facet:" + hashlib.sha256(repr((facet, is_open)).encode()).hexdigest()[:40]
