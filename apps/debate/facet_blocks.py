"""The facet column's blocks, each cached by what it shows.

A block of checkboxes depends on nothing but its facet's values, labels, counts and choices
(and whether it starts open), so it is cached under a digest of those, not under the data
version: after a write only the facets whose counts changed are drawn again, and selections
that count a facet alike share its block.
"""

import hashlib
from collections.abc import Collection, Iterable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.core.cache import CACHE_SECONDS

from .filters import Facet

FACET_TEMPLATE = "debate/includes/_facet.html"


def facet_blocks(facets: Iterable[Facet], open_facets: Collection[str]) -> SafeString:
    """The blocks of ``facets`` in order, drawn only where no block with the same content is
    cached."""
    shown = [(facet, facet.name in open_facets) for facet in facets]
    keys = [_key(facet, is_open) for facet, is_open in shown]
    blocks = cache.get_many(keys)
    drawn = {
        key: render_to_string(FACET_TEMPLATE, {"facet": facet, "is_open": is_open})
        for key, (facet, is_open) in zip(keys, shown, strict=True)
        if key not in blocks
    }
    if drawn:
        cache.set_many(drawn, CACHE_SECONDS)
        blocks.update(drawn)
    # Rendered (and escaped) by the template above; the cache gives back plain strings.
    return mark_safe("".join(blocks[key] for key in keys))


def _key(facet: Facet, is_open: bool) -> str:
    return "vp-facet:" + hashlib.sha256(repr((facet, is_open)).encode()).hexdigest()[:40]
