"""Bringing a summary in from the admin: upload, review roundtable by roundtable, create the drafts."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Roundtable, SourceDocument, Summit
from tests.admin_support import make_user
from tests.test_ingest_parser import SOURCE, summary

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:roundtables_sourcedocument_upload")


def upload(client, content, name="session-4.txt"):
    summit = Summit.objects.get(year=2016)
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content), "summit": summit.pk, "session": ""})


def review_url(document, step):
    return reverse("admin:roundtables_sourcedocument_review", args=[document.pk]) + f"?step={step}"


def review_data(response):
    """The review form's fields as rendered, with their initial values."""
    data = {"roundtable-decision": "accepted"}
    for _part, _label, forms in response.context["groups"]:
        for form in forms:
            for name, field in form.fields.items():
                if not field.disabled:
                    data[form.add_prefix(name)] = form.initial.get(name, "")
    return data


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 302), ("staff", 403), ("viewer", 403), ("editor", 200)])
def test_only_the_importer_s_role_may_upload(client, portal_data, role, expected):
    user = make_user(role)
    if user:
        client.force_login(user)
    assert client.get(UPLOAD).status_code == expected


def test_a_viewer_may_not_review_or_create(client, portal_data):
    document = SourceDocument.objects.get()
    client.force_login(make_user("viewer"))
    assert client.get(review_url(document, 1)).status_code == 403
    create = reverse("admin:roundtables_sourcedocument_create", args=[document.pk])
    assert client.post(create).status_code == 403


def test_a_refused_upload_says_why_and_writes_nothing(client, portal_data):
    client.force_login(make_user("editor"))
    response = upload(client, b"\x00\x01\x02binary")
    assert response.status_code == 200
    assert "The file was refused; nothing was written:" in response.content.decode()
    assert "binary data" in response.content.decode()
    assert SourceDocument.objects.count() == 1


def test_the_same_file_again_leads_to_its_document(client, portal_data):
    client.force_login(make_user("editor"))
    response = upload(client, SOURCE.read_bytes(), name="again.txt")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:roundtables_sourcedocument_change", args=[1])
    assert SourceDocument.objects.count() == 1


def test_upload_review_and_create_drafts(client, portal_data):
    editor = make_user("editor")
    client.force_login(editor)
    response = upload(client, summary(80).encode())
    document = SourceDocument.objects.get(file_name="session-4.txt")
    assert response["Location"] == review_url(document, 1)
    assert document.state == SourceDocument.State.IN_REVIEW
    assert not Roundtable.objects.filter(code="4.1").exists()

    page = client.get(review_url(document, 1))
    html = page.content.decode()
    assert 'max="2" value="1"' in html  # the progress through the roundtables
    assert "<mark>the skills partnership in Morocco</mark>" in html
    data = review_data(page)
    # Correct a key point's display text, reject a practice, accept the candidate trimmed to one clause.
    data["key_points-0-text"] = "Workers should not pay recruitment fees."
    data["practices-1-decision"] = "rejected"
    data["recommendations-0-decision"] = "accepted"
    # Verbatim, the summary's line break included.
    trimmed = re.search(r"extend the.*?labour\s+migrant", document.text, re.DOTALL).group()
    assert "\n" in trimmed
    data["recommendations-0-excerpt"] = trimmed
    response = client.post(review_url(document, 1), data)
    assert response.status_code == 302 and response["Location"] == review_url(document, 2)

    page = client.get(review_url(document, 2))
    data = review_data(page)
    data["recommendations-3-decision"] = "rejected"
    response = client.post(review_url(document, 2), data)
    create = reverse("admin:roundtables_sourcedocument_create", args=[document.pk])
    assert response["Location"] == create
    assert client.get(create).status_code == 200
    response = client.post(create)
    assert response.status_code == 302

    first = Roundtable.objects.get(code="4.1", summit__year=2016)
    assert first.status == Status.DRAFT
    assert first.key_points.values_list("text", flat=True).first() == "Workers should not pay recruitment fees."
    assert list(first.practices.values_list("country_id", flat=True)) == ["PRT", "PHL"]
    (candidate,) = first.recommendations.all()
    assert " ".join(candidate.source_excerpt.split()) == (
        "extend the protection of migrants in crisis to every labour migrant"
    )
    assert document.text[candidate.source_start : candidate.source_end] == candidate.source_excerpt
    second = Roundtable.objects.get(code="4.2", summit__year=2016)
    assert second.recommendations.count() == 3
    assert set(Recommendation.objects.filter(source_document=document).values_list("status", flat=True)) == {
        Status.DRAFT
    }
    reasons = list(document.history.order_by("history_date").values_list("history_change_reason", "history_user"))
    assert reasons == [
        ("Uploaded", editor.pk),
        ("Reviewed roundtable 4.1", editor.pk),
        ("Reviewed roundtable 4.2", editor.pk),
        ("Drafts created", editor.pk),
    ]
    assert candidate.history.get().history_user_id == editor.pk


def test_an_edited_excerpt_must_be_in_the_document(client, portal_data):
    client.force_login(make_user("editor"))
    upload(client, summary(80).encode())
    document = SourceDocument.objects.get(file_name="session-4.txt")
    data = review_data(client.get(review_url(document, 1)))
    data["recommendations-0-excerpt"] = "words the summary never says"
    response = client.post(review_url(document, 1), data)
    assert response.status_code == 200
    assert "not in the document word for word" in response.content.decode()
    document.refresh_from_db()
    assert document.history.count() == 1  # the upload only


def test_creating_twice_creates_once(client, portal_data):
    client.force_login(make_user("editor"))
    upload(client, summary(80).encode())
    document = SourceDocument.objects.get(file_name="session-4.txt")
    create = reverse("admin:roundtables_sourcedocument_create", args=[document.pk])
    client.post(create)
    count = Recommendation.objects.count()
    client.post(create)
    assert Recommendation.objects.count() == count
    assert Roundtable.objects.filter(code="4.1").count() == 1
