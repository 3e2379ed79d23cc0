"""Every admin POST needs the CSRF token: change, action, import upload and confirm, revert."""

import pytest
from django.test import Client
from django.urls import reverse

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from tests import factories
from tests.admin_support import change_url, form_data, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def csrf_client():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor"))
    return client


@pytest.fixture
def recommendation():
    return factories.recommendation(text="Original text", status=Status.DRAFT)


def token(client, url):
    """The token the form on url carries, as a browser would submit it."""
    return client.get(url).context["csrf_token"]


def test_change_without_token_is_refused(csrf_client, recommendation):
    data = form_data(csrf_client.get(change_url(recommendation)))
    data["text"] = "Forged"
    assert csrf_client.post(change_url(recommendation), data).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.text == "Original text"


def test_change_with_token_is_accepted(csrf_client, recommendation):
    response = csrf_client.get(change_url(recommendation))
    data = form_data(response)
    data.update(text="Corrected", csrfmiddlewaretoken=response.context["csrf_token"])
    assert csrf_client.post(change_url(recommendation), data).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Corrected"


def test_publish_action_without_token_is_refused(csrf_client, recommendation):
    url = reverse("admin:recommendations_recommendation_changelist")
    response = csrf_client.post(url, {"action": "publish", "_selected_action": [recommendation.pk], "index": 0})
    assert response.status_code == 403
    assert Recommendation.objects.get(pk=recommendation.pk).status == Status.DRAFT
    data = {"action": "publish", "_selected_action": [recommendation.pk], "index": 0}
    data["csrfmiddlewaretoken"] = token(csrf_client, url)
    assert csrf_client.post(url, data).status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).status == Status.PUBLISHED


def test_delete_without_token_is_refused(csrf_client, recommendation):
    url = reverse("admin:recommendations_recommendation_delete", args=[recommendation.pk])
    assert csrf_client.post(url, {"post": "yes"}).status_code == 403
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()


def test_import_upload_and_confirm_without_token_are_refused(csrf_client, recommendation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:recommendations_recommendation_import")
    body = f"roundtable,number,text\n{recommendation.roundtable.slug},42,Imported\n".encode()
    upload = SimpleUploadedFile("new.csv", body, content_type="text/csv")
    assert csrf_client.post(url, {"file": upload}).status_code == 403
    upload = SimpleUploadedFile("new.csv", body, content_type="text/csv")
    preview = csrf_client.post(url, {"file": upload, "csrfmiddlewaretoken": token(csrf_client, url)})
    assert preview.status_code == 200 and preview.context["token"]
    confirm = {"confirm": "1", "token": preview.context["token"]}
    assert csrf_client.post(url, confirm).status_code == 403
    assert not Recommendation.objects.filter(number=42).exists()
    confirm["csrfmiddlewaretoken"] = preview.context["csrf_token"]
    assert csrf_client.post(url, confirm).status_code == 302
    assert Recommendation.objects.filter(number=42).exists()


def test_revert_without_token_is_refused(csrf_client, recommendation):
    version = recommendation.history.earliest()
    url = reverse("admin:recommendations_recommendation_simple_history", args=[recommendation.pk, version.history_id])
    data = form_data(csrf_client.get(url))
    assert csrf_client.post(url, data).status_code == 403
