"""Admin logins: failures throttled per username and address with a finite cool-off, staff sessions time out."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("secretariat", "s@example.org", PASSWORD, is_staff=True)


def attempt(password, username="secretariat", address="10.0.0.1", forwarded_for=None):
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers={"X-Forwarded-For": forwarded_for} if forwarded_for else {},
    )
    return response, client


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail_until_locked(settings, **kwargs):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response, _client = attempt("wrong password", **kwargs)
        assert response.status_code == 200  # the login form again, with its error
    response, _client = attempt("wrong password", **kwargs)
    return response


def test_locks_out_after_the_configured_number_of_failures(settings, staff):
    locked = fail_until_locked(settings)
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    response, client = attempt(PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_do_not_lock_out(settings, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt("wrong password")
    assert logged_in(attempt(PASSWORD)[0])


def test_lockout_is_per_username_and_address(settings, staff):
    get_user_model().objects.create_user("colleague", "c@example.org", PASSWORD, is_staff=True)
    assert fail_until_locked(settings).status_code == 429
    # The same account from another address, and another account from the same address, still log in.
    assert logged_in(attempt(PASSWORD, address="10.0.0.2")[0])
    assert logged_in(attempt(PASSWORD, username="colleague")[0])


def test_still_locked_out_just_before_the_cool_off_ends(settings, staff):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert fail_until_locked(settings).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME - timedelta(minutes=1), tick=False):
        assert attempt(PASSWORD)[0].status_code == 429


def test_lets_in_again_after_the_cool_off(settings, staff):
    cool_off = settings.AXES_COOLOFF_TIME
    assert timedelta(0) < cool_off <= timedelta(hours=1)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert fail_until_locked(settings).status_code == 429
    with time_machine.travel(start + cool_off + timedelta(minutes=1), tick=False):
        assert logged_in(attempt(PASSWORD)[0])


def test_behind_the_proxy_the_address_comes_from_the_proxy_not_the_client(settings, staff):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forges the left part of X-Forwarded-For; the proxy appends the real address.
    for forged in range(settings.AXES_FAILURE_LIMIT):
        response, _client = attempt(
            "wrong password", address="192.0.2.10", forwarded_for=f"198.51.100.{forged}, 203.0.113.7"
        )
    assert response.status_code == 429
    forged_again = attempt(PASSWORD, address="192.0.2.10", forwarded_for="198.51.100.99, 203.0.113.7")
    assert forged_again[0].status_code == 429
    assert logged_in(attempt(PASSWORD, address="192.0.2.10", forwarded_for="203.0.113.8")[0])


def test_logins_and_failures_are_logged_with_username_and_address(staff, caplog):
    with caplog.at_level(logging.INFO, logger="gfmd_portal.auth"):
        attempt("wrong password", address="10.0.0.9")
        attempt(PASSWORD, address="10.0.0.9")
    events = [(r.event, r.username, r.client) for r in caplog.records if r.name == "gfmd_portal.auth"]
    assert events == [("login_failed", "secretariat", "10.0.0.9"), ("login", "secretariat", "10.0.0.9")]
    assert PASSWORD not in caplog.text and "wrong password" not in caplog.text


def test_staff_sessions_end_after_an_idle_hour(settings, staff):
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert idle <= timedelta(hours=8)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response, client = attempt(PASSWORD)
        assert logged_in(response)
    # Each request pushes the end back: active staff are not thrown out mid-edit.
    with time_machine.travel(start + idle * 0.9, tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + idle * 1.8, tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + idle * 2.8 + timedelta(minutes=1), tick=False):
        response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_weak_passwords_are_refused(staff):
    for weak in ("short1", "password123456", "123456789012", "secretariat2016"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=staff)
    validate_password("a long passphrase about migration", user=staff)
