"""The downloads keep one address in every language, as the exports do."""

from django.urls import path

from . import views

app_name = "opendata_files"

urlpatterns = [
    path("<str:name>", views.download, name="download"),
]
