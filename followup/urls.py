from django.urls import path

from . import exports, views

app_name = "followup"

urlpatterns = [
    path("follow-up/", views.DashboardView.as_view(), name="dashboard"),
    path("follow-up/feed/", exports.FollowUpFeed(), name="feed"),
]
