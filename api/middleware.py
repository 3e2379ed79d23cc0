"""CORS for the API: any site may read it (GET, HEAD, OPTIONS); nothing else is allowed."""

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class OpenCorsMiddleware:
    """Adds Access-Control-Allow-Origin: * to the API's answers, and answers its preflight requests.

    The API sends no cookies and reads none, so an open origin exposes nothing a visitor's
    browser holds; a preflight for another method is answered without allowing it.
    """

    prefixes = ("/api/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefixes):
            response["Access-Control-Allow-Origin"] = "*"
            if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
                response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
                response["Access-Control-Max-Age"] = "86400"
            response["Access-Control-Expose-Headers"] = "Retry-After, Content-Language"
        return response
