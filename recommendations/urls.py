from django.urls import path

from . import feeds, views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("feed/", feeds.RecommendationFeed(), name="feed"),
    path("<int:pk>/", views.RecommendationDetailView.as_view(), name="detail"),
]
