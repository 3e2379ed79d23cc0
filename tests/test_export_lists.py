"""The export's stored list cells (export/lists.py), which the stored lines join: kept right on
every write, read again only where a write touched them, and the exports' bytes are the ORM
path's."""

import json

import pytest
from django.db import connection
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommendations import facet_changes, facet_index
from recommendations.export import lists, orm, streams, writers
from recommendations.filters import RecommendationFilter
from recommendations.models import ExportLists, ExportListsState, Recommendation
from roundtables.models import Country, Organisation, Roundtable, Theme

from . import factories
from .export_data import build
from .test_facet_cache import WRITES, build_world, fixture_loaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


NAMES = [column.name for column in lists.LIST_COLUMNS]
BASE = "http://testserver"


def expected():
    """{id: {list: values}} of every recommendation with a list value, read by the ORM path."""
    found = {}
    for record in orm.records(Recommendation._base_manager.order_by("pk"), BASE):
        values = {name: record[name] for name in NAMES}
        if any(values.values()):
            found[record["id"]] = values
    return found


def stored():
    """{id: {list: values}} as ExportLists holds them, each row's two forms checked against each other."""
    found = {}
    for row in ExportLists.objects.order_by("pk"):
        values = {name: json.loads(getattr(row, f"{name}_json")) for name in NAMES}
        for name, listed in values.items():
            assert getattr(row, f"{name}_csv") == writers.csv_line([listed]).removesuffix("\n")
        found[row.pk] = values
    return found


def existing(found):
    """Rows of recommendations that still exist (a deleted one's row is dropped on a later refresh)."""
    ids = set(Recommendation._base_manager.values_list("pk", flat=True))
    return {pk: values for pk, values in found.items() if pk in ids}


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_after_every_write_the_stored_lists_are_the_databases(client, world, write, tmp_path):
    lists.refresh()
    assert stored() == expected()
    write(client, world, *([tmp_path] if write is fixture_loaded else []))
    lists.refresh()
    assert existing(stored()) == expected()


def test_a_change_of_links_reads_again_only_the_recommendations_it_touched(world):
    assert lists.refresh() > 0  # the first refresh reads every list
    assert lists.refresh() == 0
    world["r3"].themes.add(Theme.objects.get(slug="climate"))
    world["r1"].actors.clear()
    assert lists.refresh() == 2
    assert stored() == expected()


def holding(slug):
    return set(Theme.objects.get(slug=slug).recommendations.values_list("pk", flat=True))


def test_a_renamed_theme_reorders_the_lists_it_is_in_and_reads_no_other(world):
    lists.refresh()
    r1 = world["r1"].pk
    assert stored()[r1]["themes"] == ["labour", "trafficking"]  # by name: "labour" < "trafficking"
    Theme.objects.filter(slug="trafficking").update(name="Aaa: trafficking first")
    assert lists.refresh() == len(holding("trafficking")) == 1  # its lists alone
    assert stored()[r1]["themes"] == ["trafficking", "labour"]
    assert stored() == expected()
    Theme.objects.filter(slug="climate").update(slug="climate-change")
    assert lists.refresh() == len(holding("climate-change")) == 2
    assert stored() == expected()


def test_a_name_that_keeps_its_place_and_a_write_that_changes_nothing_read_no_list(world):
    lists.refresh()
    before = stored()
    Theme.objects.filter(slug="labour").update(name="Labour mobility")  # still between Climate and Trafficking
    assert lists.refresh() == 0
    Theme.objects.filter(slug="labour").update(description="Changed", name=F("name"))
    assert lists.refresh() == 0
    assert stored() == before == expected()


def test_values_changed_in_more_than_half_the_lists_read_every_list(world, monkeypatch):
    lists.refresh()
    read_all = []
    real = lists._read_all
    monkeypatch.setattr(lists, "_read_all", lambda *args: read_all.append(True) or real(*args))
    Theme.objects.filter(slug="labour").update(slug="labour-mobility")
    assert len(holding("labour-mobility")) > len(expected()) // 2
    assert lists.refresh() == len(expected())
    assert read_all == [True]
    assert stored() == expected()


def test_a_state_kept_without_vocabularies_reads_every_list_when_a_reference_changes(world):
    lists.refresh()
    ExportListsState.objects.update(vocabularies={})
    Theme.objects.filter(slug="trafficking").update(name="Aaa: trafficking first")
    assert lists.refresh() == len(expected())
    assert stored() == expected()


ORDERS = st.lists(st.integers(0, 30), unique=True, max_size=25)


@settings(max_examples=300, deadline=None)
@given(before=ORDERS, shuffle=st.randoms(use_true_random=False), renamed=st.sets(st.integers(0, 30)))
def test_the_values_outside_the_changed_ones_keep_their_order_and_are_fewest(before, shuffle, renamed):
    """Every list made of values not in changed_values() reads the same before and after; and no
    smaller set would do (the values kept are a longest run in the same order)."""
    now = before[:]
    shuffle.shuffle(now)
    now = [pk for pk in now if pk % 5] + [31]  # some values removed, one added
    old_rows = [[pk, f"v{pk}"] for pk in before]
    new_rows = [[pk, f"v{pk}" + ("!" if pk in renamed else "")] for pk in now]
    changed = lists.changed_values(old_rows, new_rows)
    unchanged_old = [row for row in old_rows if row[0] not in changed]
    unchanged_new = [row for row in new_rows if row[0] not in changed]
    assert unchanged_old == unchanged_new
    # The fewest: the values kept are as many as the longest common run of the two orders.
    common = [pk for pk in now if pk in set(before) and (pk not in renamed)]
    place = {pk: i for i, pk in enumerate(before)}
    best = [1] * len(common)
    for i in range(len(common)):
        for j in range(i):
            if place[common[j]] < place[common[i]]:
                best[i] = max(best[i], best[j] + 1)
    assert len(unchanged_new) == max(best, default=0)


def test_when_nothing_changed_a_refresh_reads_three_rows_and_writes_nothing(world):
    lists.refresh()
    with CaptureQueriesContext(connection) as queries:
        assert lists.refresh() == 0
    assert len(queries) == 3
    assert not any(q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")) for q in queries)


def test_reading_every_list_in_ranges_of_ids_gives_the_same_rows(world, monkeypatch):
    monkeypatch.setattr(lists, "RANGE", 2)
    Theme.objects.filter(slug="labour").update(slug="labour-mobility")  # in most lists: every list read again
    assert lists.refresh() == len(expected())
    assert stored() == expected()


def test_a_refresh_rolled_back_with_its_transaction_leaves_the_state_it_found(world):
    from django.db import transaction

    lists.refresh()
    before = stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        world["r3"].themes.add(Theme.objects.get(slug="climate"))
        lists.refresh()
        raise RuntimeError
    assert stored() == before
    assert lists.refresh() == 0  # the rolled-back link left nothing in the log either
    assert stored() == expected()


@pytest.mark.django_db(transaction=True)  # TRUNCATE refuses a table with deferred checks pending
@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is logged on PostgreSQL")
def test_a_truncated_table_of_links_makes_every_list_read_again(world):
    lists.refresh()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Recommendation.actors.through._meta.db_table}")
    assert lists.refresh() == len(expected())
    assert stored() == expected()


# ---------------------------------------------------------------- the exports' bytes


def orm_bytes(queryset, as_json, language):
    if as_json:
        return "".join(writers.json_chunks(orm.records(queryset, BASE, language=language))).encode()
    return "".join(writers.csv_chunks(orm.rows(queryset, BASE, language=language))).encode()


def stream_bytes(queryset, as_json, language):
    stream = (streams.json_stream if as_json else streams.csv_stream)(queryset, BASE, language=language)
    return b"".join(stream)


def filtered(query):
    filterset = RecommendationFilter(QueryDict(query), queryset=Recommendation.objects.public())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


@pytest.mark.parametrize("as_json", [False, True], ids=["csv", "json"])
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "query", ["", "theme=labour&country=PHL", "q=border", "sort=-updated", "year=2018", "q=no+such+words"]
)
def test_the_export_writes_the_orm_paths_bytes(query, as_json, language):
    build()
    Roundtable.objects.filter(code="3.1").update(title_fr="Crises, en français")
    Country.objects.filter(iso3="PHL").update(name_fr="Philippines (les)")
    queryset = filtered(query)
    assert stream_bytes(queryset, as_json, language) == orm_bytes(queryset, as_json, language)


# Text SQLite and PostgreSQL can both store, and texts a spreadsheet would run or that need quoting.
texts = st.text(st.characters(exclude_characters="\0", exclude_categories=("Cs",)), min_size=1)
texts = st.one_of(texts, st.builds(str.__add__, st.sampled_from(list("=+-@\t\r\n'\",")), texts))


@pytest.fixture
def one_recommendation(db):
    rt = factories.roundtable("3.1")
    factories.role(rt, "PHL")
    organisation = Organisation.objects.create(slug="org", name="An organisation", acronym="ORG")
    rt.roles.create(organisation=organisation, role="rapporteur")
    rec = factories.recommendation(rt, themes=[factories.theme("labour")])
    return rec


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts, title=texts, excerpt=st.one_of(st.just(""), texts), name=texts)
def test_any_text_is_written_as_the_orm_path_writes_it(one_recommendation, text, title, excerpt, name):
    rec = one_recommendation
    Recommendation.objects.filter(pk=rec.pk).update(text=text, source_excerpt=excerpt)
    Roundtable.objects.filter(pk=rec.roundtable_id).update(title=title)
    Organisation.objects.update(name=name)
    queryset = Recommendation.objects.filter(pk=rec.pk)
    for as_json in (False, True):
        assert stream_bytes(queryset, as_json, "en") == orm_bytes(queryset, as_json, "en")


def test_rows_logged_for_other_readers_do_not_make_every_list_read_again(world, monkeypatch):
    """Renaming a theme logs its recommendations under the columns a search reads: the lists
    read only the rows of their tables of links, however many others follow."""
    lists.refresh()
    monkeypatch.setattr(facet_changes, "LIMIT", 2)
    Theme.objects.filter(slug="labour").update(name="Labour mobility")  # its 5 recommendations' topics
    world["r3"].themes.add(Theme.objects.get(slug="climate"))
    assert lists.refresh() == 1
    assert stored() == expected()


@pytest.mark.django_db(transaction=True)
def test_rows_pruned_after_the_lists_position_make_every_list_read_again(world, monkeypatch):
    facet_index.uninstall(connection)
    monkeypatch.setattr(facet_changes, "KEEP", 3)
    facet_index.install(connection)
    lists.refresh()
    for slug in ("climate", "trafficking"):
        world["r3"].themes.add(Theme.objects.get(slug=slug))
    Theme.objects.filter(slug="labour").update(name="Labour mobility")
    assert lists.refresh() == len(expected())
    assert stored() == expected()
    facet_index.uninstall(connection)
    monkeypatch.undo()
    facet_index.install(connection)
