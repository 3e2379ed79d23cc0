"""The follow-up entries' admin: the secretariat's roles, history, publishing and the import with preview."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followup.models import FollowUp
from gfmd_portal.publishing import Status
from tests import factories
from tests.admin_support import ROLES, make_user

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
HEADER = "recommendation,reporter,date,progress,title,description,evidence_url\n"
MATRIX = [(view, role, expected[i]) for view, expected in EXPECTED.items() for i, role in enumerate(ROLES)]


@pytest.fixture
def entry(db):
    return FollowUp.objects.create(
        recommendation=factories.recommendation(),
        country=factories.country("PHL"),
        date=datetime.date(2018, 1, 1),
        progress="planned",
        title="A plan",
    )


def url(view, obj=None):
    return reverse(f"admin:followup_followup_{view}", args=[obj.pk] if view in ("change", "delete", "history") else [])


@pytest.mark.parametrize(("view", "role", "expected"), MATRIX)
def test_followup_admin_permission_matrix(client, entry, view, role, expected):
    user = make_user(role)
    if user:
        client.force_login(user)
    assert client.get(url(view, entry)).status_code == expected


def test_an_editor_adds_a_draft_with_history_and_publishes_it(client):
    rec = factories.recommendation()
    factories.country("MEX", "Mexico")
    client.force_login(make_user("editor"))
    data = {
        "recommendation": rec.pk,
        "country": "MEX",
        "date": "2019-06-30",
        "kind": "legislation",
        "progress": "completed",
        "title": "A law",
        "description": "",
        "evidence_url": "https://example.org/law",
        "status": "published",
    }
    assert client.post(url("add"), data).status_code == 302
    added = FollowUp.objects.get()
    assert added.status == Status.DRAFT
    assert added.history.get().history_user.username == "editor"
    response = client.post(url("changelist"), {"action": "publish", "_selected_action": [added.pk]})
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.status == Status.PUBLISHED and added.history.count() == 2
    rec.refresh_from_db()
    assert rec.progress == "completed"


def test_the_admin_refuses_a_non_http_evidence_link(client):
    rec = factories.recommendation()
    client.force_login(make_user("editor"))
    data = {
        "recommendation": rec.pk,
        "country": factories.country("PHL").pk,
        "date": "2019-06-30",
        "kind": "other",
        "progress": "planned",
        "title": "A plan",
        "evidence_url": "javascript:alert(1)",
    }
    response = client.post(url("add"), data)
    assert response.status_code == 200 and "evidence_url" in response.context["adminform"].form.errors
    assert not FollowUp.objects.exists()


def test_the_admin_import_previews_then_writes_on_confirmation(client):
    rec = factories.recommendation()
    factories.country("MEX", "Mexico")
    client.force_login(make_user("editor"))
    body = f"{HEADER}{rec.pk},MEX,2018-01-02,planned,Plan,,\n"
    upload = SimpleUploadedFile("f.csv", body.encode(), content_type="text/csv")
    preview = client.post(url("import"), {"file": upload})
    assert preview.status_code == 200 and preview.context["counts"]["create"] == 1
    assert not FollowUp.objects.exists()
    done = client.post(url("import"), {"confirm": "1", "token": preview.context["token"]})
    assert done.status_code == 302
    assert FollowUp.objects.get().title == "Plan"


def test_the_admin_import_names_each_refused_row(client):
    client.force_login(make_user("editor"))
    body = f"{HEADER}77777,MEX,2018-01-02,planned,Plan,,\n"
    preview = client.post(url("import"), {"file": SimpleUploadedFile("f.csv", body.encode())})
    assert "Row 2, column “recommendation”: there is no recommendation with the id 77777." in preview.content.decode()
    assert preview.context["token"] is None
