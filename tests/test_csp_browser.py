"""Every public page and every admin page works in Chromium under the Content-Security-Policy.

A page that needed an inline script or style, a framed or plugin resource, or a foreign origin
would show a CSP violation in the console; none may appear.
"""

import contextlib
import os

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import sync_playwright

from recommendations.models import Recommendation
from roundtables.models import Framework, Roundtable, Theme
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS

# Playwright's sync API runs an event loop in this thread; Django's ORM calls here are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long admin passphrase"
# Records every violation, including ones Chromium does not print (report-only or in workers).
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""


@contextlib.contextmanager
def chromium_page():
    """A Chromium page that records CSP violations and console messages.

    Open it only after the test's database work: ORM calls made while Playwright's event loop
    runs get a connection of their own that is never closed.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        console = []
        page.on("console", lambda message: console.append(message.text))
        yield page, console
        browser.close()


def visit_and_collect_violations(page, console, url):
    console.clear()
    # Deferred and async scripts have run by the load event.
    response = page.goto(url, wait_until="load")
    violations = page.evaluate("window.__cspViolations")
    violations += [text for text in console if "Content Security Policy" in text]
    return response, violations


def public_paths():
    recommendation = Recommendation.objects.public().order_by("pk").first()
    theme = Theme.objects.order_by("slug").first()
    return [
        "/en/",
        "/en/roundtables/",
        Roundtable.objects.published().order_by("code").first().get_absolute_url(),
        "/en/recommendations/",
        f"/en/recommendations/?q=migration&theme={theme.slug}&sort=-updated",
        recommendation.get_absolute_url(),
        "/en/countries/PHL/",
        theme.get_absolute_url(),
        Framework.objects.order_by("slug").first().get_absolute_url(),
        "/no-such-page/",
    ]


def admin_paths(superuser):
    """The admin's index, and the list, add and change pages of every registered model."""
    paths = ["/admin/", "/admin/password_change/"]
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        paths.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(request):
            paths.append(reverse(f"{info}_add"))
        if first := model.objects.order_by("pk").first():
            paths.append(reverse(f"{info}_change", args=[first.pk]))
    # History pages share one template per kind; one model's are enough.
    recommendation = Recommendation.objects.order_by("pk").first()
    paths.append(reverse("admin:recommendations_recommendation_history", args=[recommendation.pk]))
    version = recommendation.history.order_by("history_id").first()
    paths.append(
        reverse("admin:recommendations_recommendation_simple_history", args=[recommendation.pk, version.history_id])
    )
    return paths


def test_public_pages_run_without_csp_violations(live_server):
    call_command("load_initial_data", verbosity=0)
    paths = public_paths()
    with chromium_page() as (page, console):
        for path in paths:
            response, violations = visit_and_collect_violations(page, console, live_server.url + path)
            assert response.status in (200, 404), path
            assert violations == [], path
            # The stylesheet applied: the header is styled, so 'self' styles are not blocked.
            header_colour = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
            assert header_colour != "rgba(0, 0, 0, 0)", path


def test_admin_pages_run_without_csp_violations(live_server):
    call_command("load_initial_data", verbosity=0)
    superuser = get_user_model().objects.create_superuser("secretariat", "s@example.org", PASSWORD)
    paths = admin_paths(superuser)
    with chromium_page() as (page, console):
        response, violations = visit_and_collect_violations(page, console, f"{live_server.url}/admin/login/")
        assert violations == []
        page.fill("#id_username", "secretariat")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

        for path in paths:
            response, violations = visit_and_collect_violations(page, console, live_server.url + path)
            assert response.status == 200, path
            assert violations == [], path
        # The admin's own scripts ran: theme.js marks the document with the colour theme.
        page.goto(f"{live_server.url}/admin/recommendations/recommendation/")
        assert page.get_attribute("html", "data-theme") == "auto"
