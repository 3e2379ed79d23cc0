"""Later apps attach their inlines and actions to earlier apps' admin pages, with the same permissions."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from alignment.models import Alignment
from gfmd_portal.admin_base import AttachableAdmin
from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Practice, Roundtable, RoundtableRole
from tests import factories
from tests.admin_support import make_user

pytestmark = pytest.mark.django_db


def inline_models(response):
    return [inline.opts.model for inline in response.context["inline_admin_formsets"]]


def action_names(response):
    form = response.context["action_form"]  # None when no action is offered at all
    return {name for name, _label in form.fields["action"].choices} if form else set()


def roundtable_viewer_only():
    """Staff who may view roundtables but not recommendations."""
    user = User.objects.create_user("reader", "reader@example.org", "a-long-test-password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="roundtables", codename="view_roundtable"))
    return user


def test_the_roundtable_page_ends_with_its_recommendations(client):
    roundtable = factories.roundtable()
    client.force_login(make_user("editor"))
    response = client.get(reverse("admin:roundtables_roundtable_change", args=[roundtable.pk]))
    assert inline_models(response) == [RoundtableRole, KeyPoint, Practice, Recommendation]


def test_the_recommendation_page_holds_its_alignments(client):
    recommendation = factories.recommendation()
    client.force_login(make_user("editor"))
    response = client.get(reverse("admin:recommendations_recommendation_change", args=[recommendation.pk]))
    assert inline_models(response) == [Alignment]


def test_the_roundtable_export_is_offered_to_whoever_may_view_recommendations(client):
    factories.roundtable()
    url = reverse("admin:roundtables_roundtable_changelist")
    client.force_login(make_user("viewer"))
    assert "export_recommendations_csv" in action_names(client.get(url))
    client.force_login(roundtable_viewer_only())
    assert "export_recommendations_csv" not in action_names(client.get(url))


def test_the_roundtable_export_posted_without_the_permission_exports_nothing(client):
    roundtable = factories.roundtable(status=Status.PUBLISHED)
    factories.recommendation(roundtable, text="Not for this reader")
    client.force_login(roundtable_viewer_only())
    response = client.post(
        reverse("admin:roundtables_roundtable_changelist"),
        {"action": "export_recommendations_csv", "_selected_action": [roundtable.pk], "index": 0},
    )
    assert response.get("Content-Type", "").startswith("text/html")
    assert b"Not for this reader" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_attaching_twice_adds_once():
    def greet(modeladmin, request, queryset):
        """An action."""

    class Inline(admin.TabularInline):
        model = KeyPoint

    class Page(AttachableAdmin, admin.ModelAdmin):
        inlines = []

    Page.attach(inlines=[Inline], actions=[greet], permissions={"greet": lambda modeladmin, request: True})
    Page.attach(inlines=[Inline], actions=[greet])

    assert Page.inlines == [Inline]
    assert Page.actions == [greet]
    assert Page(Roundtable, admin.site).has_greet_permission(None) is True
    assert admin.ModelAdmin.inlines == ()
