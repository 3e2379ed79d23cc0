"""Branded error pages; no stack trace or internal detail ever reaches a visitor."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db

LEAKS = ("Traceback", "hunter2", "db.internal", "site-packages", "Exception Value")


def assert_branded(response, status, heading):
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in body
    assert 'class="site-header"' in body and 'class="site-footer"' in body
    for leak in LEAKS:
        assert leak not in body


@pytest.fixture
def visitor():
    """A client that receives error responses as a browser would instead of re-raising them."""
    return Client(raise_request_exception=False)


def test_foreign_host_header_gets_the_400_page(client):
    assert_branded(client.get("/", headers={"Host": "evil.example"}), 400, "Bad request")


@pytest.mark.parametrize(
    "path",
    [
        "/.git/HEAD",
        "/.git/config",
        "/.env",
        "/wp-login.php",
        "/phpmyadmin/",
        "/static/../manage.py",
        "/gfmd_portal/settings/prod.py",
        "/recommendations/export.xlsx",
        "/en/recommendations/not-a-number/",
    ],
)
def test_non_routes_get_the_404_page(client, path):
    assert_branded(client.get(path), 404, "Page not found")


@pytest.mark.urls("tests.urls_errors")
def test_an_unhandled_error_gets_the_500_page_without_details(visitor):
    assert_branded(visitor.get("/boom/"), 500, "Something went wrong")


@pytest.mark.urls("tests.urls_errors")
def test_the_500_page_needs_no_database(visitor, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert visitor.get("/boom/").status_code == 500


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html", "503.html", "429.html"])
def test_error_templates_render_without_a_request_or_queries(template, django_assert_num_queries):
    with django_assert_num_queries(0):
        body = render_to_string(template)
    assert 'class="site-header"' in body


@pytest.mark.urls("tests.urls_errors")
def test_permission_denied_gets_the_403_page(visitor):
    assert_branded(visitor.get("/forbidden/"), 403, "Access denied")


def test_a_form_posted_without_its_csrf_token_gets_the_branded_403_page():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    assert_branded(response, 403, "Access denied")


@pytest.mark.urls("tests.urls_errors")
def test_a_database_error_in_a_view_gets_the_503_page(visitor):
    response = visitor.get("/database-gone/")
    assert_branded(response, 503, "Temporarily unavailable")
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
