"""Computed page data, cached until the domain data changes.

Keys end with the data version (:class:`~apps.core.models.DataVersion`: a token that every
write to the domain data replaces), so a write makes every entry stale at once, in every
process and on any cache backend, without deleting anything; the timeout only bounds the
cache's memory.

Cached values go through pickle (every backend but the dummy one pickles): keep them plain
data, evaluated lists and model instances, never lazy querysets.

Public pages are cached whole as well (:func:`cached_page`): a warm page costs the version
query and one cache read.
"""

import hashlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from .http_cache import mark_private, mark_public, not_modified, page_etag
from .models import DataVersion

CACHE_SECONDS = 3600

# The headers an htmx request is answered by (a page's named partial, or the whole page for a
# history restore); every public page varies on them.
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request")

T = TypeVar("T")
View = Callable[..., HttpResponse]

# The version a cached_page view runs at, so that it reads the version once and what it
# renders is never older than the key its response is stored under.
_request_version: ContextVar[str | None] = ContextVar("request_version", default=None)


def data_version() -> str:
    """The current data version: one indexed single-row query (none within a
    :func:`cached_page` view, which has read it already)."""
    version = _request_version.get()
    if version is None:
        version = DataVersion.current()
    return version


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


def cached_many(keys: list[str], compute: Callable[[list[str]], dict[str, T]]) -> dict[str, T]:
    """The value of each key: those cached in one read, the rest computed together by
    ``compute(missing keys)`` (a dict by key, which may leave some out) and cached."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute(missing)
        cache.set_many(computed, CACHE_SECONDS)
        found.update(computed)
    return found


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


def cached_page(params: Iterable[str]) -> Callable[[View], View]:
    """A public page, answered to anonymous visitors from a copy of its whole response cached
    for its address, its htmx headers and the data version.

    ``params`` names the query parameters the page reads. Others (a tracking tag, a typo) are
    left out of the address, so that such URLs share the page's copy instead of each drawing
    and storing their own. The names are kept on the view as ``page_params``, for the test
    that checks each page reads no other.

    On a miss the view runs, at the version read for the key, and its rendered response is
    stored if any visitor may get it (:func:`_shareable`). Such a page also tells browsers and
    shared caches they may keep it, with an ETag that a conditional request meets with a 304
    (apps/core/http_cache.py). Signed-in users (researchers) always get the page drawn afresh,
    marked private. The response varies on the htmx headers.
    """
    read = frozenset(params)

    def decorator(view: View) -> View:
        @wraps(view)
        def page(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD") and _anonymous(request):
                response = _public_response(view, request, _address(request, read), args, kwargs)
            else:
                response = mark_private(view(request, *args, **kwargs))
            patch_vary_headers(response, HTMX_HEADERS)
            return response

        page.page_params = read
        return page

    return decorator


def _address(request: HttpRequest, params: frozenset[str]) -> str:
    """The page's absolute URL with only the query parameters in ``params``: names in the
    order they first came, each with its values in order."""
    query = urlencode(
        [
            (name, value)
            for name, values in request.GET.lists()
            if name in params
            for value in values
        ]
    )
    return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")


def _anonymous(request: HttpRequest) -> bool:
    """Whether nobody is signed in; asking the session only if there is one, so that a
    visitor's page neither reads it nor varies on the Cookie header."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def _public_response(view, request: HttpRequest, address: str, args, kwargs) -> HttpResponse:
    """The anonymous page: 304 if the client's copy is current, else the cached copy, else
    drawn at the version read and stored (apps/core/http_cache.py says what caches are told)."""
    version, changed_at = DataVersion.read()
    asked = "\n".join([address, *(request.headers.get(name, "") for name in HTMX_HEADERS)])
    etag = page_etag(version, asked)
    unchanged = not_modified(request, etag, changed_at)
    if unchanged is not None:
        return unchanged
    response = _cached_response(view, request, asked, version, args, kwargs)
    if _shareable(request, response):
        return mark_public(response, etag, changed_at)
    return mark_private(response)


def _cached_response(view, request: HttpRequest, asked: str, version: str, args, kwargs):
    key = versioned_key("page", hashlib.sha256(asked.encode()).hexdigest()[:32], version=version)
    response = cache.get(key)
    if response is not None:
        return response
    pinned = _request_version.set(version)
    try:
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response.render()  # inside, at the pinned version; the handler will not again
    finally:
        _request_version.reset(pinned)
    if _shareable(request, response):
        cache.set(key, response, CACHE_SECONDS)
    return response


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether any visitor may get this response: a page (200, not streamed) that sets no
    cookie and holds no CSRF token (the CSRF middleware sets its cookie after the view)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
