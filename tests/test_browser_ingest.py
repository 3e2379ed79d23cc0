"""In a real headless Chromium: an editor brings a summary in, reviews it beside its text and creates the drafts."""

import pytest
from playwright.sync_api import expect

from gfmd_portal.publishing import Status
from recommendations.models import Recommendation
from roundtables.models import Roundtable, SourceDocument
from tests.test_ingest_parser import summary

from .browser_support import browser_fixture, officer_fixture, served_fixture  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser]

LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(event.violatedDirective));
"""


def test_editor_uploads_reviews_and_creates_drafts(officer, tmp_path):
    page = officer
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    path = tmp_path / "session-4-summary.txt"
    path.write_text(summary(80), encoding="utf-8")

    page.goto("/admin/roundtables/sourcedocument/")
    page.get_by_role("link", name="Bring in a summary").click()
    page.set_input_files("#id_file", str(path))
    page.select_option("#id_summit", label="Ninth GFMD Summit")
    page.get_by_role("button", name="Read the summary").click()

    expect(page.get_by_text("Roundtable 1 of 2 (4.1)")).to_be_visible()
    expect(page.locator("#review-progress")).to_have_attribute("value", "1")
    # The document's text, with each proposal's passage highlighted and linked to the proposal.
    span = page.locator("#span-practices-1")
    expect(span).to_have_text("the skills partnership in Morocco")
    span.click()
    expect(page.locator("#proposal-practices-1")).to_be_in_viewport()
    assert page.evaluate("window.__cspViolations") == []
    page.locator("#proposal-practices-1").get_by_label("Reject").check()
    page.locator("#proposal-recommendations-0").get_by_label("Accept").check()
    page.get_by_role("button", name="Save and review the next roundtable").click()

    expect(page.get_by_text("Roundtable 2 of 2 (4.2)")).to_be_visible()
    page.get_by_role("button", name="Save and go on to create the drafts").click()
    expect(page.locator("#ingest-summary")).to_contain_text("4.1")
    page.get_by_role("button", name="Create the drafts").click()
    expect(page.locator(".messagelist")).to_contain_text("Drafts created: 2 roundtables, 6 roles, 3 key points")

    document = SourceDocument.objects.get(file_name="session-4-summary.txt")
    assert document.state == SourceDocument.State.IMPORTED
    first = Roundtable.objects.get(code="4.1", summit__year=2016)
    assert list(first.practices.values_list("country_id", flat=True)) == ["PRT", "PHL"]
    assert first.recommendations.count() == 1
    assert set(Recommendation.objects.filter(source_document=document).values_list("status", flat=True)) == {
        Status.DRAFT
    }
    assert page.goto(f"/roundtables/{first.slug}/").status == 404  # a draft is not public
