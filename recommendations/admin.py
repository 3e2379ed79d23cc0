"""The secretariat's admin for recommendations: edit, publish, history, export and spreadsheet import.

It also attaches a roundtable's recommendations and their CSV export to the roundtable's page.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from gfmd_portal import diff
from gfmd_portal.admin_base import AttachableAdmin, PublishableAdmin
from gfmd_portal.admin_import import CsvImportAdmin, CsvUploadForm
from gfmd_portal.history import acting_user, m2m_history_fields, record_versions
from gfmd_portal.publishing import Status
from gfmd_portal.text import excerpt
from gfmd_portal.translation_admin import TranslatedAdmin
from roundtables.admin import RoundtableAdmin, RoundtableColumn, RoundtableFilter

from .export.orm import records
from .export.writers import csv_chunks
from .importer import COLUMNS, OPTIONAL_COLUMNS, READ_ONLY_COLUMNS, REQUIRED_COLUMNS, Action, recommendation_import_file
from .models import Recommendation

SESSION_KEY = "recommendations_import"
MAX_UPLOAD = 64 * 1024 * 1024


def export_response(request, recommendations, *, bom=False):
    """Stream recommendations as CSV through the public export's writer (columns and neutralisation)."""
    recommendations = Recommendation.objects.filter(pk__in=recommendations.values("pk"))
    base_url = request.build_absolute_uri("/").rstrip("/")
    chunks = csv_chunks(records(recommendations, base_url), bom=bom)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    filename = f"gfmd-recommendations-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def is_public(recommendation):
    """What visitors can see: a published recommendation of a published roundtable."""
    return recommendation.status == Status.PUBLISHED and recommendation.roundtable.status == Status.PUBLISHED


class RecommendationForm(forms.ModelForm):
    """One complete history version per save, relations included, and reverts that restore relations.

    django-simple-history records a version when the row is saved and another for each changed
    relation, so the first would hold the new text with the old themes. This form silences those
    and records a single version once the relations are saved too.
    """

    class Meta:
        model = Recommendation
        fields = (
            "roundtable",
            "number",
            "text",
            "text_fr",
            "text_es",
            "made_by",
            "status",
            "themes",
            "frameworks",
            "actors",
            "source_excerpt",
            "source_document",
            "source_start",
            "source_end",
            "editorial_note",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if version is not None:  # the revert form: offer the version's relations, not today's
            for m2m in m2m_history_fields(Recommendation):
                if m2m.name in self.fields:
                    target = m2m.m2m_reverse_field_name() + "_id"
                    self.initial[m2m.name] = list(getattr(version, m2m.name).values_list(target, flat=True))

    def save(self, commit=True):
        self._history_type = "+" if self.instance._state.adding else "~"
        self.instance.skip_history_when_saving = True
        return super().save(commit=commit)

    def _save_m2m(self):
        try:
            super()._save_m2m()
        finally:
            self.instance.__dict__.pop("skip_history_when_saving", None)
        record_versions(
            model=Recommendation,
            pks=[self.instance.pk],
            history_type=self._history_type,
            user=acting_user(self.instance),
            reason=getattr(self.instance, "_change_reason", None),
        )


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    form = RecommendationForm
    extra = 0
    ordering = ("number",)
    fields = ("number", "text", "made_by", "status")
    readonly_fields = ("status",)
    show_change_link = True

    def view_on_site(self, obj):
        return obj.get_absolute_url() if is_public(obj) else None

    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}


class ImportUploadForm(CsvUploadForm):
    help_text = gettext_lazy("UTF-8 (“CSV UTF-8” in Excel), with the columns of the portal's export.")
    max_upload = MAX_UPLOAD
    too_large = gettext_lazy("The file is larger than %(size)s MB; import it with the import_recommendations command.")


@admin.register(Recommendation)
class RecommendationAdmin(CsvImportAdmin, AttachableAdmin, RoundtableColumn, TranslatedAdmin, PublishableAdmin):
    form = RecommendationForm
    # Made by is a filter on the right; the row keeps what identifies and dates the record.
    list_display = ("reference", "short_text", "roundtable_code", "status", "updated")
    list_display_links = ("reference", "short_text")
    list_filter = (
        "status",
        ("roundtable__summit", admin.RelatedFieldListFilter),
        RoundtableFilter,
        "themes",
        "made_by",
    )
    list_select_related = ("roundtable__summit",)
    search_fields = ("text", "source_excerpt", "roundtable__code", "roundtable__slug")
    ordering = ("roundtable__summit__year", "roundtable__code", "number")
    autocomplete_fields = ("roundtable", "themes", "frameworks", "actors")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("roundtable", "number", "text", "made_by", "status")}),
        (gettext_lazy("Classification"), {"fields": ("themes", "frameworks", "actors")}),
        (
            gettext_lazy("Provenance"),
            {"fields": ("source_excerpt", ("source_document", "source_start", "source_end"), "editorial_note")},
        ),
        (gettext_lazy("Record"), {"fields": ("created_at", "updated_at")}),
    )
    actions = [*PublishableAdmin.actions, "export_csv", "export_csv_excel"]
    history_list_display = ("status",)
    # alignment/admin.py attaches the alignments inline.
    inlines = []
    import_file = staticmethod(recommendation_import_file)
    upload_form = ImportUploadForm
    import_template = "admin/recommendations/recommendation/import.html"
    import_title = gettext_lazy("Import recommendations from a spreadsheet")
    session_key = SESSION_KEY
    success_message = gettext_lazy(
        "Imported %(name)s: %(create)d created, %(update)d updated, %(unchanged)d unchanged."
    )
    write_actions = (Action.CREATE, Action.UPDATE)

    @admin.display(description=gettext_lazy("reference"), ordering="number")
    def reference(self, obj):
        return f"{obj.roundtable.code}/{obj.number}"

    @admin.display(description=gettext_lazy("text"))
    def short_text(self, obj):
        return excerpt(obj.text, 160)

    @admin.display(description=gettext_lazy("last change"), ordering="updated_at")
    def updated(self, obj):
        return date_format(timezone.localtime(obj.updated_at), "SHORT_DATE_FORMAT")

    def is_public(self, obj):
        return is_public(obj)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    @admin.action(
        permissions=["export"],
        description=gettext_lazy("Export selected recommendations as CSV (drafts included)"),
    )
    def export_csv(self, request, queryset):
        return export_response(request, queryset)

    @admin.action(
        permissions=["export"],
        description=gettext_lazy("Export selected recommendations as CSV for Excel (with a byte-order mark)"),
    )
    def export_csv_excel(self, request, queryset):
        return export_response(request, queryset, bom=True)

    def after_publish(self, request, queryset):
        hidden = queryset.exclude(roundtable__status=Status.PUBLISHED).count()
        if hidden:
            self.message_user(
                request,
                _("%(count)d of them belong to a draft roundtable and stay hidden until it is published.")
                % {"count": hidden},
                messages.WARNING,
            )

    def import_context(self):
        return {
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": OPTIONAL_COLUMNS,
            "read_only_columns": READ_ONLY_COLUMNS,
            "export_columns": COLUMNS,
        }

    def preview(self, outcomes):
        diff.import_changes(Recommendation, outcomes)


def can_export_recommendations(modeladmin, request):
    """The roundtable page's export is offered to whoever may view recommendations."""
    return request.user.has_perm("recommendations.view_recommendation")


@admin.action(
    permissions=["export"],
    description=gettext_lazy("Export the recommendations of the selected roundtables as CSV (drafts included)"),
)
def export_recommendations_csv(modeladmin, request, queryset):
    return export_response(request, Recommendation.objects.filter(roundtable__in=queryset.values("pk")))


RoundtableAdmin.attach(
    inlines=[RecommendationInline],
    actions=[export_recommendations_csv],
    permissions={"export": can_export_recommendations},
)
