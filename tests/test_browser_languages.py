"""Delegates who read French or Spanish, in a real headless Chromium whose preferred language is theirs."""

import csv
import io
import re

import pytest
from django.utils import translation

from roundtables.models import Roundtable, Theme

from .browser_support import browser_fixture, new_page, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def tr(language, message):
    with translation.override(language):
        translated = translation.gettext(message)
    assert translated != message
    return translated


def test_a_french_speaking_delegate_filters_by_a_theme_and_exports_in_french(browser, served, tmp_path):
    theme = Theme.objects.get(slug="labour-mobility")
    context, page = new_page(browser, served, locale="fr-FR", accept_downloads=True)
    page.goto("/")
    page.wait_for_url(re.compile(r"/fr/$"))
    assert page.locator("html").get_attribute("lang") == "fr"

    page.get_by_role("navigation", name=tr("fr", "Main")).get_by_role("link", name=tr("fr", "Recommendations")).click()
    page.wait_for_url(re.compile(r"/fr/recommendations/$"))
    page.get_by_label(re.compile("^" + re.escape(theme.name_fr))).check()
    page.get_by_role("button", name=tr("fr", "Apply filters")).click()
    page.wait_for_url(re.compile(r"/fr/recommendations/\?(.*&)?theme=labour-mobility"))
    chip = page.locator(".chip")
    assert chip.count() == 1 and theme.name_fr in chip.inner_text()
    results = page.locator(".result")
    shown = results.count()
    assert shown >= 1
    # Recommendation texts have no French yet: each says so, and is marked as English.
    assert page.locator(".result-text span[lang=en] + .untranslated").count() == shown
    assert page.locator(".untranslated").first.inner_text() == tr("fr", "not yet translated")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=tr("fr", "Export CSV"), exact=True).click()
    download = download_info.value
    assert "-fr-" in download.suggested_filename and download.suggested_filename.endswith(".csv")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == shown
    assert list(rows[0])[:4] == ["id", "year", "session", "roundtable"]
    assert all("labour-mobility" in row["themes"].split("; ") for row in rows)
    for row in rows:
        assert row["roundtable_title"] == Roundtable.objects.get(slug=row["roundtable"]).title_fr
    assert all(row["url"].startswith(served + "/fr/recommendations/") for row in rows)
    context.close()


def test_a_spanish_speaking_delegate_browses_in_spanish_and_switches_to_french_on_the_same_page(browser, served):
    theme = Theme.objects.get(slug="human-rights")
    context, page = new_page(browser, served, locale="es-ES")
    page.goto("/")
    page.wait_for_url(re.compile(r"/es/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("link", name=tr("es", "Skip to main content")).count() == 1

    page.get_by_role("link", name=re.compile("^" + re.escape(theme.name_es))).first.click()
    page.wait_for_url(re.compile(r"/es/recommendations/\?theme=human-rights$"))
    assert theme.name_es in page.locator(".chip").inner_text()
    # Texts that exist only in English are marked in Spanish.
    assert page.locator(".untranslated").first.inner_text() == tr("es", "not yet translated")
    spanish_ids = page.locator(".result-title a").evaluate_all("links => links.map(a => a.pathname)")

    page.get_by_role("navigation", name=tr("es", "Language")).get_by_role("link", name="Français").click()
    page.wait_for_url(re.compile(r"/fr/recommendations/\?theme=human-rights$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(".chip").inner_text().count(theme.name_fr) == 1
    french_ids = page.locator(".result-title a").evaluate_all("links => links.map(a => a.pathname)")
    assert [p.replace("/fr/", "/es/") for p in french_ids] == spanish_ids
    assert page.locator(".untranslated").first.inner_text() == tr("fr", "not yet translated")
    context.close()
