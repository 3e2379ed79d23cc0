from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("follow-up/", views.DashboardView.as_view(), name="dashboard"),
]
