"""The exports: one address whatever the language; `lang` chooses the language of text columns."""

from django.urls import path

from . import export_views

app_name = "exports"

urlpatterns = [
    path("export.csv", export_views.CsvExportView.as_view(), name="csv"),
    path("export.json", export_views.JsonExportView.as_view(), name="json"),
]
