"""On PostgreSQL, writers of the counted tables take the version rows in one order: they wait, never deadlock."""

import threading

import pytest
from django.db import connection, connections, transaction

from recommendations import facet_changes, facet_index
from recommendations.models import Recommendation

from . import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="statement-level triggers are PostgreSQL's"),
]


def waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def race(first, other, then, failure):
    """In one transaction `first()`; meanwhile `other()` in another thread's transaction, which must
    wait for this one's lock; then `then()` and commit. Both must commit."""
    errors, started = [], threading.Event()

    def run():
        try:
            with transaction.atomic():
                started.set()
                other()
        except Exception as error:  # reported to the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        first()
        thread = threading.Thread(target=run)
        thread.start()
        assert started.wait(10)
        for _ in range(200):  # until the other transaction waits for this one's lock
            if waiting_for_a_lock():
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail(failure)
        then()
    thread.join(30)
    assert not thread.is_alive() and errors == []


def test_a_save_and_a_deletion_writing_tables_in_opposite_orders_both_commit():
    """A save writes the recommendation then its links; a deletion writes links then the recommendation.

    With one version row per table locked as each table is written, each would hold the row the
    other needs next: a deadlock, and one of them refused. Locking every version row at a
    transaction's first write, always in the same order, makes the second wait for the first.
    """
    roundtable = factories.roundtable()
    labour, climate = factories.theme("labour"), factories.theme("climate")
    kept = factories.recommendation(roundtable, 1, "Kept", themes=[labour])
    deleted = factories.recommendation(roundtable, 2, "Deleted", themes=[labour])
    links = Recommendation.themes.through

    def delete():
        links.objects.filter(recommendation_id=deleted.pk).delete()
        Recommendation.objects.filter(pk=deleted.pk).delete()

    race(
        lambda: Recommendation.objects.filter(pk=kept.pk).update(text="Saved"),
        delete,
        lambda: links.objects.create(recommendation_id=kept.pk, theme_id=climate.pk),
        "the deletion did not wait for the save",
    )
    assert not Recommendation.objects.filter(pk=deleted.pk).exists()
    assert set(Recommendation.objects.get(pk=kept.pk).themes.values_list("slug", flat=True)) == {"labour", "climate"}
    assert facet_index.read_versions(connection) is not None


def logged(recommendation):
    """The seqs of the log's rows of a recommendation's theme links."""
    table = Recommendation.themes.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq FROM {facet_changes.TABLE} WHERE recommendation_id = %s AND table_name = %s",  # noqa: S608
            [recommendation.pk, table],
        )
        return [seq for (seq,) in cursor.fetchall()]


def test_the_log_of_changes_numbers_writes_in_the_order_they_commit():
    """A writer of links waiting for another's transaction takes its seq after that one committed.

    Otherwise a page could read a later seq before an earlier one committed, and never read the
    earlier one: its part would hold links the database no longer has.
    """
    roundtable = factories.roundtable()
    labour = factories.theme("labour")
    first = factories.recommendation(roundtable, 1, "First")
    second = factories.recommendation(roundtable, 2, "Second")
    links = Recommendation.themes.through
    race(
        lambda: Recommendation.objects.filter(pk=first.pk).update(text="Saved first"),
        lambda: links.objects.create(recommendation_id=second.pk, theme_id=labour.pk),
        lambda: links.objects.create(recommendation_id=first.pk, theme_id=labour.pk),
        "the second writer did not wait for the first",
    )
    assert max(logged(first)) < min(logged(second))


def test_a_truncate_of_links_reloads_the_facet_in_full():
    from django.test import Client

    roundtable = factories.roundtable()
    labour = factories.theme("labour")
    factories.recommendation(roundtable, 1, "Labour", themes=[labour])
    client = Client()
    facet_index.clear()
    assert client.get("/en/recommendations/").context["counts"].index.totals["theme"] == {labour.pk: 1}
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(Recommendation.themes.through._meta.db_table)}")
    assert client.get("/en/recommendations/").context["counts"].index.totals["theme"] == {}
