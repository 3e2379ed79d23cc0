"""/healthz: what load balancers and monitors ask."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}


def test_healthz_is_never_cached(client):
    cache_control = client.get("/healthz")["Cache-Control"]
    assert "no-store" in cache_control and "max-age=0" in cache_control


def test_healthz_runs_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/healthz")
