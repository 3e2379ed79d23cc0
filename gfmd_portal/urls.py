from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("roundtables.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("", include("alignment.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
