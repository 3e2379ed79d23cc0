"""The portal's addresses.

Public pages live under a language prefix (/en/, /fr/, /es/). A request without one (an old link,
or the bare /) is redirected by LocaleMiddleware to the language the browser prefers. The
admin, the health check and the exports stay where they are: the exports take a `lang`
parameter instead, so a script's address never changes.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("recommendations/", include("recommendations.export_urls")),
    path("recommendations/", include("followup.export_urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("data/", include("opendata.download_urls")),
    *i18n_patterns(
        path("", include("roundtables.urls")),
        path("recommendations/", include("recommendations.urls")),
        path("", include("alignment.urls")),
        path("data/", include("opendata.urls")),
        path("api/", include("api.docs_urls")),
        path("", include("followup.urls")),
    ),
]

# 400, 403 and 404 use Django's handlers with the templates of the same name.
handler500 = "gfmd_portal.views.server_error"
