"""Pagination that never answers a page number with a 404: a message and the nearest real page."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def lenient_page(paginator, raw):
    """(page, problems): never a 404 for a page number, but a message and the nearest real page."""
    raw = (raw or "1").strip()
    problems = []
    if raw == "last":
        number = paginator.num_pages
    elif raw.isascii() and raw.isdigit() and int(raw) >= 1:
        number = int(raw)
        if number > paginator.num_pages:
            problems.append(
                ngettext(
                    "There is no page %(asked)s: the list has %(pages)s page, so this is it.",
                    "There is no page %(asked)s: the list has %(pages)s pages, so this is the last one.",
                    paginator.num_pages,
                )
                % {"asked": raw if len(raw) <= 12 else raw[:12] + "…", "pages": paginator.num_pages}
            )
            number = paginator.num_pages
    else:
        problems.append(_("page must be a whole number from 1, not “%(value)s”.") % {"value": raw[:20]})
        number = 1
    return paginator.page(number), problems


def page_numbers(page):
    """Page numbers to link, with None where a run of pages is elided."""
    return [
        None if number == page.paginator.ELLIPSIS else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]


class LenientPaginationMixin:
    """Pagination for list views through lenient_page()."""

    page_problems = ()

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page, self.page_problems = lenient_page(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
