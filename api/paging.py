"""Page-number paging of the API: `page` from 1, `page_size` up to settings.API_MAX_PAGE_SIZE.

A value that is not a whole number in range is a 400 naming the parameter, not a silent default.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .errors import ParameterError

PAGE = "page"
PAGE_SIZE = "page_size"


def _whole(request, name, default, high=None):
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9) or int(raw) < 1:
        raise ParameterError(
            {name: [_("%(name)s must be a whole number from 1, not “%(value)s”.") % {"name": name, "value": raw[:20]}]}
        )
    value = int(raw)
    if high is not None and value > high:
        raise ParameterError({name: [_("%(name)s can be at most %(high)s.") % {"name": name, "high": high}]})
    return value


def page_size(request, default=None):
    return _whole(request, PAGE_SIZE, default or settings.API_PAGE_SIZE, settings.API_MAX_PAGE_SIZE)


def page_number(request):
    return _whole(request, PAGE, 1)


def check_page(number, size, count):
    """Refuse a page past the last one (page 1 of an empty list is an empty page)."""
    last = max(1, -(-count // size))
    if number > last:
        raise ParameterError(
            {PAGE: [_("There is no page %(page)s: the last page is %(last)s.") % {"page": number, "last": last}]}
        )


def links(request, number, size, count):
    """(next, previous): absolute addresses of the neighbouring pages, None at either end."""
    url = request.build_absolute_uri()
    following = replace_query_param(url, PAGE, number + 1) if number * size < count else None
    if number <= 1:
        return following, None
    previous = remove_query_param(url, PAGE) if number == 2 else replace_query_param(url, PAGE, number - 1)
    return following, previous


def envelope(request, number, size, count, results, **extra):
    following, previous = links(request, number, size, count)
    return {"count": count, "next": following, "previous": previous, "results": results, **extra}


class ApiPagination(PageNumberPagination):
    """DRF's page-number paging with the API's refusals and the same envelope as the recommendations."""

    page_size_query_param = PAGE_SIZE
    max_page_size = None  # read from settings on each request

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.size, self.number = page_size(request), page_number(request)
        paginator = Paginator(queryset, self.size)
        check_page(self.number, self.size, paginator.count)
        self.count = paginator.count
        try:
            return list(paginator.page(self.number))
        except EmptyPage:
            return []

    def get_paginated_response(self, data):
        return Response(envelope(self.request, self.number, self.size, self.count, data))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": PAGE,
                "required": False,
                "in": "query",
                "description": "The page, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": PAGE_SIZE,
                "required": False,
                "in": "query",
                "description": f"Rows a page (default {settings.API_PAGE_SIZE}, at most {settings.API_MAX_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
            },
        ]
