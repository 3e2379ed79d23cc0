"""In a real headless Chromium: an editor logs in, corrects a draft recommendation, publishes it, and reads it."""

import os

import pytest
from django.db import connections
from playwright import sync_api as playwright_sync

from gfmd_portal.publishing import Status
from tests import factories
from tests.admin_support import make_user
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page():
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(15_000)
        yield page
        # Inside sync_playwright the ORM works in a context of its own, with its own database
        # connection; close it here, or the test database cannot be dropped after the run.
        connections.close_all()
        browser.close()


@pytest.mark.browser
def test_editor_corrects_publishes_and_sees_it_on_the_public_page(live_server, page):
    roundtable = factories.roundtable(status=Status.PUBLISHED)
    draft = factories.recommendation(roundtable, number=1, text="Protect migrnats in crisis", status=Status.DRAFT)
    make_user("editor", username="officer")
    public_url = f"{live_server.url}{draft.get_absolute_url()}"
    assert page.goto(public_url).status == 404

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    playwright_sync.expect(page.locator("#portal-links")).to_contain_text("Open the public site")

    page.goto(f"{live_server.url}/admin/recommendations/recommendation/{draft.pk}/change/")
    page.fill("#id_text", "Protect migrants in crisis")
    page.click("input[name=_save]")
    playwright_sync.expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert page.goto(public_url).status == 404  # saved, still a draft

    page.goto(f"{live_server.url}/admin/recommendations/recommendation/")
    page.check(f"input[name=_selected_action][value='{draft.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    playwright_sync.expect(page.locator(".messagelist")).to_contain_text("1 record published.")

    assert page.goto(public_url).status == 200
    playwright_sync.expect(page.locator("main")).to_contain_text("Protect migrants in crisis")
    history = draft.history.order_by("history_date")
    assert [v.history_user.username if v.history_user else None for v in history][-2:] == ["officer", "officer"]
    assert history.last().status == Status.PUBLISHED
