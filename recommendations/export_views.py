"""Streamed exports of exactly the rows the list shows for the same query."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views import View

from . import export
from .filters import RecommendationFilter
from .models import Recommendation


class ExportView(View):
    filename_ext = ""
    content_type = ""

    def filtered(self, request):
        filterset = RecommendationFilter(request.GET, queryset=Recommendation.objects.public(), request=request)
        return filterset.qs

    def chunks(self, request, recs):
        raise NotImplementedError

    def get(self, request):
        base_url = request.build_absolute_uri("/").rstrip("/")
        recs = export.records(self.filtered(request), base_url)
        response = StreamingHttpResponse(self.chunks(request, recs), content_type=self.content_type)
        filename = f"gfmd-recommendations-{timezone.localdate().isoformat()}.{self.filename_ext}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CsvExportView(ExportView):
    filename_ext = "csv"
    content_type = "text/csv; charset=utf-8"

    def chunks(self, request, recs):
        return export.csv_chunks(recs, bom=request.GET.get("bom") == "1")


class JsonExportView(ExportView):
    filename_ext = "json"
    content_type = "application/json; charset=utf-8"

    def chunks(self, request, recs):
        return export.json_chunks(recs)
