from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Alignment, GcmObjective, SdgGoal, SdgTarget


@admin.register(GcmObjective)
class GcmObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title", "title"]
    search_fields = ["short_title", "title"]
    ordering = ["number"]


@admin.register(SdgGoal)
class SdgGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(SdgTarget)
class SdgTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "text"]
    list_select_related = ["goal"]
    search_fields = ["code", "text"]


@admin.register(Alignment)
class AlignmentAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "gcm_objective", "sdg_target", "rationale", "aligned_by", "aligned_on"]
    list_filter = ["gcm_objective", "sdg_target", "recommendation__roundtable"]
    list_select_related = ["recommendation__roundtable", "gcm_objective", "sdg_target"]
    search_fields = ["rationale", "recommendation__text"]
    autocomplete_fields = ["gcm_objective", "sdg_target"]
    raw_id_fields = ["recommendation"]

    def save_model(self, request, obj, form, change):
        if not obj.aligned_by:
            obj.aligned_by = request.user.get_full_name() or request.user.get_username()
        super().save_model(request, obj, form, change)
