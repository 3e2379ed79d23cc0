"""The secretariat's admin for follow-up entries: edit, publish, history and spreadsheet import."""

import hashlib
import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gfmd_portal.admin_base import PublishableAdmin
from recommendations.admin import PREVIEW_ROWS, _import_dir

from .importer import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Action, followup_import_file
from .models import FollowUp

SESSION_KEY = "followup_import"
MAX_UPLOAD = 16 * 1024 * 1024


class FollowUpUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 (“CSV UTF-8” in Excel) or Windows-1252, with the follow-up columns."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; import it with the import_followups command.")
                % {"size": MAX_UPLOAD // (1024 * 1024)}
            )
        return upload


@admin.register(FollowUp)
class FollowUpAdmin(PublishableAdmin):
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

    @admin.display(description=gettext_lazy("recommendation"), ordering="recommendation__roundtable__code")
    def reference(self, obj):
        rec = obj.recommendation
        return f"RT {rec.roundtable.code}/{rec.number} · {rec.roundtable.summit.year}"

    def is_public(self, obj):
        return obj.status == "published" and obj.recommendation.roundtable.status == "published"

    def has_import_permission(self, request):
        return self.has_add_permission(request)

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
        upload_form = FollowUpUploadForm()
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
        if request.method == "POST":
            upload_form = FollowUpUploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                upload = upload_form.cleaned_data["file"]
                data = upload.read()
                report = followup_import_file(data=data, dry_run=True, user=request.user, name=upload.name)
                token = self._stash(request, data, upload.name) if report.ok else None
                return self._render_import(request, upload_form, report=report, token=token, name=upload.name)
        return self._render_import(request, upload_form)

    def _import_confirm(self, request):
        stash = request.session.get(SESSION_KEY) or {}
        token = request.POST.get("token", "")
        path = _import_dir() / f"followup-{stash.get('token')}.csv"
        if not stash or not secrets.compare_digest(token, stash["token"]) or not path.is_file():
            self.message_user(request, _("That preview has expired; upload the file again."), messages.ERROR)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != stash["sha256"]:
            raise PermissionDenied
        report = followup_import_file(data=data, dry_run=False, user=request.user, name=stash["name"])
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        if not report.applied:
            return self._render_import(request, FollowUpUploadForm(), report=report, name=stash["name"])
        self.message_user(
            request,
            _("Imported %(name)s: %(create)d added, %(unchanged)d already stored.")
            % {"name": stash["name"], **report.counts},
            messages.SUCCESS,
        )
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def _stash(self, request, data, name):
        """Keep the previewed file on the server until it is confirmed; the session holds its key."""
        directory = _import_dir()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        previous = request.session.get(SESSION_KEY)
        if previous:
            (directory / f"followup-{previous['token']}.csv").unlink(missing_ok=True)
        token = secrets.token_urlsafe(24)
        (directory / f"followup-{token}.csv").write_bytes(data)
        request.session[SESSION_KEY] = {"token": token, "name": name, "sha256": hashlib.sha256(data).hexdigest()}
        return token

    def _render_import(self, request, upload_form, report=None, token=None, name=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import follow-up entries from a spreadsheet"),
            "upload_form": upload_form,
            "report": report,
            "token": token,
            "file_name": name,
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": OPTIONAL_COLUMNS,
        }
        if report is not None:
            refused = report.refused
            others = [outcome for outcome in report.outcomes if outcome.action != Action.REFUSE]
            context.update(
                counts=report.counts,
                problems=report.problems,
                refused_rows=refused[:PREVIEW_ROWS],
                preview_rows=others[:PREVIEW_ROWS],
                to_write=report.count(Action.CREATE),
            )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/followup/followup/import.html", context)
