"""/healthz: what a load balancer or uptime check asks."""

import pytest
from django.db import OperationalError

from apps.portal.views import home as views


@pytest.mark.django_db
def test_health_answers_ok_with_one_query_and_no_caching(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


class _DownConnection:
    def cursor(self):
        raise OperationalError("connection refused")


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client, monkeypatch):
    monkeypatch.setattr(views, "connection", _DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


@pytest.mark.django_db
def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_health_answers_head(client):
    response = client.head("/healthz")
    assert response.status_code == 200 and response.content == b""
