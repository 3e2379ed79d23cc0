"""A search typed into the list's form is ranked by relevance, with and without JavaScript."""

import re

import pytest
from django.test import Client

from .browser_support import browser_fixture, new_page, served_fixture  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def links(html):
    return re.findall(r'<h3 class="result-title"><a href="([^"]+)"', html)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_search_typed_on_the_list_page_is_ranked_by_relevance(browser, served, javascript):
    client = Client()
    ranked = links(client.get("/en/recommendations/", {"q": "migrants rights", "sort": "relevance"}).content.decode())
    in_order = links(
        client.get("/en/recommendations/", {"q": "migrants rights", "sort": "roundtable"}).content.decode()
    )
    assert ranked and ranked != in_order, "the two orders differ for this search"

    context, page = new_page(browser, served, java_script_enabled=javascript)
    page.goto("/en/recommendations/")
    page.fill("#id_q", "migrants rights")
    page.locator(".search-row button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=migrants"))
    assert "sort=roundtable" not in page.url
    assert page.locator("#id_sort").input_value() == ""
    assert page.locator("#id_sort option:checked").inner_text() == "Relevance"
    shown = [a.get_attribute("href") for a in page.locator(".result-title a").all()]
    assert shown == ranked

    # An order chosen from the menu stays chosen for the next search.
    page.select_option("#id_sort", "roundtable")
    if not javascript:
        page.locator("[data-autosubmit-button]").click()
    page.wait_for_url(re.compile(r"sort=roundtable"))
    page.fill("#id_q", "migrants rights")
    page.locator(".search-row button[type=submit]").click()
    page.wait_for_load_state()
    assert "sort=roundtable" in page.url
    assert [a.get_attribute("href") for a in page.locator(".result-title a").all()] == in_order
    context.close()
