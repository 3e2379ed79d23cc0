"""The admin for GCM objectives, SDG targets and alignments, which it also attaches to the recommendation's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from gfmd_portal.admin_base import PortalModelAdmin, UnchangedSaveAdmin
from gfmd_portal.text import excerpt
from gfmd_portal.translation_admin import TranslatedAdmin
from recommendations.admin import RecommendationAdmin

from .models import Alignment, GcmObjective, SdgGoal, SdgTarget
from .services import fill_aligned_by


@admin.register(GcmObjective)
class GcmObjectiveAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ["number", "short_title", "title"]
    search_fields = ["short_title", "title"]
    ordering = ["number"]


@admin.register(SdgGoal)
class SdgGoalAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(SdgTarget)
class SdgTargetAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ["code", "goal", "text"]
    list_select_related = ["goal"]
    search_fields = ["code", "text"]


class AlignmentInline(admin.TabularInline):
    """The editors' alignments, edited on the recommendation's own page."""

    model = Alignment
    fields = ("gcm_objective", "sdg_target", "rationale", "rationale_fr", "rationale_es", "aligned_by", "aligned_on")
    autocomplete_fields = ("gcm_objective", "sdg_target")
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        """A formset that names the editor on the alignments it saves without one."""
        formset = super().get_formset(request, obj, **kwargs)
        editor = request.user

        class AlignmentFormSet(formset):
            def save(self, commit=True):
                fill_aligned_by(alignments=(form.instance for form in self.forms if form.has_changed()), editor=editor)
                return super().save(commit=commit)

        return AlignmentFormSet


@admin.register(Alignment)
class AlignmentAdmin(TranslatedAdmin, UnchangedSaveAdmin, SimpleHistoryAdmin):
    list_display = ["reference", "gcm_objective", "sdg_target", "short_rationale", "aligned_by", "aligned_on"]
    list_display_links = ["reference", "short_rationale"]
    list_filter = ["gcm_objective", "sdg_target", "recommendation__roundtable"]
    list_select_related = ["recommendation__roundtable__summit", "gcm_objective", "sdg_target"]
    search_fields = ["rationale", "recommendation__text"]
    autocomplete_fields = ["recommendation", "gcm_objective", "sdg_target"]

    @admin.display(description=_("recommendation"), ordering="recommendation__roundtable__code")
    def reference(self, obj):
        rec = obj.recommendation
        return f"RT {rec.roundtable.code}/{rec.number} · {rec.roundtable.summit.year}"

    @admin.display(description=_("rationale"))
    def short_rationale(self, obj):
        return excerpt(obj.rationale, 120)

    def save_model(self, request, obj, form, change):
        fill_aligned_by(alignments=[obj], editor=request.user)
        super().save_model(request, obj, form, change)


RecommendationAdmin.attach(inlines=[AlignmentInline])
