"""What every admin page of the portal shares: a save that changes nothing writes nothing."""

from django.contrib import admin


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
