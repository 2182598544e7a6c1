"""Versioned cache keys, and the cached pages through a shared Redis cache.

The Redis tests use the machine's Redis (``REDIS_TEST_URL``, database 15 by default) under a
key prefix of their own, and delete their keys afterwards.
"""

import os
import uuid

import pytest
import redis
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from apps.core.cache import cached, data_version, versioned_key
from apps.core.models import DataVersion
from tests.factories import ThemeFactory
from tests.portal.world import build_world

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.django_db


def test_versioned_key_ends_with_the_data_version_and_changes_on_a_write():
    DataVersion.bump()
    key = versioned_key("people:expert", 7)
    assert key == f"people:expert:7:{DataVersion.current()}"
    ThemeFactory()  # any write to the domain data
    assert versioned_key("people:expert", 7) != key
    assert versioned_key("people:expert", 7, version="v1") == "people:expert:7:v1"


def test_cached_computes_once_per_data_version():
    calls = []

    def compute():
        calls.append(data_version())
        return {"answer": len(calls)}

    assert cached(compute, "test") == {"answer": 1}
    assert cached(compute, "test") == {"answer": 1}
    ThemeFactory()
    assert cached(compute, "test") == {"answer": 2}
    assert len(calls) == 2 and calls[0] != calls[1]


@pytest.fixture
def redis_cache():
    """The default cache on Redis under a unique prefix; gives a function listing its keys."""
    prefix = f"chinadebate-test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS_TEST_URL)
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_TEST_URL,
        "KEY_PREFIX": prefix,
    }
    try:
        with override_settings(CACHES={"default": backend}):
            yield lambda: sorted(key.decode() for key in client.scan_iter(f"{prefix}:*"))
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()


def get_counting_queries(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/viewpoints/",
        "/themes/social-credit/",
        "/experts/",
        "/experts/wang-yufeng/",
        "/institutions/{institution}/",
    ],
)
def test_cached_pages_round_trip_through_redis(client, redis_cache, url):
    """Facets, theme overviews and page data pickle into Redis and come back the same."""
    world = build_world(scale=2)
    url = url.format(institution=world.institution.slug)
    cold, cold_queries = get_counting_queries(client, url)
    assert redis_cache(), "nothing was cached in Redis"
    warm, warm_queries = get_counting_queries(client, url)
    assert warm_queries < cold_queries
    assert warm.content == cold.content
