"""Streamed exports of exactly the rows the list shows for the same query, all pages."""

import re

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View

from . import export
from .filters import RecommendationFilter
from .models import Recommendation

# Long enough to name a few filters, short enough for any file system with the date added.
FILENAME_LIMIT = 100


def export_filename(filterset, extension):
    """`gfmd-recommendations[-<filters>]-YYYY-MM-DD.<ext>`: what the file holds and when, ASCII only."""
    parts = []
    for name in filterset.filters:
        if name == "sort":
            continue
        # Punctuation separates words ("a/b" is "a-b"), and slugify() keeps ASCII letters and digits only.
        values = [slug for slug in (slugify(re.sub(r"[^\w\s-]", " ", v)) for v in filterset.data.getlist(name)) if slug]
        if values:
            parts.append(f"{name}-{'_'.join(values)}")
    described = "-".join(parts)[:FILENAME_LIMIT].rstrip("-_")
    stem = "-".join(p for p in ("gfmd-recommendations", described, timezone.localdate().isoformat()) if p)
    return f"{stem}.{extension}"


def invalid_filters(filterset):
    """A plain-text 400 naming each parameter that could not be applied."""
    lines = [_("The export was not made: these parameters are not valid.")]
    for name, messages in filterset.errors.items():
        for message in messages:
            lines.append(f"{name}: {message}")
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


class ExportView(View):
    """Builds the rows from the list's own FilterSet, so the file is the screen."""

    extension = ""
    content_type = ""

    def filterset(self, request):
        return RecommendationFilter(request.GET, queryset=Recommendation.objects.public(), request=request)

    def stream(self, request, queryset, base_url):
        raise NotImplementedError

    def get(self, request):
        filterset = self.filterset(request)
        if not filterset.is_valid():
            return invalid_filters(filterset)
        if request.method == "HEAD":
            # The headers say what a GET would send; running the export for them would be wasted.
            response = HttpResponse(content_type=self.content_type)
        else:
            base_url = request.build_absolute_uri("/").rstrip("/")
            stream = self.stream(request, filterset.qs, base_url)
            response = StreamingHttpResponse(stream, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(filterset, self.extension)}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CsvExportView(ExportView):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def stream(self, request, queryset, base_url):
        return export.csv_stream(queryset, base_url, bom=request.GET.get("bom") == "1")


class JsonExportView(ExportView):
    extension = "json"
    content_type = "application/json; charset=utf-8"

    def stream(self, request, queryset, base_url):
        return export.json_stream(queryset, base_url)
