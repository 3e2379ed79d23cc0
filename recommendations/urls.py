from django.urls import path

from . import export_views, feeds, views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("feed/", feeds.RecommendationFeed(), name="feed"),
    path("export.csv", export_views.CsvExportView.as_view(), name="export_csv"),
    path("export.json", export_views.JsonExportView.as_view(), name="export_json"),
    path("<int:pk>/", views.RecommendationDetailView.as_view(), name="detail"),
]
