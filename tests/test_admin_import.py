"""The admin's import (upload, preview, confirm), its CSV exports, and round trips between the two."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gfmd_portal.publishing import Status
from recommendations.export.columns import COLUMNS
from recommendations.importer import Action, recommendation_import_file
from recommendations.models import Recommendation
from roundtables.models import Roundtable
from tests import factories
from tests.admin_support import make_user

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:recommendations_recommendation_import"
CHANGELIST_URL = "admin:recommendations_recommendation_changelist"


@pytest.fixture
def editor(client):
    user = make_user("editor")
    client.force_login(user)
    return user


def upload(client, body, name="next-year.csv"):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, body, content_type="text/csv")})


def snapshot():
    return (
        list(Recommendation.objects.order_by("pk").values_list("pk", "roundtable_id", "number", "text", "status")),
        sorted(Recommendation.themes.through.objects.values_list("recommendation_id", "theme_id")),
        Recommendation.history.count(),
    )


def body_of(response):
    return b"".join(response.streaming_content)


def test_upload_previews_then_confirm_writes(client, editor, portal_data):
    body = b"roundtable,number,text,themes\r\n2016-3-1,20,A new one,labour-mobility\r\n2016-3-2,1,Changed text,\r\n"
    before = snapshot()
    preview = upload(client, body)
    assert preview.status_code == 200
    assert snapshot() == before
    rows = preview.context["preview_rows"]
    assert [(o.row, o.action, o.changes) for o in rows] == [
        (2, Action.CREATE, []),
        (3, Action.UPDATE, ["text", "themes"]),
    ]
    assert b'name="confirm"' in preview.content
    response = client.post(reverse(IMPORT_URL), {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 302 and response["Location"] == reverse(CHANGELIST_URL)
    created = Recommendation.objects.get(roundtable__slug="2016-3-1", number=20)
    assert created.status == Status.DRAFT
    assert created.history.get().history_user == editor
    assert Recommendation.objects.get(roundtable__slug="2016-3-2", number=1).text == "Changed text"
    # The preview's file is used once.
    again = client.post(reverse(IMPORT_URL), {"confirm": "1", "token": preview.context["token"]})
    assert again.status_code == 302 and again["Location"] == reverse(IMPORT_URL)


def test_preview_with_a_refused_row_offers_no_confirm_and_names_the_row(client, editor, portal_data):
    body = b"roundtable,number,text\r\n2016-3-1,20,Fine\r\n2016-3-1,21,\r\n"
    before = snapshot()
    preview = upload(client, body)
    assert preview.status_code == 200
    assert preview.context["token"] is None
    assert b'name="confirm"' not in preview.content
    assert "Row 3, column “text”: the text is empty." in preview.content.decode()
    assert snapshot() == before


def test_confirm_with_a_token_of_another_session_is_refused(client, editor, portal_data):
    preview = upload(client, b"roundtable,number,text\r\n2016-3-1,20,Fine\r\n")
    other = make_user("editor", username="other-editor")
    client.force_login(other)
    response = client.post(reverse(IMPORT_URL), {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 302 and response["Location"] == reverse(IMPORT_URL)
    assert not Recommendation.objects.filter(number=20).exists()


def test_confirm_after_the_records_changed_writes_nothing_and_says_why(client, editor, portal_data):
    preview = upload(client, b"roundtable,number,text\r\n2016-3-1,20,Fine\r\n2016-3-1,21,Also fine\r\n")
    rt = Roundtable.objects.get(slug="2016-3-1")
    Recommendation.objects.create(roundtable=rt, number=99, text="Meanwhile")
    # Someone renames the roundtable between preview and confirm.
    Roundtable.objects.filter(pk=rt.pk).update(slug="2016-3-1-renamed")
    before = snapshot()
    response = client.post(reverse(IMPORT_URL), {"confirm": "1", "token": preview.context["token"]})
    assert response.status_code == 200
    assert "unknown roundtable “2016-3-1”" in response.content.decode()
    assert snapshot() == before


def test_upload_of_a_non_csv_file_is_a_clear_refusal(client, editor, portal_data):
    response = upload(client, b"\x89PNG\r\n\x1a\n\x00\x00binary", name="picture.png")
    assert response.status_code == 200
    assert "The file was refused" in response.content.decode()


def test_changelist_links_the_import_for_editors_only(client, portal_data):
    client.force_login(make_user("editor"))
    assert reverse(IMPORT_URL) in client.get(reverse(CHANGELIST_URL)).content.decode()
    client.force_login(make_user("viewer"))
    assert reverse(IMPORT_URL) not in client.get(reverse(CHANGELIST_URL)).content.decode()


def export_selected(client, pks, action="export_csv"):
    return client.post(reverse(CHANGELIST_URL), {"action": action, "_selected_action": pks, "index": 0})


def test_admin_export_includes_drafts_with_the_public_columns(client, editor, portal_data):
    draft = Recommendation.objects.get(roundtable__slug="2016-3-1", number=1)
    Recommendation.objects.filter(pk=draft.pk).update(status=Status.DRAFT, text="=HYPERLINK(evil)")
    response = export_selected(client, [draft.pk])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="gfmd-recommendations-')
    rows = list(csv.reader(io.StringIO(body_of(response).decode())))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2
    assert rows[1][COLUMNS.index("id")] == str(draft.pk)
    assert rows[1][COLUMNS.index("text")] == "'=HYPERLINK(evil)"


def test_admin_export_for_excel_starts_with_a_byte_order_mark(client, editor, portal_data):
    body = body_of(export_selected(client, [1], action="export_csv_excel"))
    assert body.startswith(b"\xef\xbb\xbfid,year,")


def test_roundtable_export_holds_its_recommendations(client, editor, portal_data):
    rt = Roundtable.objects.get(slug="2016-3-2")
    response = client.post(
        reverse("admin:roundtables_roundtable_changelist"),
        {"action": "export_recommendations_csv", "_selected_action": [rt.pk], "index": 0},
    )
    rows = list(csv.DictReader(io.StringIO(body_of(response).decode())))
    assert len(rows) == rt.recommendations.count() > 0
    assert {row["roundtable"] for row in rows} == {"2016-3-2"}


TRICKY_TEXTS = [
    "-starts with a dash",
    "'quoted from the first character'",
    "=SUM(A1:A3)",
    "+plus, @at and a comma",
    'Line one\nline two with "quotes"',
    "Ünïcødé · “typographic” — and 中文",
]


@pytest.fixture
def tricky(portal_data):
    recs = list(Recommendation.objects.order_by("pk")[: len(TRICKY_TEXTS)])
    for rec, text in zip(recs, TRICKY_TEXTS, strict=True):
        rec.text = text
        rec.source_excerpt = "-" + text
        rec.save()
    return recs


@pytest.mark.parametrize("query", ["", "?bom=1"])
def test_public_export_imports_back_unchanged(client, tricky, query):
    body = body_of(client.get(reverse("exports:csv") + query))
    before = snapshot()
    report = recommendation_import_file(data=body, dry_run=False)
    assert report.ok
    assert report.counts[Action.UNCHANGED] == Recommendation.objects.public().count()
    assert report.counts[Action.UPDATE] == report.counts[Action.CREATE] == 0
    assert snapshot() == before
    texts = list(
        Recommendation.objects.filter(pk__in=[r.pk for r in tricky]).order_by("pk").values_list("text", flat=True)
    )
    assert texts == TRICKY_TEXTS


def test_admin_export_imports_back_unchanged_through_the_admin(client, editor, tricky):
    Recommendation.objects.filter(pk=tricky[0].pk).update(status=Status.DRAFT)
    body = body_of(export_selected(client, list(Recommendation.objects.values_list("pk", flat=True))))
    before = snapshot()
    preview = upload(client, body, name="export.csv")
    assert preview.context["counts"][Action.UNCHANGED] == Recommendation.objects.count()
    assert preview.context["to_write"] == 0
    assert b'name="confirm"' not in preview.content
    assert snapshot() == before


def test_export_edit_import_changes_only_the_edited_row(client, editor, tricky):
    body = body_of(export_selected(client, list(Recommendation.objects.values_list("pk", flat=True))))
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    rows[2]["text"] = "Edited in the spreadsheet"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    report = recommendation_import_file(data=out.getvalue().encode(), dry_run=False)
    assert report.counts[Action.UPDATE] == 1
    assert [o.changes for o in report.outcomes if o.action == Action.UPDATE] == [["text"]]
    assert Recommendation.objects.get(pk=int(rows[2]["id"])).text == "Edited in the spreadsheet"


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        if hasattr(response, "streaming_content"):
            body_of(response)
    assert response.status_code == 200
    return len(queries)


def make_recommendations(n):
    roundtable = factories.roundtable()
    theme = factories.theme("labour")
    factories.role(roundtable)
    return [factories.recommendation(roundtable, number=i + 1, themes=[theme]) for i in range(n)]


def test_changelist_queries_do_not_grow_with_rows(client, editor):
    recs = make_recommendations(1)
    one = count_queries(client, "get", reverse(CHANGELIST_URL))
    for i in range(49):
        factories.recommendation(recs[0].roundtable, number=100 + i)
    assert Recommendation.objects.count() == 50
    assert count_queries(client, "get", reverse(CHANGELIST_URL)) == one


def test_admin_export_queries_do_not_grow_with_rows(client, editor):
    recs = make_recommendations(1)
    data = {"action": "export_csv", "_selected_action": [r.pk for r in recs], "index": 0}
    one = count_queries(client, "post", reverse(CHANGELIST_URL), data)
    recs += [factories.recommendation(recs[0].roundtable, number=100 + i) for i in range(49)]
    data["_selected_action"] = [r.pk for r in recs]
    assert count_queries(client, "post", reverse(CHANGELIST_URL), data) == one
