"""axe-core (bundled with axe-playwright-python, so no network) finds nothing serious on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browser_support import browser_fixture, new_page, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

PAGES = [
    "/en/",
    "/en/recommendations/",
    "/en/recommendations/?q=trafficking&theme=human-rights&theme=nope",
    "/en/recommendations/?q=zzzzzz",
    "/en/recommendations/1/",
    "/en/roundtables/",
    "/en/roundtables/2016-3-1/",
    "/en/countries/PHL/",
    "/en/themes/human-rights/",
    "/fr/recommendations/?theme=labour-mobility&q=migrants",
    "/fr/recommendations/1/",
    "/es/",
    "/es/roundtables/2016-3-1/",
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_or_critical_axe_violations(browser, served, width):
    context, page = new_page(browser, served, width=width)
    axe = Axe()
    try:
        found = {}
        for path in PAGES:
            page.goto(path)
            results = axe.run(page)
            serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
            if serious:
                found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
            assert results.response["testEngine"]["version"].startswith("4.")
        assert found == {}
    finally:
        context.close()
