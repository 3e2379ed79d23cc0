from django.urls import path

from . import views

app_name = "alignment"

urlpatterns = [
    path("gcm/", views.GcmObjectiveListView.as_view(), name="gcm_list"),
    path("gcm/<int:number>/", views.GcmObjectiveDetailView.as_view(), name="gcm_objective"),
    path("sdg/", views.SdgTargetListView.as_view(), name="sdg_list"),
    path("sdg/<str:code>/", views.SdgTargetDetailView.as_view(), name="sdg_target"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
]
