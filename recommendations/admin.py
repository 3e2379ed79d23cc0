"""The secretariat's admin for recommendations: edit, publish, history, export and spreadsheet import.

It also attaches a roundtable's recommendations and their CSV export to the roundtable's page.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from gfmd_portal import diff
from gfmd_portal.admin_base import AttachableAdmin, PublishableAdmin
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
PREVIEW_ROWS = 500
STALE_AFTER = 24 * 60 * 60


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


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 (“CSV UTF-8” in Excel), with the columns of the portal's export."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; import it with the import_recommendations command.")
                % {"size": MAX_UPLOAD // (1024 * 1024)}
            )
        return upload


def _import_dir():
    return Path(getattr(settings, "IMPORT_TEMP_DIR", Path(tempfile.gettempdir()) / "gfmd-portal-imports"))


@admin.register(Recommendation)
class RecommendationAdmin(AttachableAdmin, RoundtableColumn, TranslatedAdmin, PublishableAdmin):
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
        (gettext_lazy("Provenance"), {"fields": ("source_excerpt", "editorial_note")}),
        (gettext_lazy("Record"), {"fields": ("created_at", "updated_at")}),
    )
    actions = [*PublishableAdmin.actions, "export_csv", "export_csv_excel"]
    history_list_display = ("status",)
    # alignment/admin.py attaches the alignments inline.
    inlines = []

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

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a CSV, preview what each row would do, then confirm: nothing is written before."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        upload_form = ImportUploadForm()
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
        if request.method == "POST":
            upload_form = ImportUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                upload = upload_form.cleaned_data["file"]
                data = upload.read()
                report = recommendation_import_file(data=data, dry_run=True, user=request.user, name=upload.name)
                token = self._stash(request, data, upload.name) if report.ok else None
                return self._render_import(request, upload_form, report=report, token=token, name=upload.name)
        return self._render_import(request, upload_form)

    def _import_confirm(self, request):
        stash = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        path = _import_dir() / f"{stash.get('token')}.csv"
        if not stash or not secrets.compare_digest(token, stash["token"]) or not path.is_file():
            self.message_user(request, _("That preview has expired; upload the file again."), messages.ERROR)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != stash["sha256"]:
            raise PermissionDenied
        report = recommendation_import_file(data=data, dry_run=False, user=request.user, name=stash["name"])
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        if not report.applied:
            # The database changed since the preview: show why; a new upload gives a new preview.
            return self._render_import(request, ImportUploadForm(), report=report, name=stash["name"])
        counts = report.counts
        self.message_user(
            request,
            _("Imported %(name)s: %(create)d created, %(update)d updated, %(unchanged)d unchanged.")
            % {"name": stash["name"], **counts},
            messages.SUCCESS,
        )
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def _stash(self, request, data, name):
        """Keep the previewed file on the server until it is confirmed; the session holds its key."""
        directory = _import_dir()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        now = time.time()
        for old in directory.glob("*.csv"):
            if now - old.stat().st_mtime > STALE_AFTER:
                old.unlink(missing_ok=True)
        previous = request.session.get(SESSION_KEY)
        if previous:
            (directory / f"{previous['token']}.csv").unlink(missing_ok=True)
        token = secrets.token_urlsafe(24)
        (directory / f"{token}.csv").write_bytes(data)
        request.session[SESSION_KEY] = {"token": token, "name": name, "sha256": hashlib.sha256(data).hexdigest()}
        return token

    def _render_import(self, request, upload_form, report=None, token=None, name=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import recommendations from a spreadsheet"),
            "upload_form": upload_form,
            "report": report,
            "token": token,
            "file_name": name,
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": OPTIONAL_COLUMNS,
            "read_only_columns": READ_ONLY_COLUMNS,
            "export_columns": COLUMNS,
        }
        if report is not None:
            refused = report.refused
            others = [outcome for outcome in report.outcomes if outcome.action != Action.REFUSE]
            diff.import_changes(Recommendation, others[:PREVIEW_ROWS])
            context.update(
                counts=report.counts,
                problems=report.problems,
                refused_rows=refused[:PREVIEW_ROWS],
                more_refused=max(0, len(refused) - PREVIEW_ROWS),
                preview_rows=others[:PREVIEW_ROWS],
                more_rows=max(0, len(others) - PREVIEW_ROWS),
                to_write=report.count(Action.CREATE) + report.count(Action.UPDATE),
            )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/recommendations/recommendation/import.html", context)


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
