"""The facet index's snapshot in the database: a new process starts from it, never from stale data.

A process that reads a part of the index in full writes the index's parts (recommendations/
facet_snapshot.py); a process with no index yet (facet_index.clear() forgets this one's) reads
that row and updates it from the log of changes as it would its own old index. These tests
commit their writes, as the snapshot is only written outside a transaction.
"""

import json
import logging
import zlib

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gfmd_portal.publishing import Status
from recommendations import facet_changes, facet_index, facet_snapshot
from recommendations.models import FacetIndexSnapshot, Recommendation

from . import factories
from .counts_oracle import orm_counts
from .responses import listed
from .test_facet_cache import (
    admin_save_changes_themes,
    build_world,
    counts,
    drop_one_trigger,
    m2m_add,
    queryset_update_unpublishes,
    summit_moves_a_year,
)

committed = pytest.mark.django_db(transaction=True)

LINK_PARTS = {name for name in facet_index.SNAPSHOT_PARTS if name != "rows"}


@pytest.fixture
def world(transactional_db):
    return build_world()


def a_new_process():
    """What a new process has: no index in memory."""
    facet_index.clear()


@committed
def test_a_page_that_reads_the_index_in_full_keeps_a_snapshot(client, world, loads):
    assert not FacetIndexSnapshot.objects.exists()
    listed(client)
    assert set(loads) == set(facet_index.PARTS)
    (snapshot,) = FacetIndexSnapshot.objects.all()
    assert snapshot.position == facet_changes_position()
    # Data, not code: compressed JSON with a part per source of the index that the log updates.
    assert set(json.loads(zlib.decompress(bytes(snapshot.data)))) == set(facet_index.SNAPSHOT_PARTS)


def facet_changes_position():
    return facet_changes.position(connection)


@committed
@pytest.mark.parametrize("query", ["", "theme=labour", "country=PHL&theme=climate", "progress=completed"])
def test_a_new_process_reads_no_part_in_full_and_counts_as_sql_does(client, world, loads, query):
    before = counts(listed(client, query))
    a_new_process()
    loads.clear()
    assert counts(listed(client, query)) == before == orm_counts(query)
    assert set(loads) == {"catalog", "labels"}, "only the small parts a snapshot leaves out are read"


@committed
@pytest.mark.parametrize(
    "write", [m2m_add, queryset_update_unpublishes, admin_save_changes_themes, summit_moves_a_year]
)
def test_a_new_process_after_a_write_updates_the_snapshot_from_the_log(client, world, loads, write):
    listed(client)
    write(client, world)
    a_new_process()
    loads.clear()
    assert counts(listed(client)) == orm_counts()
    assert counts(listed(client, "theme=labour")) == orm_counts("theme=labour")
    read_in_part = {part for parts, _ids in loads.partial for part in parts}
    assert set(loads) - {"catalog", "labels"} == read_in_part, "what changed is read for its recommendations only"


@committed
def test_an_index_kept_in_memory_is_not_written_again(client, world, loads):
    listed(client)
    saved_at = FacetIndexSnapshot.objects.get().saved_at
    m2m_add(client, world)
    listed(client)
    assert loads.partial, "the write was read from the log"
    assert FacetIndexSnapshot.objects.get().saved_at == saved_at, "updates from the log write no snapshot"


@committed
def test_a_snapshot_the_log_cannot_update_is_read_in_full(client, world, loads):
    """Triggers put back after writes they missed: the log cannot say what changed since the snapshot."""
    listed(client)
    drop_one_trigger()
    m2m_add(client, world)
    facet_index.install(connection)
    a_new_process()
    loads.clear()
    assert counts(listed(client)) == orm_counts()
    assert loads.partial == [] and set(loads) >= LINK_PARTS
    assert FacetIndexSnapshot.objects.get().position == facet_changes_position(), "and written again"


@committed
def test_a_snapshot_that_cannot_be_read_is_ignored_and_written_again(client, world, loads, caplog):
    listed(client)
    FacetIndexSnapshot.objects.update(data=b"not a snapshot")
    a_new_process()
    loads.clear()
    with caplog.at_level(logging.WARNING, logger="recommendations.facet_snapshot"):
        assert counts(listed(client)) == orm_counts()
    assert "could not be decoded" in caplog.text
    assert set(loads) == set(facet_index.PARTS)
    assert facet_snapshot.decode(FacetIndexSnapshot.objects.get().data)


@pytest.mark.parametrize(
    "data",
    [
        zlib.compress(b"[1, 2]"),
        zlib.compress(b'{"rows": [["v"], null, []]}'),
        zlib.compress(b'{"theme": [["v"], 3, [[1, "not base64!"]]]}'),
        zlib.compress(b'{"rows": [[1], 3, []]}'),
        zlib.compress(b'{"rows": [["v"], 3, [[1, 2]]]}'),
        b"not compressed",
    ],
    ids=["not-an-object", "no-position", "bad-bits", "versions-not-text", "short-row", "not-compressed"],
)
def test_a_malformed_snapshot_is_refused(data):
    with pytest.raises(ValueError):
        facet_snapshot.decode(data)


@committed
def test_a_snapshot_of_another_release_is_left_alone(client, world, loads, monkeypatch):
    """A release whose index has other parts reads and writes its own row."""
    listed(client)
    monkeypatch.setattr(facet_index, "_snapshot_signature", lambda: ["another release"])
    a_new_process()
    loads.clear()
    assert counts(listed(client)) == orm_counts()
    assert set(loads) == set(facet_index.PARTS)
    assert FacetIndexSnapshot.objects.count() == 2


@committed
def test_an_older_index_does_not_replace_a_later_snapshot(client, world):
    listed(client)
    older = facet_index.index_for(connection.alias)
    m2m_add(client, world)
    facet_index.install(connection)  # every part read in full, from later in the log
    listed(client)
    later = FacetIndexSnapshot.objects.get()
    assert not facet_index.save_snapshot(connection, older)
    assert FacetIndexSnapshot.objects.get().data == later.data


@committed
def test_the_snapshot_holds_the_index_as_it_was_read(client, world):
    listed(client)
    index = facet_index.index_for(connection.alias)
    parts = facet_index.load_snapshot(connection)
    assert parts == {name: index.parts[name] for name in facet_index.SNAPSHOT_PARTS}


@pytest.mark.django_db
def test_no_snapshot_is_written_inside_a_transaction(client):
    """Its data could still be rolled back: only a page outside a transaction writes one."""
    facet_index.clear()
    factories.recommendation(factories.roundtable("3.1", factories.session(factories.summit(2016))), 1, "Text")
    listed(client)
    assert not FacetIndexSnapshot.objects.exists()


@committed
def test_a_snapshot_that_cannot_be_written_leaves_the_page_as_it_is(client, world, caplog, monkeypatch):
    def refused(*args, **kwargs):
        raise facet_snapshot.DatabaseError("read-only database")

    monkeypatch.setattr(FacetIndexSnapshot.objects, "using", refused)
    with caplog.at_level(logging.WARNING, logger="recommendations.facet_snapshot"):
        assert counts(listed(client)) == orm_counts()
    assert "could not be written" in caplog.text


@committed
def test_a_new_process_takes_the_same_queries_whatever_the_size(client, world):
    def new_process_queries():
        """A status changed since the snapshot was written: a new process reads the rows of one roundtable."""
        FacetIndexSnapshot.objects.all().delete()
        a_new_process()
        listed(client)
        Recommendation.objects.filter(pk=world["r1"].pk).update(status=Status.DRAFT)
        a_new_process()
        with CaptureQueriesContext(connection) as captured:
            listed(client)
        Recommendation.objects.filter(pk=world["r1"].pk).update(status=Status.PUBLISHED)
        return len(captured)

    small = new_process_queries()
    with transaction.atomic():
        for number in range(10, 60):
            factories.recommendation(world["rt32"], number, themes=[world["labour"]])
    assert new_process_queries() == small
