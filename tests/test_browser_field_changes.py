"""In a real headless Chromium: the history page marks the words an edit removed and added, in both themes."""

import os
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright import sync_api as playwright_sync

from tests import factories
from tests.admin_support import form_data, make_user
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

OLD_TEXT = "Reduce the costs of migration and fight trafficking and smuggling."
NEW_TEXT = "Reduce the costs of regular migration and fight trafficking."
TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture
def browser():
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        connections.close_all()
        chromium.close()


def log_in(page, base):
    page.goto(f"{base}/admin/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    playwright_sync.expect(page.locator("#portal-links")).to_be_visible()


def marks(page):
    """Text, background and decoration of the first <del> and <ins> of the history's changes."""
    return page.evaluate(
        """() => ['del', 'ins'].map(tag => {
            const el = document.querySelector('#change-history .field-changes ' + tag);
            const style = getComputedStyle(el);
            return {text: el.textContent, background: style.backgroundColor, color: style.color,
                    line: style.textDecorationLine};
        })"""
    )


def luminance(rgb):
    r, g, b = (int(v) / 255 for v in rgb.removeprefix("rgb(").removesuffix(")").split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.browser
def test_history_page_marks_removed_and_added_words(live_server, browser, tmp_path):
    labour, climate = factories.theme("labour", "Labour mobility"), factories.theme("climate", "Climate change")
    rec = factories.recommendation(text=OLD_TEXT, themes=[labour])
    officer = make_user("editor", username="officer")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    log_in(page, base)
    # The edit goes through the admin's form; themes are an autocomplete widget, so the client posts it.
    editor = Client()
    editor.force_login(officer)
    change = reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    data = form_data(editor.get(change))
    data.update(text=NEW_TEXT, themes=[str(climate.pk)])
    assert editor.post(change, data).status_code == 302

    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{base}/admin/recommendations/recommendation/{rec.pk}/history/")
    latest = page.locator("#change-history tbody > tr").first
    playwright_sync.expect(latest.locator(".field-change-text del")).to_have_text(" and smuggling")
    playwright_sync.expect(latest.locator(".field-change-text ins")).to_have_text("regular ")
    playwright_sync.expect(latest.locator(".field-change-themes del")).to_have_text("Labour mobility")
    playwright_sync.expect(latest.locator(".field-change-themes ins")).to_have_text("Climate change")
    removed, added = marks(page)
    assert removed["line"] == "line-through" and added["line"] == "none"
    assert TRANSPARENT not in (removed["background"], added["background"])
    assert removed["background"] != added["background"]
    assert not [e for e in errors if "Content Security Policy" in e]
    # The page fits 1280 px: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    page.screenshot(path=str(shots / "history-changes-1280.png"), full_page=True)

    # Dark theme: the marks stay dark behind light text, so both stay readable.
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    removed, added = marks(page)
    for mark in (removed, added):
        assert luminance(mark["background"]) < 0.3 < luminance(mark["color"])
    page.screenshot(path=str(shots / "history-changes-1280-dark.png"), full_page=True)
    # The same when the theme follows a dark system setting.
    page.evaluate("document.documentElement.dataset.theme = 'auto'")
    page.emulate_media(color_scheme="dark")
    assert [(m["background"], m["color"]) for m in marks(page)] == [
        (m["background"], m["color"]) for m in (removed, added)
    ]
    context.close()


@pytest.mark.browser
def test_revert_and_import_preview_mark_the_changed_words(live_server, browser, tmp_path):
    labour = factories.theme("labour", "Labour mobility")
    rec = factories.recommendation(text=OLD_TEXT, themes=[labour])
    make_user("editor", username="officer")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    log_in(page, base)
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)

    page.goto(f"{base}/admin/recommendations/recommendation/import/")
    csv = f"id,roundtable,number,text\r\n{rec.pk},{rec.roundtable.slug},{rec.number},{NEW_TEXT}\r\n"
    page.set_input_files("#id_file", files=[{"name": "fix.csv", "mimeType": "text/csv", "buffer": csv.encode()}])
    page.click("#upload-import input[type=submit]")
    row = page.locator("#preview-rows tbody > tr").first
    playwright_sync.expect(row.locator(".field-change-text del")).to_have_text(" and smuggling")
    playwright_sync.expect(row.locator(".field-change-text ins")).to_have_text("regular ")
    page.screenshot(path=str(shots / "import-preview-1280.png"), full_page=True)
    page.click("#confirm-import input[name=confirm]")
    playwright_sync.expect(page.locator(".messagelist")).to_contain_text("1 updated")

    previous = rec.history.order_by("-history_date", "-history_id")[1]
    page.goto(f"{base}/admin/recommendations/recommendation/{rec.pk}/history/{previous.history_id}/")
    section = page.locator(".revert-changes")
    playwright_sync.expect(section.locator("h2")).to_have_text("What the revert will change in the current record")
    playwright_sync.expect(section.locator(".field-change-text del")).to_have_text("regular ")
    playwright_sync.expect(section.locator(".field-change-text ins")).to_have_text(" and smuggling")
    page.screenshot(path=str(shots / "revert-1280.png"), full_page=True)
    context.close()
