"""The secretariat's admin for continuity links between roundtables and between recommendations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from gfmd_portal.admin_base import VersionedAdmin

from .models import RecommendationLink, RoundtableLink

SPAN_FIELDS = ("source_document", "source_start", "source_end")


@admin.register(RoundtableLink)
class RoundtableLinkAdmin(VersionedAdmin):
    list_display = ("later", "relation", "earlier_roundtable", "has_passage")
    list_filter = ("relation", "roundtable__summit")
    list_select_related = ("roundtable__summit", "earlier__summit")
    search_fields = ("roundtable__code", "roundtable__title", "earlier__code", "earlier_code", "source_excerpt")
    autocomplete_fields = ("roundtable", "earlier")
    readonly_fields = (*SPAN_FIELDS, "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("roundtable", "relation", "earlier")}),
        (
            gettext_lazy("An earlier roundtable the portal does not hold yet"),
            {"fields": ("earlier_year", "earlier_code")},
        ),
        (gettext_lazy("Passage"), {"fields": ("source_excerpt", *SPAN_FIELDS)}),
        (gettext_lazy("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=gettext_lazy("roundtable"), ordering="roundtable__code")
    def later(self, obj):
        return f"RT {obj.roundtable.code} ({obj.roundtable.summit.year})"

    @admin.display(description=gettext_lazy("earlier roundtable"))
    def earlier_roundtable(self, obj):
        return obj.earlier_name

    @admin.display(description=gettext_lazy("passage"), boolean=True)
    def has_passage(self, obj):
        return bool(obj.source_excerpt)


@admin.register(RecommendationLink)
class RecommendationLinkAdmin(VersionedAdmin):
    list_display = ("later", "relation", "earlier_recommendation", "has_passage")
    list_filter = ("relation", "recommendation__roundtable__summit")
    list_select_related = ("recommendation__roundtable__summit", "earlier__roundtable__summit")
    search_fields = ("recommendation__text", "earlier__text", "recommendation__roundtable__code", "source_excerpt")
    autocomplete_fields = ("recommendation", "earlier")
    readonly_fields = (*SPAN_FIELDS, "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("recommendation", "relation", "earlier")}),
        (gettext_lazy("Passage"), {"fields": ("source_excerpt", *SPAN_FIELDS)}),
        (gettext_lazy("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @staticmethod
    def _reference(rec):
        return f"RT {rec.roundtable.code}/{rec.number} · {rec.roundtable.summit.year}"

    @admin.display(description=gettext_lazy("recommendation"), ordering="recommendation__roundtable__code")
    def later(self, obj):
        return self._reference(obj.recommendation)

    @admin.display(description=gettext_lazy("earlier recommendation"))
    def earlier_recommendation(self, obj):
        return self._reference(obj.earlier)

    @admin.display(description=gettext_lazy("passage"), boolean=True)
    def has_passage(self, obj):
        return bool(obj.source_excerpt)
