"""The secretariat's admin for the record's structure, and what every portal admin shares.

Shared here: publishing (actions offered only to holders of the publish permission, each change
recorded as a history version with its user), "view on site" only for what the public can see,
and revert from the history restricted to users who may change the record.
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from gfmd_portal import diff
from gfmd_portal.admin_base import PortalModelAdmin, UnchangedSaveAdmin
from gfmd_portal.translation_admin import TranslatedAdmin
from recommendations.export.orm import records
from recommendations.export.writers import csv_chunks
from recommendations.models import Recommendation

from .history import record_versions
from .models import (
    Actor,
    Country,
    Framework,
    KeyPoint,
    Organisation,
    Practice,
    Roundtable,
    RoundtableRole,
    RoundtableSession,
    Status,
    Summit,
    Theme,
)

admin.site.site_header = gettext_lazy("GFMD Roundtable Portal")
admin.site.site_title = gettext_lazy("GFMD Roundtable Portal admin")
admin.site.index_title = gettext_lazy("Secretariat")
admin.site.site_url = "/"
# The lists need the width: the models are one click away on the admin's home page and in the
# breadcrumbs, and a changelist at 1280 px keeps every column on screen without the sidebar.
admin.site.enable_nav_sidebar = False

CHUNK = 2000
BOTH_LOCATIONS = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def set_status(*, model, queryset, status, user, reason):
    """Change the status of the records in queryset that differ, one history version each; returns how many."""
    pks = list(queryset.exclude(status=status).order_by().values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            model.objects.filter(pk__in=chunk).update(status=status, updated_at=now)
            record_versions(model=model, pks=chunk, history_type="~", user=user, reason=reason, date=now)
    return len(pks)


def roundtable_code(roundtable):
    """A roundtable as list columns show it: its code and summit year, short enough never to be cut."""
    return f"RT {roundtable.code} · {roundtable.summit.year}"


class RoundtableColumn:
    """The `roundtable` list column of the records that belong to one: the short code, sorted like the record."""

    @admin.display(description=gettext_lazy("roundtable"), ordering="roundtable__code")
    def roundtable_code(self, obj):
        return roundtable_code(obj.roundtable)


def change_reason(change, fields):
    """What a history version says about an admin save: which fields changed."""
    if not change:
        return _("Added in the admin")
    return _("Changed %(fields)s") % {"fields": ", ".join(fields)}


def export_response(request, recommendations, *, bom=False):
    """Stream recommendations as CSV through the public export's writer (columns and neutralisation)."""
    recommendations = Recommendation.objects.filter(pk__in=recommendations.values("pk"))
    base_url = request.build_absolute_uri("/").rstrip("/")
    chunks = csv_chunks(records(recommendations, base_url), bom=bom)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    filename = f"gfmd-recommendations-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RoundtableFilter(admin.SimpleListFilter):
    """Roundtables by code and year, in two queries however many there are."""

    title = gettext_lazy("roundtable")
    parameter_name = "roundtable"

    def lookups(self, request, model_admin):
        roundtables = Roundtable.objects.select_related("summit").order_by("-summit__year", "code")
        return [(str(rt.pk), f"{rt.code} ({rt.summit.year})") for rt in roundtables]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(roundtable_id=int(value))
        return queryset


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


class RoundtableRoleInline(admin.TabularInline):
    model = RoundtableRole
    extra = 0
    ordering = ("role", "order")
    autocomplete_fields = ("country", "organisation")
    fields = ("role", "country", "organisation", "order", "source_excerpt")


class KeyPointInline(admin.StackedInline):
    model = KeyPoint
    extra = 0
    ordering = ("number",)
    fields = ("number", "heading", "text", "source_excerpt")


class PracticeInline(admin.StackedInline):
    model = Practice
    extra = 0
    ordering = ("number",)
    autocomplete_fields = ("country",)
    fields = ("number", "country", "title", "description", "source_excerpt")


@admin.register(Roundtable)
class RoundtableAdmin(TranslatedAdmin, PublishableAdmin):
    list_display = ("code", "title", "summit_year", "status", "updated_at")
    list_display_links = ("code", "title")
    list_filter = ("status", "summit")
    list_select_related = ("summit", "session")
    search_fields = ("code", "slug", "title")
    ordering = ("summit__year", "code")
    autocomplete_fields = ("session", "frameworks")
    readonly_fields = ("summit", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("session", "summit", "code", "slug", "title", "status")}),
        (gettext_lazy("Content"), {"fields": ("summary", "frameworks", "source_excerpt")}),
        (gettext_lazy("Record"), {"fields": ("created_at", "updated_at")}),
    )

    actions = [*PublishableAdmin.actions, "export_recommendations_csv"]

    @admin.display(description=gettext_lazy("year"), ordering="summit__year")
    def summit_year(self, obj):
        return obj.summit.year

    def has_export_permission(self, request):
        return request.user.has_perm("recommendations.view_recommendation")

    @admin.action(
        permissions=["export"],
        description=gettext_lazy("Export the recommendations of the selected roundtables as CSV (drafts included)"),
    )
    def export_recommendations_csv(self, request, queryset):
        return export_response(request, Recommendation.objects.filter(roundtable__in=queryset.values("pk")))

    def get_inlines(self, request, obj):
        # Recommendations come from recommendations.admin, which registers after this module loads.
        from recommendations.admin import RecommendationInline

        return [RoundtableRoleInline, KeyPointInline, PracticeInline, RecommendationInline]


@admin.register(KeyPoint)
class KeyPointAdmin(RoundtableColumn, TranslatedAdmin, VersionedAdmin):
    list_display = ("number", "heading", "roundtable_code")
    list_display_links = ("number", "heading")
    list_filter = (RoundtableFilter,)
    list_select_related = ("roundtable__summit",)
    search_fields = ("heading", "text", "roundtable__code")
    ordering = ("roundtable__summit__year", "roundtable__code", "number")
    autocomplete_fields = ("roundtable",)


@admin.register(Practice)
class PracticeAdmin(RoundtableColumn, TranslatedAdmin, VersionedAdmin):
    list_display = ("title", "country", "roundtable_code", "number")
    list_filter = (RoundtableFilter, "country")
    list_select_related = ("roundtable__summit", "country")
    search_fields = ("title", "description", "country__name", "roundtable__code")
    ordering = ("roundtable__summit__year", "roundtable__code", "number")
    autocomplete_fields = ("roundtable", "country")


@admin.register(RoundtableRole)
class RoundtableRoleAdmin(RoundtableColumn, PortalModelAdmin):
    list_display = ("holder", "role", "roundtable_code", "order")
    list_filter = ("role", RoundtableFilter)
    list_select_related = ("roundtable__summit", "country", "organisation")
    search_fields = ("country__name", "organisation__name", "organisation__acronym", "roundtable__code")
    ordering = ("roundtable__summit__year", "roundtable__code", "role", "order")
    autocomplete_fields = ("roundtable", "country", "organisation")

    @admin.display(description=gettext_lazy("held by"))
    def holder(self, obj):
        return obj.holder


@admin.register(Summit)
class SummitAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ("number", "year", "title", "city", "host_country", "provenance")
    list_filter = ("provenance", "year")
    list_select_related = ("host_country",)
    search_fields = ("title", "city", "host_country__name")
    ordering = ("-year",)
    autocomplete_fields = ("host_country",)


@admin.register(RoundtableSession)
class RoundtableSessionAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ("number", "title", "summit")
    list_filter = ("summit",)
    list_select_related = ("summit",)
    search_fields = ("title", "summit__title")
    ordering = ("summit__year", "number")
    autocomplete_fields = ("summit",)


@admin.register(Country)
class CountryAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ("iso3", "name")
    search_fields = ("iso3", "name")
    ordering = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ("name", "acronym", "slug")
    search_fields = ("name", "acronym", "slug")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Theme)
class ThemeAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug", "description")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Framework)
class FrameworkAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ("short_name", "name", "kind", "year")
    list_filter = ("kind",)
    search_fields = ("short_name", "name", "slug")
    ordering = ("short_name",)
    prepopulated_fields = {"slug": ("short_name",)}


@admin.register(Actor)
class ActorAdmin(TranslatedAdmin, PortalModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    ordering = ("name",)
    prepopulated_fields = {"slug": ("name",)}
