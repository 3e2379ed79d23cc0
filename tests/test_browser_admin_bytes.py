"""In a real Chromium: an admin save keeps every byte it did not change, and a revert restores the exact bytes.

Browsers send a textarea's line breaks as CRLF; the stored texts use LF. These tests submit the
real admin forms and compare the public CSV export's bytes before and after.
"""

import csv
import io
import re
import urllib.request

import pytest
from django.contrib.admin.models import LogEntry

from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Theme

from .browser_support import browser_fixture, officer_fixture, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def export_bytes(base_url):
    with urllib.request.urlopen(f"{base_url}/recommendations/export.csv") as answer:  # noqa: S310 - live server
        return answer.read()


def export_rows(data):
    return {row["id"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8")))}


def multi_line_recommendation():
    rec = Recommendation.objects.filter(source_excerpt__contains="\n").order_by("pk").first()
    assert rec is not None, "the fixtures have no excerpt over several lines"
    return rec


def test_saving_without_a_change_writes_nothing(officer, served):
    rec = multi_line_recommendation()
    before = export_bytes(served)
    versions, log_entries, stamp = rec.history.count(), LogEntry.objects.count(), rec.updated_at

    officer.goto(f"/admin/recommendations/recommendation/{rec.pk}/change/")
    sent = officer.evaluate("document.querySelector('#id_source_excerpt').value")
    assert "\n" in sent
    officer.click("input[name=_save]")
    officer.wait_for_selector(".messagelist")

    assert export_bytes(served) == before
    rec.refresh_from_db()
    assert rec.updated_at == stamp
    assert rec.history.count() == versions
    assert LogEntry.objects.count() == log_entries


def test_changing_only_the_themes_changes_only_the_themes(officer, served):
    rec = multi_line_recommendation()
    stored_excerpt = Recommendation.objects.values_list("source_excerpt", flat=True).get(pk=rec.pk)
    before = export_rows(export_bytes(served))
    added = Theme.objects.exclude(pk__in=rec.themes.values("pk")).order_by("name").first()

    officer.goto(f"/admin/recommendations/recommendation/{rec.pk}/change/")
    officer.click(".field-themes .select2-selection")
    officer.keyboard.type(added.name[:12])
    officer.locator(".select2-results__option", has_text=added.name).click()
    # The autocomplete's last request answered first: the test server's threads share one
    # in-memory SQLite connection, and a save running beside it can lose its savepoints.
    officer.wait_for_load_state("networkidle")
    officer.click("input[name=_save]")
    officer.wait_for_selector(".messagelist")

    after = export_rows(export_bytes(served))
    assert Recommendation.objects.values_list("source_excerpt", flat=True).get(pk=rec.pk) == stored_excerpt
    assert "\r" not in after[str(rec.pk)]["source_excerpt"]
    changed = {name for name, value in after[str(rec.pk)].items() if before[str(rec.pk)][name] != value}
    assert changed == {"themes", "updated_at"}
    assert {pk: row for pk, row in after.items() if pk != str(rec.pk)} == {
        pk: row for pk, row in before.items() if pk != str(rec.pk)
    }
    latest = rec.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "Changed themes"


def test_an_inline_key_point_saved_from_its_roundtable_keeps_its_line_breaks(officer, served):
    point = KeyPoint.objects.filter(source_excerpt__contains="\n").order_by("pk").first()
    stored = point.source_excerpt
    versions = point.history.count()
    officer.goto(f"/admin/roundtables/roundtable/{point.roundtable_id}/change/")
    officer.click("input[name=_save]")
    officer.wait_for_selector(".messagelist")
    point.refresh_from_db()
    assert point.source_excerpt == stored
    assert point.history.count() == versions


def test_a_revert_restores_the_exact_bytes_of_the_version(officer, served):
    rec = multi_line_recommendation()
    original = Recommendation.objects.values_list("text", "source_excerpt").get(pk=rec.pk)
    first_version = rec.history.order_by("history_date", "history_id").first()

    officer.goto(f"/admin/recommendations/recommendation/{rec.pk}/change/")
    officer.fill("#id_text", "A first line\nand a second line, edited")
    officer.fill("#id_source_excerpt", "An edited\npassage")
    # No longer the summary's passage: the link to its span in the document goes.
    officer.select_option("#id_source_document", "")
    officer.fill("#id_source_start", "")
    officer.fill("#id_source_end", "")
    officer.click("input[name=_save]")
    officer.wait_for_selector(".messagelist")
    assert Recommendation.objects.values_list("text", "source_excerpt").get(pk=rec.pk) == (
        "A first line\nand a second line, edited",
        "An edited\npassage",
    )

    officer.goto(f"/admin/recommendations/recommendation/{rec.pk}/history/{first_version.history_id}/")
    officer.click("input[name=_save]")
    officer.wait_for_selector(".messagelist")
    assert re.search("reverted|changed", officer.inner_text(".messagelist"), re.IGNORECASE)
    assert Recommendation.objects.values_list("text", "source_excerpt").get(pk=rec.pk) == original
