from django.urls import path

from . import views

app_name = "roundtables"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("roundtables/", views.RoundtableListView.as_view(), name="list"),
    path("roundtables/<slug:slug>/", views.RoundtableDetailView.as_view(), name="detail"),
    path("countries/<str:iso3>/", views.CountryDetailView.as_view(), name="country"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("frameworks/<slug:slug>/", views.FrameworkDetailView.as_view(), name="framework"),
]
