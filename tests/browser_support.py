"""Headless Chromium for the browser tests, and the real fixtures served by a live server."""

import os

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module", name="browser")
def browser_fixture():
    # Playwright's sync API runs an event loop in this thread; the test's own database work
    # (loading and flushing fixtures) is synchronous and safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(name="served")
def served_fixture(browser, live_server, transactional_db):
    """The live server's address, with the real fixtures loaded."""
    call_command("load_initial_data", verbosity=0)
    return live_server.url


def new_page(browser, base_url, width=1280, height=900, **options):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        base_url=base_url,
        permissions=["clipboard-read", "clipboard-write"],
        **options,
    )
    return context, context.new_page()


@pytest.fixture(name="officer")
def officer_fixture(browser, served):
    """A page at 1280 px logged into the admin as an editor of the secretariat."""
    from tests.admin_support import make_user

    make_user("editor", username="officer")
    context, page = new_page(browser, served, width=1280, height=900)
    page.goto("/admin/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#portal-links")
    yield page
    context.close()
