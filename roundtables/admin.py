"""The secretariat's admin for the record's structure: summits, sessions, roundtables, reference lists.

What every portal admin shares (publishing, history, revert) is in gfmd_portal/admin_base.py;
the recommendations of a roundtable and their export are attached to its page by
recommendations/admin.py.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from gfmd_portal.admin_base import AttachableAdmin, PortalModelAdmin, PublishableAdmin, VersionedAdmin
from gfmd_portal.translation_admin import TranslatedAdmin

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


def roundtable_code(roundtable):
    """A roundtable as list columns show it: its code and summit year, short enough never to be cut."""
    return f"RT {roundtable.code} · {roundtable.summit.year}"


class RoundtableColumn:
    """The `roundtable` list column of the records that belong to one: the short code, sorted like the record."""

    @admin.display(description=gettext_lazy("roundtable"), ordering="roundtable__code")
    def roundtable_code(self, obj):
        return roundtable_code(obj.roundtable)


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
class RoundtableAdmin(AttachableAdmin, TranslatedAdmin, PublishableAdmin):
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

    # recommendations/admin.py attaches the recommendations inline and the export action.
    inlines = [RoundtableRoleInline, KeyPointInline, PracticeInline]

    @admin.display(description=gettext_lazy("year"), ordering="summit__year")
    def summit_year(self, obj):
        return obj.summit.year


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
