"""The secretariat's admin for source documents: upload a summary, review what the parser proposes, create drafts.

Only the importer's role (who may add source documents, roundtables and recommendations: the
secretariat's editors) may upload, review and create. Every step leaves a history version of
the document: the upload, each reviewed roundtable, the drafts' creation.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gfmd_portal.admin_base import VersionedAdmin
from roundtables.models import SourceDocument, Summit

from . import review
from .extract import Refused
from .services import check_place, document_store, drafts_create, read_file, session_number_of

MAX_UPLOAD = 32 * 1024 * 1024
INGEST_PERMISSIONS = (
    "roundtables.add_sourcedocument",
    "roundtables.change_sourcedocument",
    "roundtables.add_roundtable",
    "recommendations.add_recommendation",
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Summary"),
        help_text=gettext_lazy("The rapporteurs' summary as PDF or as text (UTF-8 or Windows-1252)."),
    )
    summit = forms.ModelChoiceField(label=gettext_lazy("Summit"), queryset=Summit.objects.all())
    session = forms.IntegerField(
        label=gettext_lazy("Session number"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Leave empty to take it from the roundtables' codes."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB; bring it in with the ingest_summary command.")
                % {"size": MAX_UPLOAD // (1024 * 1024)}
            )
        return upload


@admin.register(SourceDocument)
class SourceDocumentAdmin(VersionedAdmin):
    list_display = ("file_name", "summit", "session", "state", "uploaded_by", "uploaded_at")
    list_filter = ("state", "summit")
    search_fields = ("file_name", "sha256")
    readonly_fields = ("file_name", "sha256", "summit", "session", "state", "uploaded_by", "uploaded_at")
    fields = readonly_fields
    change_form_template = "admin/ingest/sourcedocument/change_form.html"
    change_list_template = "admin/ingest/sourcedocument/change_list.html"

    def has_ingest_permission(self, request):
        return request.user.has_perms(INGEST_PERMISSIONS)

    def has_add_permission(self, request):
        return self.has_ingest_permission(request)

    def add_view(self, request, form_url="", extra_context=None):
        # A document is added by uploading a summary, never through a blank form of its fields.
        return self.upload_view(request)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name=f"{prefix}_upload"),
            path("<int:pk>/review/", view(self.review_view), name=f"{prefix}_review"),
            path("<int:pk>/create/", view(self.create_view), name=f"{prefix}_create"),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_ingest": self.has_ingest_permission(request)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_ingest": self.has_ingest_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _context(self, request, **context):
        request.current_app = self.admin_site.name
        return {**self.admin_site.each_context(request), "opts": self.opts, **context}

    def upload_view(self, request):
        """Upload a summary: a refused file writes nothing; a file already in the portal leads to its document."""
        if not self.has_ingest_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        refusal = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                parsed = read_file(data=data, name=upload.name)
                existing = SourceDocument.objects.filter(sha256=parsed.sha256).first()
                if existing is not None:
                    self.message_user(
                        request,
                        _("%(name)s is already in the portal: nothing was added.") % {"name": upload.name},
                        messages.WARNING,
                    )
                    return redirect(self._url("change", existing.pk))
                summit = form.cleaned_data["summit"]
                number = session_number_of(parsed.proposals, form.cleaned_data["session"])
                check_place(summit=summit, proposals=parsed.proposals)
                with transaction.atomic():
                    document = document_store(parsed=parsed, summit=summit, session_number=number, user=request.user)
            except Refused as error:
                refusal = str(error)
            else:
                return redirect(self._url("review", document.pk) + "?step=1")
        context = self._context(request, title=_("Bring in a summary"), form=form, refusal=refusal)
        return TemplateResponse(request, "admin/ingest/sourcedocument/upload.html", context)

    def review_view(self, request, pk):
        """One roundtable's proposals beside the document's text; saving moves to the next roundtable."""
        if not self.has_ingest_permission(request):
            raise PermissionDenied
        document = get_object_or_404(SourceDocument, pk=pk)
        roundtables = document.proposals.get("roundtables", [])
        if not roundtables:
            self.message_user(request, _("This document has nothing left to review."), messages.INFO)
            return redirect(self._url("change", document.pk))
        try:
            step = min(max(int(request.GET.get("step", "1")), 1), len(roundtables))
        except ValueError:
            step = 1
        roundtable = roundtables[step - 1]
        decision = forms.ChoiceField(choices=review.DECISION_CHOICES, widget=forms.RadioSelect)
        roundtable_form = forms.Form(request.POST or None, prefix="roundtable")
        roundtable_form.fields["decision"] = decision
        roundtable_form.fields["decision"].label = _("Roundtable")
        roundtable_form.initial = {"decision": roundtable.get("decision", review.ACCEPTED)}
        if roundtable.get("created"):
            roundtable_form.fields["decision"].disabled = True
        groups = review.forms_for(roundtable, document.text, request.POST or None)
        all_forms = [form for _part, _label, forms_ in groups for form in forms_]
        # Every form is validated, so that the page shows all the errors at once.
        valid = [form.is_valid() for form in (roundtable_form, *all_forms)] if request.method == "POST" else [False]
        if all(valid):
            if not roundtable.get("created"):
                roundtable["decision"] = roundtable_form.cleaned_data["decision"]
            for form in all_forms:
                form.apply()
            document._history_user = request.user
            document._change_reason = _("Reviewed roundtable %(code)s") % {"code": roundtable["code"]}
            document.save(update_fields=["proposals"])
            if step < len(roundtables):
                return redirect(self._url("review", document.pk) + f"?step={step + 1}")
            return redirect(self._url("create", document.pk))
        context = self._context(
            request,
            title=_("Review %(name)s") % {"name": document.file_name},
            document=document,
            roundtable=roundtable,
            roundtable_form=roundtable_form,
            groups=groups,
            segments=review.segments(document.text, roundtable),
            step=step,
            steps=len(roundtables),
            previous_step=step - 1 if step > 1 else None,
        )
        return TemplateResponse(request, "admin/ingest/sourcedocument/review.html", context)

    def create_view(self, request, pk):
        """What will be created; on confirmation, every accepted proposal becomes a draft in one transaction."""
        if not self.has_ingest_permission(request):
            raise PermissionDenied
        document = get_object_or_404(SourceDocument, pk=pk)
        roundtables = document.proposals.get("roundtables", [])
        refusal = None
        if request.method == "POST":
            try:
                created, skipped = drafts_create(document=document, user=request.user)
            except Refused as error:
                refusal = str(error)
                document.refresh_from_db()
                roundtables = document.proposals.get("roundtables", [])
            else:
                self.message_user(
                    request,
                    _(
                        "Drafts created: %(roundtables)d roundtables, %(roles)d roles, %(key_points)d key points, "
                        "%(practices)d practices, %(recommendations)d recommendations. Nothing is public until "
                        "it is published."
                    )
                    % created,
                    messages.SUCCESS,
                )
                if skipped:
                    self.message_user(
                        request, _("Left out: %(names)s.") % {"names": ", ".join(skipped)}, messages.WARNING
                    )
                return redirect(self._url("change", document.pk))
        summary = [
            {
                "code": roundtable["code"],
                "title": roundtable["title"],
                "decision": dict(review.DECISION_CHOICES).get(roundtable.get("decision"), ""),
                "counts": {
                    part: sum(
                        1
                        for item in roundtable.get(part, [])
                        if item.get("decision") == review.ACCEPTED and not item.get("created")
                    )
                    for part in review.PART_LABELS
                },
                "pending": sum(
                    1
                    for part in review.PART_LABELS
                    for item in roundtable.get(part, [])
                    if item.get("decision") == review.PENDING
                ),
            }
            for roundtable in roundtables
        ]
        context = self._context(
            request,
            title=_("Create the drafts of %(name)s") % {"name": document.file_name},
            document=document,
            summary=summary,
            steps=len(roundtables),
            refusal=refusal,
        )
        return TemplateResponse(request, "admin/ingest/sourcedocument/create.html", context)
