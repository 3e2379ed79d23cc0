"""Who may do what in the admin: the secretariat groups, publishing, and what staff without a group see."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.groups import EDITORS, VIEWERS, group_permission_codenames
from roundtables.models import Roundtable
from tests import factories
from tests.admin_support import ROLES, admin_url, editor_without_publish, make_user

pytestmark = pytest.mark.django_db

OK, FORBIDDEN, LOGIN = 200, 403, 302
EXPECTED = {
    # view:          anonymous, staff,   viewer,   editor, superuser
    "changelist": (LOGIN, FORBIDDEN, OK, OK, OK),
    "change": (LOGIN, FORBIDDEN, OK, OK, OK),
    "add": (LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "delete": (LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "import": (LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "history": (LOGIN, FORBIDDEN, OK, OK, OK),
}
MATRIX = [(view, role, expected[i]) for view, expected in EXPECTED.items() for i, role in enumerate(ROLES)]


@pytest.fixture
def recommendation(db):
    return factories.recommendation(text="A recommendation to guard")


@pytest.mark.parametrize(("view", "role", "expected"), MATRIX)
def test_recommendation_admin_permission_matrix(client, recommendation, view, role, expected):
    user = make_user(role)
    if user:
        client.force_login(user)
    response = client.get(admin_url(view, recommendation))
    assert response.status_code == expected
    if expected == LOGIN:
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(("view", "role", "expected"), [m for m in MATRIX if m[0] != "import"])
def test_roundtable_admin_permission_matrix(client, recommendation, view, role, expected):
    user = make_user(role)
    if user:
        client.force_login(user)
    assert client.get(admin_url(view, recommendation.roundtable)).status_code == expected


@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_who_may_not_change_cannot_post_a_change(client, recommendation, role):
    client.force_login(make_user(role))
    response = client.post(
        admin_url("change", recommendation),
        {"roundtable": recommendation.roundtable_id, "number": 1, "text": "Changed", "made_by": "roundtable"},
    )
    assert response.status_code == FORBIDDEN
    recommendation.refresh_from_db()
    assert recommendation.text == "A recommendation to guard"


@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_who_may_not_delete_cannot_post_a_delete(client, recommendation, role):
    client.force_login(make_user(role))
    assert client.post(admin_url("delete", recommendation), {"post": "yes"}).status_code == FORBIDDEN
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_editor_can_delete_through_the_admin(client, recommendation):
    client.force_login(make_user("editor"))
    response = client.post(admin_url("delete", recommendation), {"post": "yes"})
    assert response.status_code == 302
    assert not Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_staff_in_neither_group_sees_nothing_to_edit(client, recommendation):
    client.force_login(make_user("staff"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["app_list"] == []


def test_viewer_sees_every_content_model_and_may_change_none(client, recommendation):
    client.force_login(make_user("viewer"))
    app_list = client.get(reverse("admin:index")).context["app_list"]
    models = {m["object_name"].lower(): m["perms"] for app in app_list for m in app["models"]}
    expected = {name for names in group_permission_codenames()[VIEWERS].values() for name in names}
    assert {f"view_{name}" for name in models} == expected
    assert all(perms["view"] and not perms["change"] and not perms["add"] for perms in models.values())


def test_groups_exist_with_the_publish_permissions():
    editors = Group.objects.get(name=EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"publish_recommendation", "publish_roundtable", "delete_recommendation", "add_keypoint"} <= codenames
    viewers = set(Group.objects.get(name=VIEWERS).permissions.values_list("codename", flat=True))
    assert viewers and all(codename.startswith("view_") for codename in viewers)


def test_groups_migration_creates_the_permissions_it_needs():
    """On a fresh database the permissions do not exist yet when the migration runs."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Permission

    Group.objects.all().delete()
    Permission.objects.filter(content_type__app_label__in=["roundtables", "recommendations"]).delete()
    migration = import_module("roundtables.migrations.0003_secretariat_groups")
    migration.create_groups(apps, type("SchemaEditor", (), {"connection": type("C", (), {"alias": "default"})})())
    editors = Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True)
    assert "publish_recommendation" in editors and "change_roundtable" in editors
    from roundtables.groups import CONTENT_MODELS

    assert Group.objects.get(name=VIEWERS).permissions.count() == sum(len(models) for models in CONTENT_MODELS.values())


def action_names(response):
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


def test_publish_actions_are_offered_only_with_the_publish_permission(client, recommendation):
    url = admin_url("changelist", recommendation)
    client.force_login(make_user("editor"))
    assert {"publish", "unpublish", "export_csv"} <= action_names(client.get(url))
    client.force_login(editor_without_publish())
    names = action_names(client.get(url))
    assert "export_csv" in names and not {"publish", "unpublish"} & names
    client.force_login(make_user("viewer"))
    names = action_names(client.get(url))
    assert "export_csv" in names and not {"publish", "unpublish", "delete_selected"} & names


def test_publish_action_posted_without_the_permission_changes_nothing(client):
    draft = factories.recommendation(status=Status.DRAFT)
    client.force_login(editor_without_publish())
    client.post(admin_url("changelist", draft), {"action": "publish", "_selected_action": [draft.pk], "index": 0})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_status_cannot_be_set_through_the_form_without_the_publish_permission(client):
    draft = factories.recommendation(status=Status.DRAFT, text="Draft text")
    client.force_login(editor_without_publish())
    response = client.post(
        admin_url("change", draft),
        {
            "roundtable": draft.roundtable_id,
            "number": draft.number,
            "text": "Corrected",
            "made_by": "roundtable",
            "status": "published",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.text, draft.status) == ("Corrected", Status.DRAFT)


def test_added_recommendation_starts_as_draft_even_for_an_editor(client):
    roundtable = factories.roundtable()
    client.force_login(make_user("editor"))
    response = client.post(
        reverse("admin:recommendations_recommendation_add"),
        {
            "roundtable": roundtable.pk,
            "number": 5,
            "text": "New",
            "made_by": "roundtable",
            "status": "published",
            # The (empty) alignments inline's management form.
            "alignments-TOTAL_FORMS": "0",
            "alignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Recommendation.objects.get(number=5).status == Status.DRAFT


def test_editor_publishes_and_unpublishes_selected_records(client):
    roundtable = factories.roundtable(status=Status.DRAFT)
    drafts = [factories.recommendation(roundtable, status=Status.DRAFT) for _ in range(3)]
    client.force_login(make_user("editor"))
    url = reverse("admin:recommendations_recommendation_changelist")
    client.post(url, {"action": "publish", "_selected_action": [d.pk for d in drafts[:2]], "index": 0})
    statuses = [Recommendation.objects.get(pk=d.pk).status for d in drafts]
    assert statuses == [Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT]
    client.post(
        reverse("admin:roundtables_roundtable_changelist"),
        {"action": "publish", "_selected_action": [roundtable.pk], "index": 0},
    )
    assert Roundtable.objects.get(pk=roundtable.pk).status == Status.PUBLISHED
    client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk], "index": 0})
    assert Recommendation.objects.get(pk=drafts[0].pk).status == Status.DRAFT


def test_view_on_site_only_for_published_records(client):
    roundtable = factories.roundtable(status=Status.PUBLISHED)
    published = factories.recommendation(roundtable, status=Status.PUBLISHED)
    draft = factories.recommendation(roundtable, status=Status.DRAFT)
    hidden_roundtable = factories.roundtable(code="3.2", status=Status.DRAFT)
    client.force_login(make_user("editor"))
    assert client.get(admin_url("change", published)).context["has_absolute_url"]
    assert client.get(admin_url("change", published)).context["absolute_url"] == published.get_absolute_url()
    assert not client.get(admin_url("change", draft)).context["has_absolute_url"]
    assert client.get(admin_url("change", roundtable)).context["has_absolute_url"]
    assert not client.get(admin_url("change", hidden_roundtable)).context["has_absolute_url"]
    inline = next(
        i
        for i in client.get(admin_url("change", roundtable)).context["inline_admin_formsets"]
        if i.opts.model is Recommendation
    )
    links = {form.original.pk: bool(form.show_url) for form in inline if form.original}
    assert links == {published.pk: True, draft.pk: False}


def test_editor_publishes_from_the_change_form(client):
    draft = factories.recommendation(status=Status.DRAFT)
    client.force_login(make_user("editor"))
    response = client.post(
        admin_url("change", draft), {"CHANGE_FORM-action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_admin_is_titled_for_the_portal_and_links_the_public_site(client):
    client.force_login(make_user("editor"))
    body = client.get(reverse("admin:index")).content.decode()
    assert "<title>Secretariat | GFMD Roundtable Portal admin</title>" in body
    assert 'href="/">Open the public site</a>' in body
    assert reverse("admin:recommendations_recommendation_import") in body


def test_every_admin_page_renders_for_an_editor(client, portal_data):
    """Changelist, search, add and change pages of every model answer 200 with the real content."""
    from django.contrib import admin

    from roundtables.models import Organisation

    Organisation.objects.create(slug="iom", name="International Organization for Migration", acronym="IOM")
    client.force_login(make_user("editor"))
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("roundtables", "recommendations"):
            continue
        changelist = admin_url("changelist", model())
        assert client.get(changelist).status_code == 200, model
        assert client.get(changelist, {"q": "migra"}).status_code == 200, model
        assert client.get(admin_url("add", model())).status_code == 200, model
        obj = model.objects.first()
        assert obj is not None, model
        assert client.get(admin_url("change", obj)).status_code == 200, model
        if hasattr(model_admin, "history_view"):
            assert client.get(admin_url("history", obj)).status_code == 200, model


@pytest.mark.parametrize(
    ("field", "term", "expected"), [("themes", "labour", "Labour mobility"), ("roundtable", "3.2", "RT 3.2")]
)
def test_autocomplete_finds_related_records(client, portal_data, field, term, expected):
    client.force_login(make_user("editor"))
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "recommendations", "model_name": "recommendation", "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert any(result["text"].startswith(expected) for result in response.json()["results"])
