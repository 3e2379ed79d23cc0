"""Log every admin login, logout and failed login with the username and the client's address."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .middleware import client_ip

logger = logging.getLogger("gfmd_portal.auth")


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    logger.info("login", extra={"event": "login", "username": user.get_username(), "client": _client(request)})


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    username = user.get_username() if user else ""
    logger.info("logout", extra={"event": "logout", "username": username, "client": _client(request)})


@receiver(user_login_failed)
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is kept.
    logger.warning(
        "login failed",
        extra={"event": "login_failed", "username": credentials.get("username", ""), "client": _client(request)},
    )


def _client(request):
    return client_ip(request) if request is not None else ""
