"""Only published records of published roundtables are public, wherever they would appear."""

import pytest

from gfmd_portal.publishing import Status

from . import factories
from .responses import body

pytestmark = pytest.mark.django_db


def test_recommendation_detail_without_passage_in_source_shows_the_excerpt_alone(client, db):
    recommendation = factories.recommendation(source_excerpt="A passage typed in by hand.")
    html = body(client.get(recommendation.get_absolute_url()))
    assert '<mark class="source-excerpt">A passage typed in by hand.</mark>' in html
    assert "not in the summary held by the portal" in html


def test_draft_recommendations_and_those_of_draft_roundtables_are_not_found(client, db):
    draft = factories.recommendation(status=Status.DRAFT)
    hidden_roundtable = factories.roundtable(code="3.9", status=Status.DRAFT)
    in_draft_roundtable = factories.recommendation(roundtable_obj=hidden_roundtable)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(in_draft_roundtable.get_absolute_url()).status_code == 404
    listed = body(client.get("/en/recommendations/"))
    assert "0 recommendations" in listed


def test_drafts_are_left_out_of_lists_facets_feeds_and_theme_pages(client, db):
    theme = factories.theme("labour")
    public = factories.recommendation(text="Published words", themes=[theme])
    factories.recommendation(roundtable_obj=public.roundtable, text="Draft words", status=Status.DRAFT, themes=[theme])
    hidden_roundtable = factories.roundtable(code="3.9", status=Status.DRAFT)
    factories.role(hidden_roundtable, "SWE")
    factories.recommendation(roundtable_obj=hidden_roundtable, text="Hidden roundtable words", themes=[theme])
    for path in (
        "/en/recommendations/",
        "/en/recommendations/?theme=labour",
        "/en/themes/labour/",
        "/en/recommendations/feed/",
    ):
        html = body(client.get(path))
        assert "Published words" in html, path
        assert "Draft words" not in html and "Hidden roundtable words" not in html, path
    listed = body(client.get("/en/recommendations/"))
    assert "1 recommendation" in listed
    assert "Sweden" not in listed  # the draft roundtable's country is no facet option
    assert client.get("/en/recommendations/?roundtable=2016-3-9").status_code == 200
    assert "No published roundtable called" in body(client.get("/en/recommendations/?roundtable=2016-3-9"))
    assert client.get("/en/roundtables/2016-3-9/").status_code == 404


def test_country_page_leaves_out_roles_in_draft_roundtables(client, db):
    hidden_roundtable = factories.roundtable(code="3.9", status=Status.DRAFT, title="Hidden roundtable")
    factories.role(hidden_roundtable, "SWE")
    html = body(client.get("/en/countries/SWE/"))
    assert "Hidden roundtable" not in html
    assert "No roles recorded in published roundtables." in html
