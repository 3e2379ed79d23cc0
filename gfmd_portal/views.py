"""The health check and the error handlers."""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 with the reason when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "unavailable", "reason": f"database: {exc.__class__.__name__}"}, status=503)
    return JsonResponse({"status": "ok"})


def _render_static_page(template_name, status):
    # No request, so no context processors: nothing may touch the session or the database.
    response = HttpResponse(loader.get_template(template_name).render(), status=status)
    response["Cache-Control"] = "no-store"
    return response


def service_unavailable(request, exception=None):
    """The branded 503 page; browsers and proxies are told to retry shortly."""
    response = _render_static_page("503.html", 503)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    """The branded 500 page, or the 503 page when the failure was the database being unreachable.

    Django calls this inside its exception handler, so the exception is at hand; failures outside
    a view (a session being saved by middleware, say) land here rather than in the middleware.
    """
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        return service_unavailable(request)
    return _render_static_page("500.html", 500)
