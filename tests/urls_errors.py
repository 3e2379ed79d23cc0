"""The portal's URLs plus views that fail on purpose, to exercise the error handlers."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path

from gfmd_portal.urls import handler500  # noqa: F401
from gfmd_portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("secret internal detail: password=hunter2")


def forbidden(request):
    raise PermissionDenied("staff only")


def database_gone(request):
    raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed')


urlpatterns = [
    *portal_urlpatterns,
    path("boom/", broken),
    path("forbidden/", forbidden),
    path("database-gone/", database_gone),
]
