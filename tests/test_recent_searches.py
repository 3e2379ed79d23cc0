"""Searches kept while what they read is unchanged (recommendations/recent_searches.py).

A search's matches are kept under the versions of the columns a search reads, of the list's rows
and of its roundtables (facet_index.search_versions()): a save that changes none of them keeps
every search, and any write that changes what a search finds, or the order it lists it in, has
the next page search again and list what the database now holds.
"""

import pytest
from django.db import connection
from django.db.models import F

from gfmd_portal.publishing import Status
from recommendations import facet_index, fts, search
from recommendations.models import Recommendation
from roundtables.models import Roundtable, Theme

from . import factories
from .responses import listed, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    facet_index.clear()
    rt1 = factories.roundtable("3.1", factories.session(factories.summit(2016), number=3))
    rt2 = factories.roundtable("1.1", factories.session(factories.summit(2017), number=1))
    tides = factories.theme("tides")
    return {
        "a": factories.recommendation(rt1, 1, "Remittances to families at home"),
        "b": factories.recommendation(rt1, 2, "Remittances and the diaspora's savings"),
        "c": factories.recommendation(rt2, 1, "Remittances in crises", themes=[tides]),
        "d": factories.recommendation(rt2, 2, "Labour mobility"),
        "rt1": rt1,
        "rt2": rt2,
        "tides": tides,
    }


@pytest.fixture
def searches(monkeypatch):
    """How many times a page searched the database (by relevance, or for the ids alone)."""
    made = []
    for name in ("ranking", "matching_ids_sql"):
        real = getattr(search, name)

        def spied(*args, real=real, name=name, **kwargs):
            made.append(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(search, name, spied)
    return made


def found(client, query="q=remittances"):
    return texts(listed(client, query))


def test_a_save_that_changes_nothing_a_search_reads_keeps_the_search(client, world, searches):
    first = found(client)
    assert searches == ["ranking"]
    Recommendation.objects.filter(pk=world["a"].pk).update(editorial_note="Checked against the PDF")
    world["b"].made_by = Recommendation.MadeBy.PARTICIPANTS
    world["b"].save()
    assert found(client) == first
    assert found(client, "q=remittances&page=1") == first
    assert searches == ["ranking"], "no search of the database after saves of other columns"


@pytest.mark.parametrize("sort", ["relevance", "-updated"])
def test_a_text_edited_is_searched_again(client, world, searches, sort):
    found(client, f"q=seaweed&sort={sort}")
    Recommendation.objects.filter(pk=world["d"].pk).update(text="Seaweed farming for coastal migrants")
    assert found(client, f"q=seaweed&sort={sort}") == ["Seaweed farming for coastal migrants"]
    assert len(searches) == 2


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_translation_edited_is_searched_again(client, world, language):
    path = f"/{language}/recommendations/?q=algues"
    assert client.get(path).context["total"] == 0
    Recommendation.objects.filter(pk=world["d"].pk).update(**{f"text_{language}": "Culture des algues"})
    assert client.get(path).context["total"] == 1


def test_a_theme_renamed_is_searched_again(client, world):
    """The names of what a recommendation is about are columns the triggers rewrite (topics.py)."""
    assert found(client, "q=moonlight") == []
    Theme.objects.filter(pk=world["tides"].pk).update(name="Moonlight")
    assert found(client, "q=moonlight") == ["Remittances in crises"]


def test_a_status_changed_is_searched_again(client, world):
    assert len(found(client)) == 3
    Recommendation.objects.filter(pk=world["b"].pk).update(status=Status.DRAFT)
    assert "Remittances and the diaspora's savings" not in found(client)
    Roundtable.objects.filter(pk=world["rt2"].pk).update(status=Status.DRAFT)
    assert found(client) == ["Remittances to families at home"]


def test_a_number_changed_reorders_equal_ranks(client, world):
    """PostgreSQL lists equal ranks in roundtable order, so a number changed moves them; SQLite's
    index lists them by id, which a number does not change."""
    Recommendation.objects.filter(pk__in=[world["a"].pk, world["b"].pk]).update(text="Remittances at home")
    before = found(client)
    assert before[:2] == ["Remittances at home", "Remittances at home"]
    ids = [r.pk for r in listed(client, "q=remittances").context["recommendations"]][:2]
    Recommendation.objects.filter(pk=ids[0]).update(number=9)
    after = [r.pk for r in listed(client, "q=remittances").context["recommendations"]][:2]
    assert after == (ids[::-1] if connection.vendor == "postgresql" else sorted(ids))


def test_a_new_recommendation_is_found(client, world):
    found(client)
    factories.recommendation(world["rt2"], 3, "Remittances sent by mobile phone")
    assert "Remittances sent by mobile phone" in found(client)


def test_a_rebuild_of_the_search_index_searches_again(client, world, searches):
    found(client)
    fts.rebuild(connection)
    facet_index.mark_changed(connection, Recommendation._meta.db_table)
    found(client)
    assert len(searches) == 2


def test_what_a_search_reads_is_versioned(world):
    """The columns of SQLite's search index, which PostgreSQL's stored vectors cover too, are all in
    the group whose version keeps the searches."""
    assert set(fts.COLUMNS) <= set(facet_index.SEARCHED.fields)
    versions = facet_index.read_versions(connection)
    before = facet_index.search_versions(versions)
    Recommendation.objects.filter(pk=world["a"].pk).update(updated_at=F("updated_at"))
    assert facet_index.search_versions(facet_index.read_versions(connection)) == before
    Recommendation.objects.filter(pk=world["a"].pk).update(source_excerpt="A new excerpt")
    assert facet_index.search_versions(facet_index.read_versions(connection)) != before
