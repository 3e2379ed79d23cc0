from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("v1/recommendations/", views.RecommendationList.as_view(), name="recommendations"),
    path("v1/recommendations/<int:pk>/", views.RecommendationDetail.as_view(), name="recommendation"),
    path("v1/roundtables/", views.RoundtableList.as_view(), name="roundtables"),
    path("v1/roundtables/<slug:slug>/", views.RoundtableDetail.as_view(), name="roundtable"),
    path("v1/countries/", views.CountryList.as_view(), name="countries"),
    path("v1/themes/", views.ThemeList.as_view(), name="themes"),
    path("v1/frameworks/", views.FrameworkList.as_view(), name="frameworks"),
    path("v1/actors/", views.ActorList.as_view(), name="actors"),
    path("v1/gcm/", views.GcmList.as_view(), name="gcm"),
    path("v1/sdg/", views.SdgList.as_view(), name="sdg"),
    re_path(r"^v1/", views.not_found),
]
