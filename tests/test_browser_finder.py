"""The list page on a 375 x 812 phone and a 1280 desktop, with and without JavaScript; the coverage table."""

import re

import pytest

from .browser_support import browser_fixture, new_page, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812, "is_mobile": True, "has_touch": True}
FILTERED = "/{lang}/recommendations/?theme=human-rights&year=2016&roundtable=2016-3-2"
FILTER_BUTTON = {"en": "Filter (3 active)", "fr": "Filtrer (3 actifs)", "es": "Filtrar (3 activos)"}


def top_of_first_result(page):
    return page.locator(".result").first.evaluate("el => el.getBoundingClientRect().top")


def in_view(locator, height=812):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_first_result_starts_on_the_first_screen(browser, served, javascript):
    context, page = new_page(browser, served, java_script_enabled=javascript, **PHONE)
    try:
        for lang in ("en", "fr", "es"):
            for path in (
                f"/{lang}/recommendations/",
                FILTERED.format(lang=lang),
                f"/{lang}/recommendations/?q=migrants",
            ):
                page.goto(path)
                assert page.evaluate("scrollY") == 0
                assert top_of_first_result(page) < 812 - 60, path  # its title, at least, is on screen
                assert not page.locator("#filters").is_visible(), path
                assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_filter_button_shows_the_count_opens_the_panel_and_apply_is_in_view(browser, served, javascript):
    context, page = new_page(browser, served, java_script_enabled=javascript, **PHONE)
    try:
        for lang, label in FILTER_BUTTON.items():
            page.goto(FILTERED.format(lang=lang))
            # A real button with JavaScript; without it a link to the panel, styled as the same button.
            toggle = page.get_by_role("button" if javascript else "link", name=label, exact=True)
            assert toggle.is_visible()
            assert toggle.evaluate("el => getComputedStyle(el).display") != "inline"
            if javascript:
                assert toggle.get_attribute("aria-expanded") == "false"
            toggle.click()
            panel = page.locator("#filters")
            panel.wait_for(state="visible")
            if javascript:
                assert toggle.get_attribute("aria-expanded") == "true"
            apply = panel.locator(".filter-actions button[type=submit]")
            assert in_view(apply), f"Apply is on screen as soon as the panel opens ({lang})"
            panel_height = panel.evaluate("el => el.getBoundingClientRect().height")
            assert panel_height > 812, "the panel is longer than the screen, yet Apply is in view"
            page.mouse.wheel(0, 500)
            page.wait_for_timeout(100)
            assert in_view(apply), "Apply stays in view while the panel scrolls"
        page.goto(FILTERED.format(lang="en"))
        page.get_by_role("button" if javascript else "link", name="Filter (3 active)").click()
        page.locator("#facet-theme").get_by_text(re.compile(r"^Show all \d+ themes$")).click()
        page.get_by_label(re.compile(r"^Trafficking and smuggling")).check()
        page.locator("#filters .filter-actions button[type=submit]").click()
        page.wait_for_url(re.compile(r"theme=trafficking-and-smuggling"))
        assert page.get_by_role("button" if javascript else "link", name="Filter (4 active)").is_visible()
        assert top_of_first_result(page) < 812
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_phone_hide_filters_closes_the_panel(browser, served):
    context, page = new_page(browser, served, **PHONE)
    try:
        page.goto(FILTERED.format(lang="en"))
        toggle = page.get_by_role("button", name="Filter (3 active)")
        toggle.click()
        page.get_by_role("link", name="Hide filters").click()
        assert not page.locator("#filters").is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert toggle.evaluate("el => el === document.activeElement")
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_desktop_every_theme_is_visible_or_one_show_all_away(browser, served, javascript):
    context, page = new_page(browser, served, width=1280, height=900, java_script_enabled=javascript)
    try:
        page.goto("/en/recommendations/")
        assert page.get_by_role("button", name="Filter", exact=True).count() == 0
        assert not page.locator(".filter-toggle").is_visible()
        theme = page.locator("#facet-theme")
        options = theme.locator(".facet-option")
        assert options.count() == 13
        visible = [options.nth(i).is_visible() for i in range(13)]
        assert visible == [True] * 6 + [False] * 7
        theme.get_by_text("Show all 13 themes").click()
        for i in range(13):
            option = options.nth(i)
            assert option.is_visible()
            # Not cut by a scroll box: the option's whole box is inside the facet's box.
            assert option.evaluate(
                "el => { const f = el.closest('.facet-fieldset').getBoundingClientRect();"
                " const o = el.getBoundingClientRect(); return o.top >= f.top && o.bottom <= f.bottom; }"
            )
        assert theme.get_by_text("Show fewer").is_visible()
        page.get_by_label(re.compile(r"^Women, children and migrants")).check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"theme=vulnerable-migrants"))
        assert page.locator("#facet-theme .facet-more").get_attribute("open") is not None
        assert page.get_by_label(re.compile(r"^Women, children and migrants")).is_visible()
        assert top_of_first_result(page) < 900
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_coverage_table_scrolls_in_its_box_on_a_phone_with_its_first_column_in_place(browser, served):
    context, page = new_page(browser, served, **PHONE)
    try:
        for lang in ("en", "fr", "es"):
            page.goto(f"/{lang}/coverage/")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, lang
            box = page.locator(".matrix-scroll")
            assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the table itself is wider: it scrolls"
        first_header = page.locator(".matrix thead th").first
        first_row = page.locator(".matrix tbody th").first
        before = (first_header.bounding_box()["x"], first_row.bounding_box()["x"])
        page.locator(".matrix-scroll").evaluate("el => { el.scrollLeft = 400; }")
        page.wait_for_timeout(100)
        assert page.locator(".matrix-scroll").evaluate("el => el.scrollLeft") > 0
        after = (first_header.bounding_box()["x"], first_row.bounding_box()["x"])
        # Sticky cells may settle half a pixel over, onto the box's border; scrolled away they would be 400 off.
        assert abs(after[0] - before[0]) <= 1 and abs(after[1] - before[1]) <= 1, (before, after)
    finally:
        context.close()
