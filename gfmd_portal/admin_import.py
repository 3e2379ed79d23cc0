"""The admin's spreadsheet import: upload a CSV, preview what each row would do, then confirm.

Nothing is written before the confirmation. The previewed file waits on the server (its key in
the session) so the confirmation imports exactly the bytes that were previewed.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .csv_files import REFUSE

PREVIEW_ROWS = 500
STALE_AFTER = 24 * 60 * 60


def import_dir():
    return Path(getattr(settings, "IMPORT_TEMP_DIR", Path(tempfile.gettempdir()) / "gfmd-portal-imports"))


class CsvUploadForm(forms.Form):
    """The upload; a subclass sets the file's help text, the size limit and what to say above it."""

    help_text = ""
    max_upload = 16 * 1024 * 1024
    too_large = ""  # a message with %(size)s, naming the command that takes larger files

    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.help_text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_upload:
            raise forms.ValidationError(self.too_large % {"size": self.max_upload // (1024 * 1024)})
        return upload


class CsvImportAdmin:
    """A ModelAdmin mixin adding the import page at import/ (URL name app_model_import).

    A subclass names its import function (called with data, dry_run, user and name), its upload
    form, the page's template and title, the prefix of its stashed files, its session key, the
    message after a confirmed import (formatted with the file's name and the report's counts),
    the actions that write, and has_import_permission().
    """

    import_file = None
    upload_form = CsvUploadForm
    import_template = ""
    import_title = ""
    stash_prefix = ""
    session_key = ""
    success_message = ""
    write_actions = ()

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
        upload_form = self.upload_form()
        if request.method == "POST" and "confirm" in request.POST:
            return self._import_confirm(request)
        if request.method == "POST":
            upload_form = self.upload_form(request.POST, request.FILES)
            if upload_form.is_valid():
                upload = upload_form.cleaned_data["file"]
                data = upload.read()
                report = self.import_file(data=data, dry_run=True, user=request.user, name=upload.name)
                token = self._stash(request, data, upload.name) if report.ok else None
                return self._render_import(request, upload_form, report=report, token=token, name=upload.name)
        return self._render_import(request, upload_form)

    def _stash_path(self, token):
        return import_dir() / f"{self.stash_prefix}{token}.csv"

    def _import_confirm(self, request):
        stash = request.session.get(self.session_key) or {}
        token = request.POST.get("token", "")
        path = self._stash_path(stash.get("token"))
        if not stash or not secrets.compare_digest(token, stash["token"]) or not path.is_file():
            self.message_user(request, _("That preview has expired; upload the file again."), messages.ERROR)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != stash["sha256"]:
            raise PermissionDenied
        report = self.import_file(data=data, dry_run=False, user=request.user, name=stash["name"])
        path.unlink(missing_ok=True)
        del request.session[self.session_key]
        if not report.applied:
            # The database changed since the preview: show why; a new upload gives a new preview.
            return self._render_import(request, self.upload_form(), report=report, name=stash["name"])
        self.message_user(request, self.success_message % {"name": stash["name"], **report.counts}, messages.SUCCESS)
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    def _stash(self, request, data, name):
        """Keep the previewed file on the server until it is confirmed; the session holds its key."""
        directory = import_dir()
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        now = time.time()
        for old in directory.glob("*.csv"):
            if now - old.stat().st_mtime > STALE_AFTER:
                old.unlink(missing_ok=True)
        previous = request.session.get(self.session_key)
        if previous:
            self._stash_path(previous["token"]).unlink(missing_ok=True)
        token = secrets.token_urlsafe(24)
        self._stash_path(token).write_bytes(data)
        request.session[self.session_key] = {"token": token, "name": name, "sha256": hashlib.sha256(data).hexdigest()}
        return token

    def import_context(self):
        """What the page shows about the file's columns."""
        return {}

    def preview(self, outcomes):
        """Prepare the previewed rows (those not refused) for the page."""

    def _render_import(self, request, upload_form, report=None, token=None, name=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": self.import_title,
            "upload_form": upload_form,
            "report": report,
            "token": token,
            "file_name": name,
            **self.import_context(),
        }
        if report is not None:
            refused = report.refused
            others = [outcome for outcome in report.outcomes if outcome.action != REFUSE]
            self.preview(others[:PREVIEW_ROWS])
            context.update(
                counts=report.counts,
                problems=report.problems,
                refused_rows=refused[:PREVIEW_ROWS],
                more_refused=max(0, len(refused) - PREVIEW_ROWS),
                preview_rows=others[:PREVIEW_ROWS],
                more_rows=max(0, len(others) - PREVIEW_ROWS),
                to_write=sum(report.count(action) for action in self.write_actions),
            )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.import_template, context)
