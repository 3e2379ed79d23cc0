"""The foundation's pages answer from the database."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_shows_the_summit_and_both_roundtables(client, portal_data):
    body = client.get("/").content.decode()
    assert "Ninth GFMD Summit" in body and "Dhaka" in body
    assert "Migrants in situations of crises" in body
    assert "Principles, institutions and processes" in body
    assert "Philippines" in body and "Canada" in body


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "path", ["/roundtables/", "/roundtables/2016-3-1/", "/recommendations/", "/recommendations/1/", "/countries/PHL/"]
)
def test_public_pages_answer(client, portal_data, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/roundtables/nope/", "/recommendations/999999/", "/countries/XXX/", "/themes/nope/"])
def test_unknown_objects_are_404(client, portal_data, path):
    assert client.get(path).status_code == 404
