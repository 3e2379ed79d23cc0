"""Streamed exports of exactly the rows the list shows for the same query, all pages."""

import re

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from gfmd_portal.i18n import DEFAULT_LANGUAGE

from .export import streams
from .filters import Refused, RefusedFilters, strict
from .models import Recommendation

# Long enough to name a few filters, short enough for any file system with the date added.
FILENAME_LIMIT = 100


def export_filename(filterset, extension, language=DEFAULT_LANGUAGE, variant=""):
    """`gfmd-recommendations[-<filters>][-fr][-excel]-YYYY-MM-DD.<ext>`: what the file holds and when, ASCII only.

    `variant` names a second form of the same export (`excel`: the CSV with a byte-order mark), so
    the two never download under one name.
    """
    parts = []
    for name in filterset.filters:
        if name == "sort":
            continue
        # Punctuation separates words ("a/b" is "a-b"), and slugify() keeps ASCII letters and digits only.
        values = [slug for slug in (slugify(re.sub(r"[^\w\s-]", " ", v)) for v in filterset.data.getlist(name)) if slug]
        if values:
            parts.append(f"{name}-{'_'.join(values)}")
    described = "-".join(parts)[:FILENAME_LIMIT].rstrip("-_")
    suffix = "" if language == DEFAULT_LANGUAGE else language
    parts = ("gfmd-recommendations", described, suffix, variant, timezone.localdate().isoformat())
    stem = "-".join(p for p in parts if p)
    return f"{stem}.{extension}"


def export_language(request):
    """(language of the text columns, problem): `lang` is en (the default), fr or es."""
    raw = request.GET.get("lang", "").strip().lower()
    offered = [code for code, _name in settings.LANGUAGES]
    if not raw:
        return DEFAULT_LANGUAGE, None
    if raw in offered:
        return raw, None
    shown = raw[:20]
    return None, _("No language “%(value)s”: use one of %(codes)s.") % {"value": shown, "codes": ", ".join(offered)}


def invalid_filters(refused):
    """A plain-text 400 naming each parameter that could not be applied."""
    lines = [_("The export was not made: these parameters are not valid."), *(r.line for r in refused)]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


class ExportView(View):
    """Builds the rows from the list's own FilterSet, so the file is the screen."""

    extension = ""
    content_type = ""

    def stream(self, request, queryset, base_url, language):
        raise NotImplementedError

    def variant(self, request):
        """The name of this form of the export, for the file name; "" for the plain one."""
        return ""

    def get(self, request):
        language, problem = export_language(request)
        # Messages in the language asked for, else in the browser's.
        with translation.override(language or translation.get_language()):
            refused = [Refused("lang", problem)] if problem else []
            try:
                filterset = strict(request.GET, Recommendation.objects.public(), request)
            except RefusedFilters as error:
                refused = error.refused + refused
            if refused:
                return invalid_filters(refused)
        if request.method == "HEAD":
            # The headers say what a GET would send; running the export for them would be wasted.
            response = HttpResponse(content_type=self.content_type)
        else:
            base_url = request.build_absolute_uri("/").rstrip("/")
            stream = self.stream(request, filterset.qs, base_url, language)
            response = StreamingHttpResponse(stream, content_type=self.content_type)
        filename = export_filename(filterset, self.extension, language, self.variant(request))
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Content-Language"] = language
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CsvExportView(ExportView):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    @staticmethod
    def for_excel(request):
        return request.GET.get("bom") == "1"

    def variant(self, request):
        return "excel" if self.for_excel(request) else ""

    def stream(self, request, queryset, base_url, language):
        return streams.csv_stream(queryset, base_url, bom=self.for_excel(request), language=language)


class JsonExportView(ExportView):
    extension = "json"
    content_type = "application/json; charset=utf-8"

    def stream(self, request, queryset, base_url, language):
        return streams.json_stream(queryset, base_url, language=language)
