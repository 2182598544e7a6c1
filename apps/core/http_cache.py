"""What browsers and shared caches (nginx, a CDN) are told about a public page.

Anonymous visitors get ``Cache-Control: public, max-age=…, s-maxage=…,
stale-while-revalidate=…`` with a strong ``ETag`` and a ``Last-Modified`` from the data
version, so a cache may keep the page for the max-age (a shared one a little less, so that a
page drawn again after a write reaches readers within the max-age) and then ask again cheaply: a conditional request whose ``ETag`` still
matches is answered 304 after one query, without rendering. Signed-in researchers get
``private, no-cache``: nothing keeps their pages, and they see their own save at once.

The ETag is the data version and the page's address (only the query parameters it reads) and
the htmx headers it varies on: the same three things its server-side copy is keyed by.
"""

import datetime
import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date


def page_etag(version: str, asked: str) -> str:
    """A strong ETag for ``asked`` (the address and htmx headers) at ``version``."""
    return '"' + hashlib.sha256(f"{version}\n{asked}".encode()).hexdigest()[:32] + '"'


def not_modified(
    request: HttpRequest, etag: str, changed_at: datetime.datetime | None
) -> HttpResponse | None:
    """A 304 if the client's copy (If-None-Match, else If-Modified-Since) is current."""
    last_modified = int(changed_at.timestamp()) if changed_at else None  # HTTP dates: seconds
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is not None:
        mark_public(response, etag, changed_at)
    return response


def mark_public(
    response: HttpResponse, etag: str, changed_at: datetime.datetime | None
) -> HttpResponse:
    """Let any cache keep the page for the max-age, then serve it stale while it asks again."""
    response["ETag"] = etag
    if changed_at is not None:
        response["Last-Modified"] = http_date(changed_at.timestamp())
    patch_cache_control(
        response,
        public=True,
        max_age=settings.HTTP_CACHE_MAX_AGE,
        s_maxage=settings.HTTP_CACHE_SHARED_MAX_AGE,
        stale_while_revalidate=settings.HTTP_CACHE_STALE_WHILE_REVALIDATE,
    )
    return response


def mark_private(response: HttpResponse) -> HttpResponse:
    """A signed-in user's page, or one no visitor may share: asked for again every time."""
    patch_cache_control(response, private=True, no_cache=True)
    return response
