"""The secretariat's admin for follow-up entries: edit, publish, history and spreadsheet import."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from gfmd_portal.admin_base import PublishableAdmin
from gfmd_portal.admin_import import CsvImportAdmin, CsvUploadForm

from .importer import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Action, followup_import_file
from .models import FollowUp

SESSION_KEY = "followup_import"
MAX_UPLOAD = 16 * 1024 * 1024


class FollowUpUploadForm(CsvUploadForm):
    help_text = gettext_lazy("UTF-8 (“CSV UTF-8” in Excel) or Windows-1252, with the follow-up columns.")
    max_upload = MAX_UPLOAD
    too_large = gettext_lazy("The file is larger than %(size)s MB; import it with the import_followups command.")


@admin.register(FollowUp)
class FollowUpAdmin(CsvImportAdmin, PublishableAdmin):
    list_display = ("title", "reference", "reporter", "date", "progress", "kind", "status")
    list_filter = ("status", "progress", "kind", "date", "recommendation__roundtable")
    list_select_related = ("recommendation__roundtable__summit", "country", "organisation")
    search_fields = ("title", "description", "country__name", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("recommendation", "country", "organisation")
    date_hierarchy = "date"
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("recommendation", "country", "organisation", "date", "kind", "progress", "status")}),
        (gettext_lazy("Report"), {"fields": ("title", "description", "evidence_url")}),
        (gettext_lazy("Record"), {"fields": ("created_at", "updated_at")}),
    )
    history_list_display = ("status", "progress")

    import_file = staticmethod(followup_import_file)
    upload_form = FollowUpUploadForm
    import_template = "admin/followup/followup/import.html"
    import_title = gettext_lazy("Import follow-up entries from a spreadsheet")
    stash_prefix = "followup-"
    session_key = SESSION_KEY
    success_message = gettext_lazy("Imported %(name)s: %(create)d added, %(unchanged)d already stored.")
    write_actions = (Action.CREATE,)

    @admin.display(description=gettext_lazy("recommendation"), ordering="recommendation__roundtable__code")
    def reference(self, obj):
        rec = obj.recommendation
        return f"RT {rec.roundtable.code}/{rec.number} · {rec.roundtable.summit.year}"

    def is_public(self, obj):
        return obj.status == "published" and obj.recommendation.roundtable.status == "published"

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def import_context(self):
        return {"required_columns": REQUIRED_COLUMNS, "optional_columns": OPTIONAL_COLUMNS}
