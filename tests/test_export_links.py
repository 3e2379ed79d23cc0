"""The list page's export links carry the current filters, never the page."""

import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from .export_data import build, csv_ids, list_ids

TEMPLATE = "recommendations/_export_links.html"


def links(query):
    request = RequestFactory().get(f"/en/recommendations/?{query}")
    html = render_to_string(TEMPLATE, {"request": request}, request=request)
    return {unescape(text): unescape(href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)}


def test_links_carry_the_filters_but_not_the_page():
    found = links("theme=labour&theme=climate&country=PHL&page=3&q=border+control")
    assert found["Export CSV"] == "/recommendations/export.csv?theme=labour&theme=climate&country=PHL&q=border+control"
    assert (
        found["Export JSON"] == "/recommendations/export.json?theme=labour&theme=climate&country=PHL&q=border+control"
    )
    assert found["Export CSV for Excel"] == (
        "/recommendations/export.csv?theme=labour&theme=climate&country=PHL&q=border+control&bom=1"
    )


def test_links_without_filters_are_the_bare_addresses():
    found = links("page=2")
    assert found["Export CSV"] == "/recommendations/export.csv"
    assert found["Export JSON"] == "/recommendations/export.json"
    assert found["Export CSV for Excel"] == "/recommendations/export.csv?bom=1"


def test_link_values_are_escaped_in_the_html():
    request = RequestFactory().get("/en/recommendations/", {"q": '"><script>alert(1)</script>'})
    html = render_to_string(TEMPLATE, {"request": request}, request=request)
    assert "<script>" not in html


@pytest.mark.django_db
def test_following_the_csv_link_gives_the_rows_of_the_list(client):
    build()
    query = "theme=labour&country=PHL&page=2"
    href = links(query)["Export CSV"]
    assert "page" not in href
    assert csv_ids(client.get(href)) == list_ids(client, {"theme": "labour", "country": "PHL"})
