"""The admin's lists at 1280 px in a real Chromium: every column on screen, texts readable, nothing cut mid-word."""

import pytest

from recommendations.models import Recommendation
from roundtables.models import KeyPoint, Practice, RoundtableRole

from .browser_support import browser_fixture, officer_fixture, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

COLUMNS_OF = {
    "recommendations/recommendation": ["reference", "short_text", "roundtable_code", "status", "updated"],
    "roundtables/keypoint": ["number", "heading", "roundtable_code"],
    "roundtables/practice": ["title", "country", "roundtable_code", "number"],
    "roundtables/roundtablerole": ["holder", "role", "roundtable_code", "order"],
    "alignment/alignment": ["reference", "gcm_objective", "sdg_target", "short_rationale", "aligned_by", "aligned_on"],
}


def column_boxes(page, names):
    return {name: page.locator(f"#result_list thead th.column-{name}").bounding_box() for name in names}


@pytest.mark.parametrize("model", sorted(COLUMNS_OF))
def test_every_column_of_the_list_is_on_screen_at_1280(officer, model):
    page = officer
    assert page.goto(f"/admin/{model}/").status == 200
    assert page.locator("#result_list tbody tr").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280, "the page scrolls sideways"
    for name, box in column_boxes(page, COLUMNS_OF[model]).items():
        assert box is not None, f"no {name} column"
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, f"{name} column is off screen: {box}"


def test_the_recommendation_text_reads_in_a_few_lines_and_the_roundtable_is_its_short_code(officer):
    page = officer
    page.goto("/admin/recommendations/recommendation/")
    text_box = page.locator("#result_list thead th.column-short_text").bounding_box()
    roundtable_box = page.locator("#result_list thead th.column-roundtable_code").bounding_box()
    assert text_box["width"] >= 350, text_box
    assert roundtable_box["width"] <= 160, roundtable_box
    line_height = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#result_list td.field-short_text')).lineHeight)"
    )
    tallest = max(cell.bounding_box()["height"] for cell in page.locator("#result_list td.field-short_text").all()[:20])
    assert tallest <= 5 * line_height + 16, f"a text cell takes {tallest / line_height:.1f} lines"
    assert_roundtable_shown_by_code(page, Recommendation)


def test_text_excerpts_end_at_a_word_boundary(officer):
    page = officer
    page.goto("/admin/recommendations/recommendation/?all=")
    texts = {r.pk: r.text for r in Recommendation.objects.all()}
    checked = 0
    for row in page.locator("#result_list tbody tr").all():
        pk = int(row.locator("input[name=_selected_action]").get_attribute("value"))
        shown = row.locator("td.field-short_text, th.field-short_text").inner_text()
        full = " ".join(texts[pk].split())
        if shown.endswith("…"):
            head = shown[:-1]
            assert full.startswith(head) and full[len(head)] in " ,;:.", f"cut mid-word: {shown!r}"
            checked += 1
        else:
            assert shown == full
    assert checked > 0, "no long text in the fixtures to check"


def assert_roundtable_shown_by_code(page, model):
    """The list's row of the model's first record names its roundtable as "RT 3.2 · 2016"."""
    page.goto(f"/admin/{model._meta.app_label}/{model._meta.model_name}/?all=")
    record = model.objects.select_related("roundtable__summit").order_by("pk").first()
    row = page.locator(f"#result_list tr:has(input[value='{record.pk}'])")
    expected = f"RT {record.roundtable.code} · {record.roundtable.summit.year}"
    assert row.locator("td.field-roundtable_code").inner_text() == expected


@pytest.mark.parametrize("model", [KeyPoint, Practice, RoundtableRole])
def test_record_lists_name_roundtables_by_code(officer, model):
    assert_roundtable_shown_by_code(officer, model)
