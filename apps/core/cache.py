"""Computed page data, cached until the domain data changes.

Keys end with the data version (``debate.DataVersion``: a token that every write to the domain
data replaces), so a write makes every entry stale at once, in every process and on any cache
backend, without deleting anything; the timeout only bounds the cache's memory. Core sits
below debate in the app order, so the model is looked up by name when first needed.

Cached values go through pickle (every backend but the dummy one pickles): keep them plain
data, evaluated lists and model instances, never lazy querysets.
"""

from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

DATA_VERSION_MODEL = "debate.DataVersion"
CACHE_SECONDS = 3600

T = TypeVar("T")


def data_version() -> str:
    """The current data version: one indexed single-row query."""
    return apps.get_model(DATA_VERSION_MODEL).current()


def versioned_key(*parts: object, version: str | None = None) -> str:
    """``part:part:…:<data version>``; pass ``version`` to reuse one read within a request.

    Keep parts short and free of spaces (hash free text): some backends limit keys.
    """
    if version is None:
        version = data_version()
    return ":".join([*(str(part) for part in parts), version])


def cached(compute: Callable[[], T], *parts: object, version: str | None = None) -> T:
    """``compute()``, cached under :func:`versioned_key` of ``parts``.

    The version is read before computing, so what is stored is never older than its key.
    """
    key = versioned_key(*parts, version=version)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def cached_content_context(draw: Callable[[str], object], name: str, **context) -> dict:
    """The context of a page whose content its template caches per record and data version
    (``{% cache fragment_seconds … data_version %}``): ``draw(version)`` gives the page data,
    under ``name``, drawn only when that content must be rendered."""
    version = data_version()
    return {
        **context,
        name: SimpleLazyObject(lambda: draw(version)),
        "data_version": version,
        "fragment_seconds": CACHE_SECONDS,
    }
