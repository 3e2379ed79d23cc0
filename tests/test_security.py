"""Production settings: the deploy check passes, and pages and the admin carry the security headers."""

import importlib
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.test import Client

from tests.portal_server import BASE_DIR, prod_env

PROD_MODULE = "gfmd_portal.settings.prod"
# The production values that shape responses; the database and static storage stay the test's.
RESPONSE_SETTINGS = ("DEBUG", "ALLOWED_HOSTS", "MIDDLEWARE", "X_FRAME_OPTIONS", "SECURE_CSP", "TRUSTED_PROXY_COUNT")
RESPONSE_SETTING_PREFIXES = ("SECURE_", "SESSION_", "CSRF_", "LANGUAGE_COOKIE_")


def load_prod_settings(monkeypatch, **env):
    """Import the production settings module afresh under the given environment."""
    for key in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_DEBUG"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delitem(sys.modules, PROD_MODULE, raising=False)
    return importlib.import_module(PROD_MODULE)


@pytest.fixture
def prod_settings(settings, monkeypatch):
    prod = load_prod_settings(
        monkeypatch, DJANGO_SECRET_KEY="k" * 20 + "-production-test-key-0123456789", DJANGO_ALLOWED_HOSTS="testserver"
    )
    for name in dir(prod):
        if name in RESPONSE_SETTINGS or name.startswith(RESPONSE_SETTING_PREFIXES):
            setattr(settings, name, getattr(prod, name))
    return settings


def test_deploy_check_passes_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=prod_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_prod_settings(monkeypatch, DJANGO_ALLOWED_HOSTS="portal.example.org")


def test_production_refuses_a_short_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load_prod_settings(monkeypatch, DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="portal.example.org")


def test_production_refuses_to_start_without_allowed_hosts(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS"):
        load_prod_settings(monkeypatch, DJANGO_SECRET_KEY="x" * 10 + "-a-long-enough-random-looking-key-0123456789")


def test_production_keeps_debug_off_even_when_asked(monkeypatch):
    prod = load_prod_settings(
        monkeypatch,
        DJANGO_SECRET_KEY="x" * 10 + "-a-long-enough-random-looking-key-0123456789",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        DJANGO_DEBUG="1",
    )
    assert prod.DEBUG is False


def assert_security_headers(response):
    csp = [directive.strip() for directive in response["Content-Security-Policy"].split(";")]
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert not any("unsafe-inline" in directive for directive in csp)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def assert_cookie_locked_down(cookie):
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_public_page_carries_the_security_headers(prod_settings, client, portal_data):
    response = client.get("/en/recommendations/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_pages_carry_the_security_headers_and_locked_down_cookies(prod_settings, portal_data):
    get_user_model().objects.create_superuser("secretariat", "s@example.org", "a long admin passphrase")
    client = Client()

    login_page = client.get("/admin/login/", secure=True)
    assert login_page.status_code == 200
    assert_security_headers(login_page)
    assert_cookie_locked_down(login_page.cookies["csrftoken"])

    logged_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "secretariat", "password": "a long admin passphrase", "next": "/admin/"},
        secure=True,
    )
    assert logged_in.status_code == 302
    assert_cookie_locked_down(logged_in.cookies["sessionid"])

    index = client.get("/admin/", secure=True)
    assert index.status_code == 200
    assert_security_headers(index)
    changelist = client.get("/admin/recommendations/recommendation/", secure=True)
    assert changelist.status_code == 200
    assert_security_headers(changelist)


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(prod_settings, client):
    response = client.get("/en/recommendations/?theme=labour")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/recommendations/?theme=labour"


@pytest.mark.django_db
def test_healthz_answers_plain_http_for_load_balancer_probes(prod_settings, client):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_https_is_recognised_from_the_proxy_header(prod_settings, client):
    assert client.get("/en/recommendations/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


def test_static_files_are_compressed_hashed_and_cached_for_a_year(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    hashed = static("css/portal.css")
    assert hashed != "/static/css/portal.css" and hashed.startswith("/static/css/portal.")
    client = Client()  # a new handler, so whitenoise scans the collected files
    response = client.get(hashed, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 60 * 60
    assert "immutable" in response["Cache-Control"]
    assert "Accept-Encoding" in response["Vary"]
