"""Line breaks are stored as LF by every path in: forms, saves, updates, the import, and old rows by migration."""

import types

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import RequestFactory

from gfmd_portal.admin_base import UnchangedSaveAdmin
from gfmd_portal.fields import LineBreakCharField, normalise_newlines, repair_line_breaks
from recommendations.importer import recommendation_import_file
from recommendations.models import Recommendation
from roundtables.models import KeyPoint
from tests import factories
from tests.admin_support import make_user

PORTAL_APPS = ("roundtables", "recommendations", "alignment")


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        # Slugs, addresses and e-mail addresses have validators that refuse any line break.
        # simple-history's own columns (history_change_reason, ...) are written by the portal's code.
        if field.get_internal_type() in {"CharField", "TextField"}
        and not field.primary_key
        and not field.choices
        and not field.name.startswith("history_")
    ]


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test's own names
        return cursor.fetchone()[0]


def test_normalise_newlines_turns_crlf_and_lone_cr_into_lf():
    assert normalise_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert normalise_newlines("\r\n\r\n") == "\n\n"
    assert normalise_newlines(None) is None


# The export's stored lists and lines (export/lists.py, export/lines.py) and the facet index's
# snapshot (facet_snapshot.py) are written by the portal alone, from slugs, numbers, hashes and
# texts already stored (normalised).
WRITTEN_BY_THE_PORTAL = {"ExportLists", "ExportListsState", "ExportLine", "ExportLinesState", "FacetIndexSnapshot"}


@pytest.mark.parametrize(
    "model",
    [
        m
        for label in PORTAL_APPS
        for m in apps.get_app_config(label).get_models()
        if m.__name__ not in WRITTEN_BY_THE_PORTAL
    ],
)
def test_every_text_field_of_every_model_normalises_line_breaks(model):
    for field in text_fields(model):
        assert field.to_python("a\r\nb") == "a\nb", f"{model.__name__}.{field.name}"
        assert field.get_prep_value("a\rb") == "a\nb", f"{model.__name__}.{field.name}"


def admin_forms(request):
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        yield model_admin, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline, inline.get_formset(request).form


@pytest.mark.django_db
def test_every_admin_form_and_inline_normalises_its_text_fields():
    request = RequestFactory().get("/admin/")
    request.user = make_user("superuser")
    checked = 0
    for owner, form in admin_forms(request):
        model = form._meta.model
        for field in text_fields(model):
            if field.name in form.base_fields:
                form_field = form.base_fields[field.name]
                assert isinstance(form_field, LineBreakCharField), f"{owner}: {field.name}"
                assert form_field.clean("x\r\ny") == "x\ny"
                checked += 1
    assert checked > 30


def test_every_admin_of_the_portal_skips_saves_that_change_nothing():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in PORTAL_APPS:
            assert isinstance(model_admin, UnchangedSaveAdmin), model_admin


@pytest.mark.django_db
def test_verbatim_text_keeps_its_surrounding_whitespace_in_forms():
    request = RequestFactory().get("/admin/")
    request.user = make_user("superuser")
    form = admin.site._registry[Recommendation].get_form(request)
    assert form.base_fields["source_excerpt"].clean("  made by member states\r\n") == "  made by member states\n"


@pytest.mark.django_db
def test_a_save_and_an_update_store_lf():
    rec = factories.recommendation(factories.roundtable(), number=1, text="one\r\ntwo")
    assert raw("recommendations_recommendation", "text", rec.pk) == "one\ntwo"
    assert rec.text == "one\ntwo"
    Recommendation.objects.filter(pk=rec.pk).update(source_excerpt="three\rfour")
    assert raw("recommendations_recommendation", "source_excerpt", rec.pk) == "three\nfour"


@pytest.mark.django_db
def test_an_imported_row_that_differs_only_by_crlf_is_unchanged(portal_data):
    rec = Recommendation.objects.filter(source_excerpt__contains="\n").order_by("pk").first()
    cells = {
        "id": str(rec.pk),
        "roundtable": rec.roundtable.slug,
        "number": str(rec.number),
        "text": rec.text.replace("\n", "\r\n"),
        "source_excerpt": rec.source_excerpt.replace("\n", "\r\n"),
    }
    header = ",".join(cells)
    line = ",".join('"' + value.replace('"', '""') + '"' for value in cells.values())
    report = recommendation_import_file(data=f"{header}\r\n{line}\r\n".encode(), dry_run=True, user=None)
    assert [outcome.action for outcome in report.outcomes] == ["unchanged"], report.outcomes


@pytest.mark.django_db
def test_the_repair_turns_stored_crlf_into_lf_in_records_and_their_history(portal_data):
    rec = Recommendation.objects.order_by("pk").first()
    point = KeyPoint.objects.order_by("pk").first()
    version = rec.history.order_by("history_id").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE recommendations_recommendation SET text = %s WHERE id = %s", ["a\r\nb\rc", rec.pk])
        cursor.execute(
            "UPDATE recommendations_historicalrecommendation SET source_excerpt = %s WHERE history_id = %s",
            ["d\r\ne", version.history_id],
        )
        cursor.execute("UPDATE roundtables_keypoint SET heading = %s WHERE id = %s", ["f\r\ng", point.pk])
    editor = types.SimpleNamespace(connection=connection)
    for label in PORTAL_APPS:
        repair_line_breaks(label)(apps, editor)
    assert raw("recommendations_recommendation", "text", rec.pk) == "a\nb\nc"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT source_excerpt FROM recommendations_historicalrecommendation WHERE history_id = %s",
            [version.history_id],
        )
        assert cursor.fetchone()[0] == "d\ne"
    assert raw("roundtables_keypoint", "heading", point.pk) == "f\ng"


@pytest.mark.parametrize("label", PORTAL_APPS)
def test_each_app_has_a_migration_that_repairs_its_stored_line_breaks(label):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    repairs = [
        operation
        for (app, _name), migration in loader.disk_migrations.items()
        if app == label
        for operation in migration.operations
        if getattr(getattr(operation, "code", None), "app_label", None) == label
    ]
    assert len(repairs) == 1


def test_a_stored_title_with_surrounding_spaces_sent_back_unchanged_is_no_change():
    field = LineBreakCharField(max_length=100)
    assert not field.has_changed("Governance of migration ", "Governance of migration ")
    assert not field.has_changed("one\ntwo", "one\r\ntwo")
    assert field.has_changed("Governance of migration", "Governance of mobility")
