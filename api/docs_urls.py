"""The documentation page, in each language (/en/api/, /fr/api/, /es/api/); /api/ redirects to it."""

from django.urls import path

from . import docs

app_name = "api_docs"

urlpatterns = [
    path("", docs.ApiDocsView.as_view(), name="index"),
]
