"""The open-data page and the API's documentation in Chromium, on a desk and on a phone."""

import io

import pytest
from django.core.management import call_command

from .browser_support import browser_fixture, new_page, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def built(settings, tmp_path, served):
    settings.OPEN_DATA_ROOT = tmp_path / "opendata"
    call_command("build_open_data", base_url=served, stdout=io.StringIO())
    return served


def visit(browser, base_url, path, width):
    context, page = new_page(browser, base_url, width=width, height=800)
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    response = page.goto(path, wait_until="load")
    assert response.status == 200, path
    assert page.url.endswith(path), page.url
    problems += page.evaluate("window.__cspViolations")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return context, page, problems, overflow


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", ["/en/data/", "/fr/data/", "/es/data/", "/en/api/", "/es/api/"])
def test_the_page_shows_without_console_errors_or_overflow(browser, built, path, width):
    context, page, problems, overflow = visit(browser, built, path, width)
    try:
        assert problems == []
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert page.locator("h1").count() == 1
        # The portal's stylesheet applied.
        assert page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    finally:
        context.close()


def test_a_visitor_downloads_the_zip_whose_sha256_the_page_shows(browser, built, tmp_path):
    import hashlib

    context, page = new_page(browser, built, accept_downloads=True)
    try:
        page.goto("/en/data/")
        shown = page.locator(".checksum").first.inner_text().strip()
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV files (ZIP)").click()
        target = tmp_path / "downloaded.zip"
        download.value.save_as(target)
        assert hashlib.sha256(target.read_bytes()).hexdigest() == shown
        assert download.value.suggested_filename.startswith("gfmd-open-data-")
    finally:
        context.close()


def test_the_documentation_reaches_the_schema(browser, built):
    context, page = new_page(browser, built)
    try:
        page.goto("/api/")
        page.get_by_role("link", name="/api/v1/openapi.json").click()
        assert '"openapi"' in page.content()
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_or_critical_axe_violations(browser, built, width):
    from axe_playwright_python.sync_playwright import Axe

    context, page = new_page(browser, built, width=width)
    axe = Axe()
    try:
        found = {}
        for path in ("/en/data/", "/es/data/", "/en/api/", "/fr/api/"):
            page.goto(path)
            violations = axe.run(page).response["violations"]
            serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                found[path] = serious
        assert found == {}
    finally:
        context.close()
