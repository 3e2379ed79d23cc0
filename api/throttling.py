"""Per-client rate limiting of the API, counted in the default cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from gfmd_portal.middleware import client_ip


class ClientRateThrottle(SimpleRateThrottle):
    """settings.API_RATE_LIMIT requests per period ("120/minute") for each client address.

    The rate is read on each request, not once at import as DRF's own throttles do, so a
    deployment (or a test) that changes the setting is obeyed at once. An empty rate is no limit.
    """

    scope = "api"

    def __init__(self):
        # SimpleRateThrottle reads its rate in __init__; it is read in allow_request() instead.
        pass

    def allow_request(self, request, view):
        self.rate = settings.API_RATE_LIMIT or None
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
