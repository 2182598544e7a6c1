"""Helpers for tests that read what a view put in its template's context."""

from django.core.cache import cache


def drawn(client, path: str, data=None, **extra):
    """GET a page drawn by its view, not served from its cached copy (apps.core.cache
    ``cached_page``), so that ``response.context`` is there."""
    cache.clear()
    return client.get(path, data, **extra)
