"""Change history: every change keeps who and when, the admin shows it, and a revert restores a version."""

import pytest
from django.urls import reverse

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Roundtable, Theme
from tests import factories
from tests.admin_support import change_url, form_data, history_url, make_user, post_change, revert_url

pytestmark = pytest.mark.django_db


def theme_slugs(version):
    return sorted(Theme.objects.filter(pk__in=version.themes.values("theme_id")).values_list("slug", flat=True))


def test_fixture_load_records_a_complete_first_version(portal_data):
    rec = Recommendation.objects.filter(themes__isnull=False).distinct().first()
    first = rec.history.get()
    assert first.history_type == "+"
    assert theme_slugs(first) == sorted(rec.themes.values_list("slug", flat=True))
    assert sorted(first.frameworks.values_list("framework_id", flat=True)) == sorted(
        rec.frameworks.values_list("pk", flat=True)
    )


def test_admin_edit_creates_one_version_with_the_user(client, editor, portal_data):
    rec = Recommendation.objects.get(roundtable__slug="2016-3-1", number=1)
    before = rec.history.count()
    labour = Theme.objects.get(slug="labour-mobility")
    assert post_change(client, rec, text="Corrected by the secretariat", themes=[str(labour.pk)]).status_code == 302
    assert rec.history.count() == before + 1
    latest = rec.history.latest()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.text == "Corrected by the secretariat"
    assert theme_slugs(latest) == ["labour-mobility"]


def test_history_page_shows_who_changed_what(client, editor, portal_data):
    rec = Recommendation.objects.get(roundtable__slug="2016-3-1", number=1)
    post_change(client, rec, text="Corrected by the secretariat")
    body = client.get(history_url(rec)).content.decode()
    assert "editor" in body
    assert "Loaded from the portal&#x27;s fixtures" in body or "Loaded from the portal's fixtures" in body


def test_revert_restores_text_and_themes_of_the_first_version(client, editor, portal_data):
    rec = Recommendation.objects.filter(themes__isnull=False, roundtable__slug="2016-3-1").distinct().first()
    original_text = rec.text
    original_themes = sorted(rec.themes.values_list("slug", flat=True))
    first = rec.history.earliest()
    post_change(client, rec, text="A wrong edit", themes=[])
    rec.refresh_from_db()
    assert rec.text == "A wrong edit" and not rec.themes.exists()

    response = client.get(revert_url(rec, first))
    assert response.status_code == 200
    assert client.post(revert_url(rec, first), form_data(response)).status_code == 302
    rec.refresh_from_db()
    assert rec.text == original_text
    assert sorted(rec.themes.values_list("slug", flat=True)) == original_themes
    latest = rec.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to the version of")
    assert theme_slugs(latest) == original_themes


def test_roundtable_revert_restores_the_title(client, editor, portal_data):
    roundtable = Roundtable.objects.get(slug="2016-3-1")
    original = roundtable.title
    assert post_change(client, roundtable, title="Wrong title").status_code == 302
    assert Roundtable.objects.get(pk=roundtable.pk).title == "Wrong title"
    assert roundtable.history.latest().history_user == editor
    first = roundtable.history.earliest()
    client.post(revert_url(roundtable, first), form_data(client.get(revert_url(roundtable, first))))
    assert Roundtable.objects.get(pk=roundtable.pk).title == original


def test_inline_key_point_edit_on_the_roundtable_page_is_versioned(client, editor, portal_data):
    roundtable = Roundtable.objects.get(slug="2016-3-1")
    response = client.get(change_url(roundtable))
    data = form_data(response)
    prefix = next(
        i.formset.prefix for i in response.context["inline_admin_formsets"] if i.opts.model.__name__ == "KeyPoint"
    )
    data[f"{prefix}-0-heading"] = "A better heading"
    assert client.post(change_url(roundtable), data).status_code == 302
    key_point = roundtable.key_points.order_by("number").first()
    assert key_point.heading == "A better heading"
    assert key_point.history.latest().history_user == editor


def test_viewer_sees_history_but_cannot_revert(client, portal_data):
    rec = Recommendation.objects.get(roundtable__slug="2016-3-1", number=1)
    rec.text = "Changed"
    rec.save()
    client.force_login(make_user("viewer"))
    first = rec.history.earliest()
    response = client.get(revert_url(rec, first))
    assert response.status_code == 200
    assert client.post(revert_url(rec, first), form_data(response)).status_code == 403
    assert Recommendation.objects.get(pk=rec.pk).text == "Changed"


def test_publish_action_records_a_version_per_record_with_the_user_and_themes(client, editor):
    theme = factories.theme("labour")
    roundtable = factories.roundtable()
    recs = [factories.recommendation(roundtable, status=Status.DRAFT, themes=[theme]) for _ in range(3)]
    before = {r.pk: r.history.count() for r in recs}
    client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "publish", "_selected_action": [r.pk for r in recs], "index": 0},
    )
    for rec in recs:
        assert rec.history.count() == before[rec.pk] + 1
        latest = rec.history.latest()
        assert (latest.status, latest.history_user, latest.history_change_reason) == ("published", editor, "Published")
        assert theme_slugs(latest) == ["labour"]


def test_publishing_what_is_already_published_records_nothing(client, editor):
    rec = factories.recommendation(status=Status.PUBLISHED)
    before = rec.history.count()
    client.post(
        reverse("admin:recommendations_recommendation_changelist"),
        {"action": "publish", "_selected_action": [rec.pk], "index": 0},
    )
    assert rec.history.count() == before


def test_admin_delete_records_a_deletion(client, editor):
    rec = factories.recommendation()
    client.post(reverse("admin:recommendations_recommendation_delete", args=[rec.pk]), {"post": "yes"})
    last = Recommendation.history.filter(id=rec.pk).latest()
    assert (last.history_type, last.history_user) == ("-", editor)
