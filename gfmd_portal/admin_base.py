"""What every admin page of the portal shares.

A save that changes nothing writes nothing; versioned records keep a history with who and when;
publishable records are published by an action of its own permission; and a later app attaches
what belongs to it (an inline, an action) to an earlier app's page through AttachableAdmin.
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from gfmd_portal import diff
from gfmd_portal.publishing import Status, set_status

BOTH_LOCATIONS = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


class UnchangedSaveAdmin:
    """A ModelAdmin mixin: saving a form whose fields all hold what is stored writes no row,
    no history version and no log entry. Inline records are still saved when they changed
    (the formsets save only changed forms), and a revert always saves: it restores a version.
    """

    def _changes_nothing(self, request, form, change):
        return change and not form.has_changed() and getattr(request, "reverting_to", None) is None

    def save_model(self, request, obj, form, change):
        if self._changes_nothing(request, form, change):
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if self._changes_nothing(request, form, change):
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if not message:  # construct_change_message found no changed field and no changed inline
            return None
        return super().log_change(request, obj, message)


class PortalModelAdmin(UnchangedSaveAdmin, admin.ModelAdmin):
    """The base of the portal's admin pages for records without a history."""


class AttachableAdmin:
    """A ModelAdmin mixin through which a later app adds its inlines and actions to this page.

    An app never imports a later one (tests/test_layers.py), so the roundtable's page cannot name
    the recommendations inline: recommendations/admin.py calls RoundtableAdmin.attach(...) when
    it is imported, which the admin's autodiscovery does at start-up, before any request and
    before the system checks validate the page.
    """

    @classmethod
    def attach(cls, *, inlines=(), actions=(), permissions=None):
        """Add inlines, actions (admin.action functions) and the has_<name>_permission checks they name.

        Attaching the same inline or action twice adds it once.
        """
        cls.inlines = [*cls.inlines, *(inline for inline in inlines if inline not in cls.inlines)]
        cls.actions = [*(cls.actions or ()), *(action for action in actions if action not in (cls.actions or ()))]
        for name, check in (permissions or {}).items():
            setattr(cls, f"has_{name}_permission", check)


def change_reason(change, fields):
    """What a history version says about an admin save: which fields changed."""
    if not change:
        return _("Added in the admin")
    return _("Changed %(fields)s") % {"fields": ", ".join(fields)}


class VersionedAdmin(UnchangedSaveAdmin, SimpleHistoryAdmin):
    """History with who and when; a revert is a change, so it needs the change permission."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        version = self.model.history.filter(history_id=version_id).values_list("history_date", flat=True).first()
        if version is not None:
            request.reverting_to = version
        extra_context = {**(extra_context or {}), **self.revert_changes_context(object_id, version_id)}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_changes_context(self, object_id, version_id):
        """What the revert would change in the current record, for the confirmation page."""
        version = self.model.history.filter(history_id=version_id, **{self.opts.pk.attname: object_id}).first()
        if version is None:
            return {}
        current = self.model._default_manager.filter(pk=version.instance.pk).first()
        return {"revert_changes": diff.revert_changes(self.model, current, version)}

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each version's changes against the one before it, word by word (see gfmd_portal.diff)."""
        diff.annotate_versions(self.model, historical_records)

    def save_model(self, request, obj, form, change):
        reverting_to = getattr(request, "reverting_to", None)
        if reverting_to is not None:
            obj._change_reason = _("Reverted to the version of %(date)s UTC") % {
                "date": reverting_to.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
            }
        else:
            obj._change_reason = change_reason(change, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Inline records (key points, practices, ...) get a change reason in their history too."""
        for inline_form in formset.forms:
            if inline_form.has_changed():
                inline_form.instance._change_reason = change_reason(
                    inline_form.instance.pk is not None, inline_form.changed_data
                )
        super().save_formset(request, form, formset, change)


class PublishableAdmin(VersionedAdmin):
    """Draft and publish: new records start as drafts; publishing is an action of its own permission."""

    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request, obj=None):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def is_public(self, obj):
        return obj.status == Status.PUBLISHED

    def view_on_site(self, obj):
        return obj.get_absolute_url() if self.is_public(obj) else None

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None or not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    def _change_status(self, request, queryset, status, reason):
        return set_status(model=self.model, queryset=queryset, status=status, user=request.user, reason=reason)

    @admin.action(
        permissions=["publish"],
        description=gettext_lazy("Publish this %(verbose_name)s"),
        description_plural=gettext_lazy("Publish selected %(verbose_name_plural)s"),
        location=BOTH_LOCATIONS,
    )
    def publish(self, request, queryset):
        count = self._change_status(request, queryset, Status.PUBLISHED, _("Published"))
        self.message_user(
            request,
            ngettext("%(count)d record published.", "%(count)d records published.", count) % {"count": count},
            messages.SUCCESS,
        )
        self.after_publish(request, queryset)

    def after_publish(self, request, queryset):
        """A hook to warn about what publishing did not make public."""

    @admin.action(
        permissions=["publish"],
        description=gettext_lazy("Unpublish this %(verbose_name)s (back to draft)"),
        description_plural=gettext_lazy("Unpublish selected %(verbose_name_plural)s (back to draft)"),
        location=BOTH_LOCATIONS,
    )
    def unpublish(self, request, queryset):
        count = self._change_status(request, queryset, Status.DRAFT, _("Unpublished"))
        self.message_user(
            request,
            ngettext("%(count)d record back to draft.", "%(count)d records back to draft.", count) % {"count": count},
            messages.SUCCESS,
        )
