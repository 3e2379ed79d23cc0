"""The follow-up export, beside the recommendations' exports: one address whatever the language."""

from django.urls import path

from . import exports

app_name = "followup_exports"

urlpatterns = [
    path("follow-ups.csv", exports.FollowUpCsvView.as_view(), name="csv"),
]
