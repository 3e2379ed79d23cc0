"""The follow-up dashboard in Chromium: readable at desktop and phone widths, and axe finds nothing."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from followup.models import FollowUp
from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Country

from .browser_support import browser_fixture, new_page, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_the_dashboard_has_no_axe_violations_and_fits_the_screen(browser, served, width):
    recommendations = list(Recommendation.objects.public().order_by("pk")[:3])
    for rec, progress in zip(recommendations, ["planned", "under-way", "completed"], strict=True):
        FollowUp.objects.create(
            recommendation=rec,
            country=Country.objects.get(iso3="PHL"),
            date=datetime.date(2018, 6, 1),
            progress=progress,
            title=f"Action on {rec.pk}",
            status=Status.PUBLISHED,
        )
    context, page = new_page(browser, served, width=width)
    try:
        for path in ("/en/follow-up/", "/fr/follow-up/", f"/es/recommendations/{recommendations[0].pk}/"):
            page.goto(path)
            results = Axe().run(page)
            assert [v["id"] for v in results.response["violations"]] == [], path
            # Nothing wider than the screen: the charts scale with it.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        page.goto("/en/follow-up/")
        assert page.locator("ul.chart-bars").count() >= 4
        page.locator("#chart-progress-title ~ ul a").last.click()
        assert "progress=completed" in page.url
        assert page.locator("#results").count() or page.locator("main").count()
    finally:
        context.close()
