"""Viewpoint cards, rendered once per position and data version.

A card costs more to render than to query, and a page whose cards were all seen before needs
neither: the page's cards come from the cache in one call, and only the missing ones are read
(with their relations, in a constant number of queries) and rendered. After a write, the cards
of the version the facet index was patched from are carried over for every position the write
left as it was, so the first page after a researcher's save renders only the changed cards.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from apps.core.cache import cached_many, versioned_key

from . import facetindex
from .models import Position

CARD_TEMPLATE = "debate/includes/_position_card.html"


def position_cards(ids: list[int], version: str) -> list[SafeString]:
    """The card of each position, in the order of ``ids`` (a position deleted since the ids
    were read is left out)."""
    keys = {pk: _key(pk, version) for pk in ids}
    pks = {key: pk for pk, key in keys.items()}

    def missing_cards(missing: list[str]) -> dict[str, str]:
        cards = _carried_over([pks[key] for key in missing], version)
        drawn = [pks[key] for key in missing if key not in cards]
        if drawn:
            cards |= {
                keys[position.pk]: render_to_string(CARD_TEMPLATE, {"position": position})
                for position in Position.objects.filter(pk__in=drawn).with_listing_relations()
            }
        return cards

    cards = cached_many(list(keys.values()), missing_cards)
    # Rendered (and escaped) by the template above; the cache gives back plain strings.
    return [mark_safe(cards[keys[pk]]) for pk in ids if keys[pk] in cards]


def _key(pk: int, version: str) -> str:
    return versioned_key("vp-card", pk, version=version)


def _carried_over(missing: list[int], version: str) -> dict[str, str]:
    """The cards cached at the version the facet index of ``version`` was patched from, of
    the positions whose card no write since may have changed, keyed for ``version``."""
    origin = facetindex.current(version).patched_from if version else None
    if origin is None or origin.shown is None:
        return {}
    earlier = {_key(pk, origin.version): pk for pk in missing if pk not in origin.shown}
    return {
        _key(earlier[key], version): card for key, card in cache.get_many(list(earlier)).items()
    }
