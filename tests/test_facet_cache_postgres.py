"""On PostgreSQL, writers of the counted tables take the version rows in one order: they wait, never deadlock."""

import threading

import pytest
from django.db import connection, connections, transaction

from recommendations import facet_index
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
    errors, started = [], threading.Event()

    def delete():
        try:
            with transaction.atomic():
                started.set()
                links.objects.filter(recommendation_id=deleted.pk).delete()
                Recommendation.objects.filter(pk=deleted.pk).delete()
        except Exception as error:  # reported to the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    with transaction.atomic():
        Recommendation.objects.filter(pk=kept.pk).update(text="Saved")
        other = threading.Thread(target=delete)
        other.start()
        assert started.wait(10)
        for _ in range(200):  # until the deletion waits for this transaction's lock
            if waiting_for_a_lock():
                break
            threading.Event().wait(0.05)
        else:
            pytest.fail("the deletion did not wait for the save")
        links.objects.create(recommendation_id=kept.pk, theme_id=climate.pk)
    other.join(30)
    assert not other.is_alive() and errors == []
    assert not Recommendation.objects.filter(pk=deleted.pk).exists()
    assert set(Recommendation.objects.get(pk=kept.pk).themes.values_list("slug", flat=True)) == {"labour", "climate"}
    assert facet_index.read_versions(connection) is not None
