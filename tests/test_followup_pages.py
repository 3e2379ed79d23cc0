"""The public side of follow-up: a recommendation's timeline and the dashboard, drafts never shown."""

import datetime

import pytest
from django.utils.html import escape

from followup.models import FollowUp
from gfmd_portal.publishing import Status

from . import factories

pytestmark = pytest.mark.django_db


def entry(rec, progress, status=Status.PUBLISHED, year=2018, title=None):
    return FollowUp.objects.create(
        recommendation=rec,
        country=factories.country("PHL", "Philippines"),
        date=datetime.date(year, 3, 1),
        progress=progress,
        title=title or f"{progress} {rec.number}",
        evidence_url="https://example.org/evidence",
        status=status,
    )


@pytest.fixture
def world(db):
    labour, climate = factories.theme("labour"), factories.theme("climate")
    rt = factories.roundtable("3.1")
    factories.role(rt, "PHL")
    recs = [
        factories.recommendation(rt, 1, themes=[labour]),
        factories.recommendation(rt, 2, themes=[labour, climate]),
        factories.recommendation(rt, 3, themes=[climate]),
        factories.recommendation(rt, 4, themes=[climate]),
    ]
    entry(recs[0], "planned", year=2017)
    entry(recs[0], "completed", year=2019, title="Law adopted")
    entry(recs[1], "under-way", year=2018)
    entry(recs[2], "completed", status=Status.DRAFT, title="A secret draft")
    return recs


def test_the_timeline_shows_published_entries_oldest_first_and_never_drafts(client, world):
    page = client.get(world[0].get_absolute_url()).content.decode()
    assert page.index("planned 1") < page.index("Law adopted")
    assert 'href="https://example.org/evidence"' in page
    draft_page = client.get(world[2].get_absolute_url()).content.decode()
    assert "A secret draft" not in draft_page
    assert "No action has been reported on this recommendation yet." in draft_page


def test_the_dashboard_counts_recommendations_with_a_published_action(client, world):
    response = client.get("/en/follow-up/")
    assert response.status_code == 200
    charts = {chart["key"]: chart for chart in response.context["charts"]}
    assert (response.context["acted_total"], response.context["total"]) == (2, 4)
    assert {row["value"]: row["count"] for row in charts["progress"]["rows"]} == {
        "none": 2,
        "planned": 0,
        "under-way": 1,
        "completed": 1,
    }
    assert {row["value"]: (row["count"], row["total"]) for row in charts["theme"]["rows"]} == {
        "labour": (2, 2),
        "climate": (1, 3),
    }
    years = response.context["years"]["rows"]
    assert [(row["label"], row["new"], row["count"], row["entries"]) for row in years] == [
        ("2017", 1, 1, 1),
        ("2018", 1, 2, 1),
        ("2019", 0, 2, 1),
    ]


def test_each_figure_links_to_the_list_it_counts(client, world):
    page = client.get("/en/follow-up/").content.decode()
    assert escape("/en/recommendations/?progress=completed") in page
    theme_link = "/en/recommendations/?theme=climate&progress=planned&progress=under-way&progress=completed"
    assert escape(theme_link) in page
    listed = client.get(theme_link)
    assert [r.number for r in listed.context["page_obj"].object_list] == [2]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_dashboard_is_served_in_each_language_with_its_data_tables(client, world, language):
    response = client.get(f"/{language}/follow-up/")
    assert response.status_code == 200
    page = response.content.decode()
    # Every chart but the Global Compact's (no alignments here) has bars and its data table.
    assert page.count('<div class="chart-data"><table>') == 5
    assert page.count('<ul class="chart-bars">') == 5
    assert f'lang="{language}"' in page


def test_the_follow_up_export_takes_the_lists_parameters_and_holds_published_entries_only(client, world):
    import csv
    import io

    response = client.get("/recommendations/follow-ups.csv?theme=labour")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(row["title"] for row in rows) == ["Law adopted", "planned 1", "under-way 2"]
    assert {row["reporter"] for row in rows} == {"PHL"}
    climate = client.get("/recommendations/follow-ups.csv?theme=climate")
    assert [row["title"] for row in csv.DictReader(io.StringIO(b"".join(climate.streaming_content).decode()))] == [
        "under-way 2"
    ]
    refused = client.get("/recommendations/follow-ups.csv?theme=nope")
    assert refused.status_code == 400 and "nope" in refused.content.decode()


def test_the_feed_lists_new_published_entries_newest_first(client, world):
    response = client.get("/en/follow-up/feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Law adopted" in body and "A secret draft" not in body
    assert body.index("Law adopted") < body.index("planned 1")
    assert client.get("/en/follow-up/feed/?progress=halfway").status_code == 400


def test_a_chart_with_more_values_than_it_shows_keeps_the_most_acted_upon_each_with_its_link(client, db):
    """Eighteen themes: the theme chart shows the fifteen with most recommendations acted upon, then by name."""
    rt = factories.roundtable("3.1")
    expected = []
    for i in range(18):
        theme = factories.theme(f"t{i:02}")
        acted = i % 6  # 0 to 5 recommendations acted upon, out of 6
        for number in range(6):
            rec = factories.recommendation(rt, themes=[theme])
            if number < acted:
                entry(rec, "planned")
        expected.append((-acted, theme.name, theme.slug))
    expected.sort()
    response = client.get("/en/follow-up/")
    rows = {chart["key"]: chart for chart in response.context["charts"]}["theme"]["rows"]
    assert [(row["value"], row["count"], row["total"]) for row in rows] == [
        (slug, -acted, 6) for acted, _name, slug in expected[:15]
    ]
    page = response.content.decode()
    for _acted, _name, slug in expected[:15]:
        assert (
            escape(f"/en/recommendations/?theme={slug}&progress=planned&progress=under-way&progress=completed") in page
        )
    assert "?theme=t00&" not in page  # none acted upon, among the three left out
