"""The API's documentation page (/api/): the generated OpenAPI schema, read as a page.

Rendered on the server from the same schema /api/v1/openapi.json serves, so the page needs no
script and no asset but the portal's own stylesheet, and obeys the portal's CSP.
"""

import functools

from django.conf import settings
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator


@functools.cache
def schema():
    return SchemaGenerator(patterns=None).get_schema(request=None, public=True)


def endpoints(document):
    """[{path, method, description, parameters}] of the schema's operations, in its order."""
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "type": _type(p.get("schema", {})),
                    "description": p.get("description", ""),
                    "values": ", ".join(map(str, p.get("schema", {}).get("enum", []))),
                }
                for p in operation.get("parameters", [])
            ]
            found.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "anchor": operation["operationId"],
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                }
            )
    return found


def _type(schema):
    if schema.get("type") == "array":
        return f"{schema['items'].get('type', '')}, repeatable"
    return schema.get("type", "")


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = schema()
        context.update(
            endpoints=endpoints(document),
            api_url=self.request.build_absolute_uri("/api/v1/"),
            rate_limit=settings.API_RATE_LIMIT,
            max_page_size=settings.API_MAX_PAGE_SIZE,
            page_size=settings.API_PAGE_SIZE,
            version=document["info"]["version"],
        )
        return context
