"""Request logging, the client's address, and a clean 503 when the database is unreachable."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import FileResponse
from django.utils.deprecation import MiddlewareMixin

from .views import service_unavailable

request_logger = logging.getLogger("gfmd_portal.requests")
db_logger = logging.getLogger("gfmd_portal.database")

# What a database that is down, restarting, unreachable or refusing connections raises.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the X-Forwarded-For entry of the nearest trusted proxy."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            # Each proxy appends the address it saw; entries left of ours may be forged by the client.
            return forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return request.META.get("REMOTE_ADDR", "")


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration and the client's address.

    The line is written when the server closes the response, so a streamed export's duration
    covers the whole file, not only its first byte.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        # Django runs these from response.close(), which the WSGI server calls after the last byte.
        response._resource_closers.append(lambda: self.log(request, response, started))
        return response

    @staticmethod
    def log(request, response, started):
        status = response.status_code
        fields = {
            "event": "request",
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "client": client_ip(request),
        }
        if query := request.META.get("QUERY_STRING"):
            fields["query"] = query[:500]
        if not response.streaming:
            fields["bytes"] = len(response.content)
        level = logging.ERROR if status >= 500 else logging.INFO
        request_logger.log(level, "%s %s %s", request.method, request.path, status, extra=fields)


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """Answer the branded 503 page, not a 500, when the database cannot be reached.

    Nothing here keeps state: the next request opens a new connection (CONN_HEALTH_CHECKS drops a
    dead kept one), so the portal recovers by itself as soon as the database is back.
    """

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            db_logger.warning(
                "database unavailable",
                extra={"event": "database_unavailable", "path": request.path, "error": _error_line(exception)},
            )
            return service_unavailable(request)
        return None

    def process_response(self, request, response):
        # A streamed export runs its first query only after the headers are sent; make sure the
        # database answers before committing to a 200.
        if response.streaming and response.status_code == 200 and not isinstance(response, FileResponse):
            try:
                with connection.cursor():
                    pass
            except DatabaseError as exc:
                if not isinstance(exc, DATABASE_UNAVAILABLE):
                    raise
                response.close()
                return self.process_exception(request, exc)
        return response


def _error_line(exception):
    lines = str(exception).strip().splitlines()
    return lines[0][:300] if lines else exception.__class__.__name__
