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

# 400, 403 and 404 use Django's handlers with the templates of the same name.
handler500 = "gfmd_portal.views.server_error"
