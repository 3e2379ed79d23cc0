"""A delegate's path through the portal in a real headless Chromium, on a desktop and on a phone."""

import re

import pytest

from .browser_support import browser_fixture, new_page, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def find_trafficking_cite_and_reopen(page, narrow):
    page.goto("/en/")
    page.get_by_label("Search the recommendations").fill("trafficking")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/en/recommendations/\?q=trafficking$"))
    count = page.locator("#result-count")
    assert re.search(r"\d+ recommendations?", count.inner_text())
    first_total = int(re.search(r"(\d+)", count.inner_text()).group(1))
    assert first_total >= 2

    if narrow:
        # On a phone the filters start folded away so the results come first.
        assert not page.locator("#filters").is_visible()
        page.get_by_role("button", name="Filter").click()
    option = page.get_by_label(re.compile(r"^Trafficking and smuggling"))
    if not option.is_visible():  # among the themes folded under "Show all"
        page.locator("#facet-theme .facet-more > summary").click()
    option.check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"theme=trafficking-and-smuggling"))
    assert "q=trafficking" in page.url and "year=" not in page.url, "empty fields are left out of the address"
    assert page.locator(".chip", has_text="Trafficking and smuggling").count() == 1
    assert page.locator(".result").count() == int(re.search(r"(\d+)", count.inner_text()).group(1))
    assert page.locator(".result mark").first.inner_text().lower() == "trafficking"

    link = page.locator(".result-title a").first
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/en/recommendations/\d+/$"))
    assert page.locator("h1").inner_text() == title
    permalink = page.url

    page.get_by_role("button", name="Copy link").click()
    page.locator(".copy-done", has_text="Copied").first.wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == permalink

    page.goto("about:blank")
    page.goto(copied)
    assert page.locator("h1").inner_text() == title
    assert page.locator("mark.source-excerpt").count() == 1
    return page


@pytest.mark.django_db(transaction=True)
def test_delegate_searches_narrows_opens_copies_and_reopens_on_a_desktop(browser, served):
    context, page = new_page(browser, served)
    try:
        find_trafficking_cite_and_reopen(page, narrow=False)
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_the_same_on_a_375_pixel_phone(browser, served):
    context, page = new_page(browser, served, width=375, height=800, is_mobile=True, has_touch=True)
    try:
        page = find_trafficking_cite_and_reopen(page, narrow=True)
        for path in ("/en/", "/en/recommendations/?q=trafficking", page.url, "/en/roundtables/2016-3-2/"):
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_filters_work_without_javascript(browser, served):
    context, page = new_page(browser, served, java_script_enabled=False)
    try:
        page.goto("/en/recommendations/")
        page.get_by_label(re.compile(r"^Human rights and protection")).check()
        page.get_by_role("button", name="Apply filters").click()
        assert "theme=human-rights" in page.url
        assert re.match(r"6 recommendations", page.locator("#result-count").inner_text())
        page.get_by_role("link", name=re.compile("Remove filter")).click()
        assert re.match(r"17 recommendations", page.locator("#result-count").inner_text())
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_keyboard_user_can_skip_to_the_content_and_sees_where_focus_is(browser, served):
    context, page = new_page(browser, served)
    try:
        page.goto("/en/recommendations/")
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert skip.evaluate("el => el === document.activeElement")
        assert skip.evaluate("el => el.getBoundingClientRect().left >= 0"), "the skip link shows when focused"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
        assert outline != "none" or shadow != "none"
    finally:
        context.close()
