"""Reads from PostgreSQL streaming replicas, writes and researchers on the primary.

``DATABASE_REPLICA_URLS`` (comma-separated) adds one database alias per replica
(``replica_1``, ``replica_2``…; settings.py). :class:`ReplicaRouter` sends every write to
``default`` (the primary) and every read to the replica the request was given, except when
the request is pinned to the primary:

- the admin (``/admin/``): researchers read what they edit from where they write it;
- any request within ``REPLICA_PIN_SECONDS`` after a request of the same browser that wrote
  (a POST, a login…): the write may not have reached the replicas yet, so its author reads
  from the primary until it has (the ``primary_until`` cookie, set by
  :class:`ReplicaPinMiddleware`);
- anything outside a request (management commands, the facet index read before gunicorn
  forks) reads from the primary too.

A request reads from one replica throughout, so the data version it reads and the data it
draws come from the same place; a replica that lags behind serves an older, consistent
version (pages are cached per version), never the new version with old data.
"""

from __future__ import annotations

import itertools
import time
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
PIN_COOKIE = "primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# The alias this request reads from; None outside a request (the primary).
_reading_from: ContextVar[str | None] = ContextVar("reading_from", default=None)
_turns = itertools.count()


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def reading_from() -> str:
    """The alias reads go to now."""
    return _reading_from.get() or PRIMARY


class ReplicaRouter:
    """Writes and migrations on the primary; reads where the request was sent."""

    def db_for_read(self, model, **hints) -> str:
        return reading_from()

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # replicas hold the primary's data: every alias is one database

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == PRIMARY


def pinned_to_primary(request: HttpRequest, now: float | None = None) -> bool:
    """Whether this request must read from the primary (see the module's docstring)."""
    if request.method not in SAFE_METHODS or request.path.startswith("/admin/"):
        return True
    try:
        until = float(request.COOKIES.get(PIN_COOKIE, "0"))
    except ValueError:
        return False
    return (time.time() if now is None else now) < until


class ReplicaPinMiddleware:
    """Give each request the database it reads from, and pin a browser that wrote to the
    primary for a few seconds. Placed first, before anything reads the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replicas = replica_aliases()
        if not replicas:
            return self.get_response(request)
        alias = PRIMARY if pinned_to_primary(request) else replicas[next(_turns) % len(replicas)]
        token = _reading_from.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _reading_from.reset(token)
        if request.method not in SAFE_METHODS:
            seconds = settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        response["X-Read-From"] = "primary" if alias == PRIMARY else "replica"
        return response
