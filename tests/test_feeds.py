"""An Atom feed of any filtered list, with the list's own parameters, linked from the list."""

import xml.etree.ElementTree as ET

import pytest

from gfmd_portal.publishing import Status

from . import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def recs(db):
    labour, climate = factories.theme("labour"), factories.theme("climate")
    roundtable = factories.roundtable()
    return {
        "labour": factories.recommendation(roundtable, 1, "Open labour pathways", themes=[labour]),
        "climate": factories.recommendation(roundtable, 2, "Plan for climate displacement", themes=[climate]),
        "draft": factories.recommendation(roundtable, 3, "Draft labour idea", themes=[labour], status=Status.DRAFT),
    }


def feed(client, query=""):
    response = client.get(f"/en/recommendations/feed/?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - the portal's own response


def test_feed_of_a_filtered_list_holds_exactly_its_public_recommendations(client, recs):
    root = feed(client, "theme=labour")
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}summary").text for e in entries] == ["Open labour pathways"]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/en/recommendations/{recs['labour'].pk}/"
    assert entry.find(f"{ATOM}title").text == "Roundtable 3.1 (2016), recommendation 1"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Labour"]


def test_feed_names_its_filters_and_links_back_to_the_same_list(client, recs):
    root = feed(client, "theme=labour&q=pathways")
    assert root.find(f"{ATOM}title").text == "GFMD roundtable recommendations: search “pathways”; Theme: Labour"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"] == "http://testserver/en/recommendations/?theme=labour&q=pathways"
    assert links["self"] == "http://testserver/en/recommendations/feed/?theme=labour&q=pathways"


def test_unfiltered_feed_lists_newest_first(client, recs):
    from recommendations.models import Recommendation

    Recommendation.objects.filter(pk=recs["labour"].pk).update(updated_at="2030-01-01T00:00:00Z")
    summaries = [e.find(f"{ATOM}summary").text for e in feed(client).findall(f"{ATOM}entry")]
    assert summaries == ["Open labour pathways", "Plan for climate displacement"]


def test_feed_with_an_unknown_value_is_a_bad_request_that_says_why(client, recs):
    response = client.get("/en/recommendations/feed/?theme=nope&year=abc")
    assert response.status_code == 400
    text = response.content.decode()
    assert "theme: No theme called “nope”." in text and "year: year must be a number, not “abc”." in text


def test_list_page_links_its_feed_in_the_head_and_visibly(client, recs):
    html = client.get("/en/recommendations/?theme=labour&theme=nope&page=1").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/en/recommendations/feed/?theme=labour"' in html
    assert '<a class="feed-link" href="/en/recommendations/feed/?theme=labour" type="application/atom+xml">' in html


def test_control_characters_in_a_search_still_give_well_formed_xml(client, recs):
    root = feed(client, "q=labour%1B")
    assert root.find(f"{ATOM}title").text == "GFMD roundtable recommendations: search “labour”"
