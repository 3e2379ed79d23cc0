"""The secretariat's admin for continuity links between roundtables and between recommendations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from gfmd_portal.admin_base import VersionedAdmin
from gfmd_portal.admin_import import CsvImportAdmin, CsvUploadForm

from .importer import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Action, links_import_file
from .models import RecommendationLink, RoundtableLink

SPAN_FIELDS = ("source_document", "source_start", "source_end")


class LinksUploadForm(CsvUploadForm):
    help_text = gettext_lazy("UTF-8 (“CSV UTF-8” in Excel) or Windows-1252, with the columns later, relation, earlier.")
    max_upload = 16 * 1024 * 1024
    too_large = gettext_lazy("The file is larger than %(size)s MB; import it with the import_links command.")


class LinkAdmin(CsvImportAdmin, VersionedAdmin):
    """What both links' pages share: one import for both kinds of link (a row names its own
    records), history, and whether a passage is recorded."""

    import_file = staticmethod(links_import_file)
    upload_form = LinksUploadForm
    import_template = "admin/continuity/import.html"
    import_title = gettext_lazy("Import continuity links from a spreadsheet")
    stash_prefix = "links-"
    session_key = "continuity_import"
    success_message = gettext_lazy("Imported %(name)s: %(create)d added, %(unchanged)d already stored.")
    write_actions = (Action.CREATE,)

    def has_import_permission(self, request):
        return request.user.has_perms(["continuity.add_roundtablelink", "continuity.add_recommendationlink"])

    def import_context(self):
        return {"required_columns": REQUIRED_COLUMNS, "optional_columns": OPTIONAL_COLUMNS}

    @admin.display(description=gettext_lazy("passage"), boolean=True)
    def has_passage(self, obj):
        return bool(obj.source_excerpt)


@admin.register(RoundtableLink)
class RoundtableLinkAdmin(LinkAdmin):
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


@admin.register(RecommendationLink)
class RecommendationLinkAdmin(LinkAdmin):
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
