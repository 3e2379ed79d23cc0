"""Facet counts cached under the database's content version: every kind of write shows on the next page.

The list's counts come from an index kept in memory and rebuilt when the version that database
triggers change on every write differs from the one it was built for (recommendations/facet_index.py).
These tests write through each path the portal has, then check that the next page counts the
new data, and that the cached counts equal what SQL counts for the same page.
"""

import datetime
import json
import logging

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Value, When
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alignment.models import Alignment, GcmObjective
from followup.models import FollowUp
from gfmd_portal.publishing import Status
from recommendations import facet_changes, facet_index
from recommendations.filters import RecommendationFilter
from recommendations.importer import recommendation_import
from recommendations.models import Recommendation
from roundtables.models import Actor, Framework, Roundtable, RoundtableRole, Summit

from . import factories
from .admin_support import form_data, make_user
from .counts_oracle import orm_counts
from .responses import listed
from .sqlite_files import migrated_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    """Two summits, three public roundtables and a draft one, public and hidden recommendations."""
    facet_index.clear()
    s2016 = factories.session(factories.summit(2016), number=3)
    s2017 = factories.session(factories.summit(2017), number=1)
    rt31 = factories.roundtable("3.1", s2016)
    rt32 = factories.roundtable("3.2", s2016)
    rt11 = factories.roundtable("1.1", s2017)
    hidden_rt = factories.roundtable("3.3", s2016, status=Status.DRAFT)
    factories.role(rt31, "PHL")
    factories.role(rt31, "MAR", RoundtableRole.Role.RAPPORTEUR)
    factories.role(rt32, "MEX")
    factories.role(rt11, "PHL")
    factories.role(hidden_rt, "SWE")
    labour, climate, trafficking = (factories.theme(slug) for slug in ("labour", "climate", "trafficking"))
    sdgs = Framework.objects.create(slug="sdgs", name="Sustainable Development Goals", short_name="SDGs", kind="agenda")
    states = Actor.objects.create(slug="states", name="States")
    objective = GcmObjective.objects.create(
        number=6, short_title="Fair recruitment", title="Fair", source_reference="x"
    )
    recs = {
        "r1": factories.recommendation(rt31, 1, "Protect migrant workers", themes=[labour, trafficking]),
        "r2": factories.recommendation(rt31, 2, "Plan for climate displacement", themes=[climate]),
        "r3": factories.recommendation(rt32, 1, "Open labour pathways", themes=[labour]),
        "r4": factories.recommendation(rt11, 1, "Labour and climate", themes=[labour, climate]),
        "draft": factories.recommendation(rt32, 2, "Draft on labour", themes=[labour], status=Status.DRAFT),
        "in_hidden": factories.recommendation(hidden_rt, 1, "Labour, hidden roundtable", themes=[labour]),
    }
    recs["r1"].frameworks.add(sdgs)
    recs["r1"].actors.add(states)
    recs["r3"].actors.add(states)
    Alignment.objects.create(recommendation=recs["r1"], gcm_objective=objective, rationale="Recruitment")
    # Progress: r1 completed (its planned entry is behind), r3 planned; a draft entry and an entry
    # on a hidden recommendation count for nothing on the list.
    for rec, progress, status in [
        ("r1", "planned", Status.PUBLISHED),
        ("r1", "completed", Status.PUBLISHED),
        ("r3", "planned", Status.PUBLISHED),
        ("r2", "completed", Status.DRAFT),
        ("in_hidden", "under-way", Status.PUBLISHED),
    ]:
        follow_up(recs[rec], progress, status)
    return {**recs, "rt31": rt31, "rt32": rt32, "rt11": rt11, "hidden_rt": hidden_rt, "labour": labour}


def follow_up(rec, progress, status=Status.PUBLISHED):
    return FollowUp.objects.create(
        recommendation=rec,
        country=factories.country("PHL"),
        date=datetime.date(2018, 1, 1),
        progress=progress,
        title=f"{progress} on {rec.number}",
        status=status,
    )


def counts(response):
    """{facet: {value: count}} as the page shows them (chosen values with no rows left out), and the total."""
    shown = {f.name: {o.value: o.count for o in f.options if o.count} for f in response.context["facets"]}
    return {**shown, "total": response.context["total"]}


def test_the_index_is_built_once_and_reused_until_a_write(client, world, loads):
    first = counts(listed(client))
    assert set(loads) == set(facet_index.PARTS)
    loads.clear()
    with CaptureQueriesContext(connection) as warm:
        listed(client)
    assert loads == [], "the second page reuses the first page's index"
    assert counts(listed(client, "theme=labour")) == orm_counts("theme=labour")
    assert loads == [], "every filter counts from the same index"
    index = listed(client).context["counts"].index
    Recommendation.objects.filter(pk=world["r2"].pk).update(updated_at=F("updated_at"))
    with CaptureQueriesContext(connection) as after_write:
        response = listed(client)
    assert counts(response) == first
    assert loads == [], "a write to none of the columns the index reads reloads no part of it"
    assert len(after_write) == len(warm), "and takes the queries of a page with the index in memory"
    assert response.context["counts"].index.versions != index.versions, "searches kept for it are not reused"
    Recommendation.objects.filter(pk=world["r2"].pk).update(status=Status.DRAFT)
    assert counts(listed(client))["total"] == first["total"] - 1
    assert loads == ["rows"], "a status changed reloads the rows per roundtable, and nothing else"


def test_a_save_that_rewrites_every_column_reloads_only_what_changed(client, world, loads):
    """Model.save() writes every column; the triggers compare the values, not the columns named."""
    listed(client)
    loads.clear()
    world["r4"].text = "Labour, climate and a new text"
    world["r4"].save()
    listed(client)
    assert loads == []
    world["r4"].status = Status.DRAFT
    world["r4"].save()
    assert counts(listed(client)) == orm_counts()
    assert loads == ["rows"]


def test_an_update_of_many_rows_reloads_the_rows_when_one_of_them_changed(client, world, loads):
    listed(client)
    loads.clear()
    Recommendation.objects.filter(status=Status.PUBLISHED).update(updated_at=F("updated_at"))
    listed(client)
    assert loads == []
    draft = world["draft"].pk
    published = When(pk=draft, then=Value(Status.PUBLISHED))
    Recommendation.objects.all().update(status=Case(published, default=F("status"), output_field=CharField()))
    assert counts(listed(client)) == orm_counts()
    assert loads == ["rows"]


def test_a_search_after_a_text_is_saved_finds_the_new_text(client, world):
    assert listed(client, "q=seaweed").context["total"] == 0
    Recommendation.objects.filter(pk=world["r4"].pk).update(text="Seaweed farming for coastal migrants")
    assert listed(client, "q=seaweed").context["total"] == 1


# The parts a write must reload, at least; on PostgreSQL a statement that writes no row (Django's
# deletion of a recommendation's links it has none of) also changes its table's version. The rows
# per roundtable and the progress facet read columns of the recommendations table, versioned on
# their own: they are reloaded when a write changes their values (a status, a progress that a
# follow-up entry's trigger writes), or inserts or deletes recommendations.
RELOADED = {
    "admin_save_changes_themes": {"theme"},
    "admin_publish_action": {"rows"},
    "queryset_update_unpublishes": {"rows"},
    "importer_adds_a_recommendation": {"rows", "progress", "theme"},
    "importer_changes_only_links": {"theme"},
    "m2m_add": {"theme"},
    "m2m_clear": {"actor"},
    "raw_sql_delete_of_links": {"theme"},
    "delete_a_recommendation": {"rows", "progress", "theme"},
    "roundtable_published": {"catalog"},
    "role_added": {"catalog"},
    "summit_moves_a_year": {"catalog"},
    "alignment_added": {"gcm", "sdg"},
    "fixture_loaded": {"rows", "progress", "theme"},
    "followup_published": {"progress"},
}
# Writes to one table of one part, on both databases.
ONLY = {
    "followup_published",
    "admin_save_changes_themes",
    "admin_publish_action",
    "importer_changes_only_links",
    "queryset_update_unpublishes",
    "m2m_add",
    "m2m_clear",
    "raw_sql_delete_of_links",
    "role_added",
}


def test_counts_come_from_the_index_on_the_list_listed(client, world):
    response = listed(client, "theme=labour&country=PHL")
    assert response.context["counts"].index.versions is not None
    assert counts(response)["theme"] == {"labour": 2, "climate": 2, "trafficking": 1}


# Every way the portal writes: the next page shows the new counts, and they are SQL's counts.


def admin_save_changes_themes(client, world):
    """An editor unticks a theme in the admin's change form (model save, then its M2M)."""
    client.force_login(make_user("superuser"))
    url = reverse("admin:recommendations_recommendation_change", args=[world["r4"].pk])
    data = form_data(client.get(url))
    data["themes"] = [str(world["labour"].pk)]
    assert client.post(url, data).status_code == 302
    client.logout()


def admin_publish_action(client, world):
    """The admin's publish action, a queryset.update() of the selected rows."""
    client.force_login(make_user("superuser"))
    changelist = reverse("admin:recommendations_recommendation_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [world["draft"].pk], "index": 0})
    assert Recommendation.objects.get(pk=world["draft"].pk).status == Status.PUBLISHED
    client.logout()


def queryset_update_unpublishes(client, world):
    Recommendation.objects.filter(pk=world["r3"].pk).update(status=Status.DRAFT)


def importer_adds_a_recommendation(client, world):
    row = {"id": "", "roundtable": "2016-3-2", "number": "7", "text": "Imported on labour", "themes": "labour"}
    report = recommendation_import(rows=[row], dry_run=False)
    assert report.ok and report.applied
    Recommendation.objects.filter(number=7).update(status=Status.PUBLISHED)


def importer_changes_only_links(client, world):
    """The importer's update path: plain SQL on the link table, nothing else touched."""
    row = {
        "id": str(world["r2"].pk),
        "roundtable": "2016-3-1",
        "number": "2",
        "text": "Plan for climate displacement",
        "themes": "climate; trafficking",
    }
    report = recommendation_import(rows=[row], dry_run=False)
    assert report.ok and report.applied, report.all_problems()


def m2m_add(client, world):
    world["r3"].themes.add(world["labour"].__class__.objects.get(slug="climate"))


def m2m_clear(client, world):
    world["r1"].actors.clear()


def raw_sql_delete_of_links(client, world):
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Recommendation.themes.through._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE recommendation_id = %s", [world["r1"].pk])  # noqa: S608


def delete_a_recommendation(client, world):
    world["r2"].delete()


def roundtable_published(client, world):
    Roundtable.objects.filter(pk=world["hidden_rt"].pk).update(status=Status.PUBLISHED)


def role_added(client, world):
    factories.role(world["rt32"], "SWE")


def summit_moves_a_year(client, world):
    Summit.objects.filter(year=2017).update(year=2018)


def alignment_added(client, world):
    Alignment.objects.create(recommendation=world["r3"], gcm_objective=GcmObjective.objects.get(), rationale="Also")


def fixture_loaded(client, world, tmp_path):
    fixture = tmp_path / "more.json"
    record = {
        "model": "recommendations.recommendation",
        "pk": 9000,
        "fields": {
            "roundtable": world["rt11"].pk,
            "number": 9,
            "text": "Loaded from a fixture",
            "status": "published",
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
            "themes": [world["labour"].pk],
        },
    }
    fixture.write_text(json.dumps([record]))
    call_command("loaddata", str(fixture), verbosity=0)


def followup_published(client, world):
    """A follow-up entry published: its trigger writes the recommendation's progress."""
    follow_up(world["r4"], "under-way")


WRITES = [
    followup_published,
    admin_save_changes_themes,
    admin_publish_action,
    queryset_update_unpublishes,
    importer_adds_a_recommendation,
    importer_changes_only_links,
    m2m_add,
    m2m_clear,
    raw_sql_delete_of_links,
    delete_a_recommendation,
    roundtable_published,
    role_added,
    summit_moves_a_year,
    alignment_added,
    fixture_loaded,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
@pytest.mark.parametrize("query", ["", "theme=labour", "country=PHL&actor=states"])
def test_a_write_shows_on_the_next_listed(client, world, write, query, tmp_path):
    before = counts(listed(client, query))
    assert before == orm_counts(query)
    write(client, world, *([tmp_path] if write is fixture_loaded else []))
    after = counts(listed(client, query))
    assert after == orm_counts(query), "the page counts what the database holds now"


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_every_write_changes_the_version(client, world, write, tmp_path):
    before = facet_index.read_versions(connection)
    assert before is not None
    write(client, world, *([tmp_path] if write is fixture_loaded else []))
    after = facet_index.read_versions(connection)
    assert after is not None and after != before


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_a_write_reloads_the_parts_of_the_tables_it_wrote(client, world, write, tmp_path, loads):
    listed(client)
    loads.clear()
    write(client, world, *([tmp_path] if write is fixture_loaded else []))
    listed(client)
    expected = RELOADED[write.__name__]
    assert set(loads) == expected if write.__name__ in ONLY else set(loads) >= expected


def test_the_unfiltered_counts_change_with_a_write(client, world):
    """The page itself, not only the comparison with SQL: the theme's count goes up by one."""
    assert counts(listed(client))["theme"]["climate"] == 2
    m2m_add(client, world)
    assert counts(listed(client))["theme"]["climate"] == 3


def test_a_rolled_back_write_leaves_no_counts_behind(client, world):
    before = counts(listed(client))
    with transaction.atomic():
        queryset_update_unpublishes(client, world)
        inside = counts(listed(client))
        assert inside["total"] == before["total"] - 1
        transaction.set_rollback(True)
    assert counts(listed(client)) == before
    # Another write after the rollback: a new version, never the rolled-back one with its counts.
    delete_a_recommendation(client, world)
    assert counts(listed(client)) == orm_counts() != inside


def test_a_rolled_back_write_leaves_a_version_no_later_write_reuses(client, world):
    table = Recommendation._meta.db_table
    before = facet_index.read_versions(connection)[table]
    with transaction.atomic():
        queryset_update_unpublishes(client, world)
        inside = facet_index.read_versions(connection)[table]
        transaction.set_rollback(True)
    assert facet_index.read_versions(connection)[table] == before
    delete_a_recommendation(client, world)
    assert facet_index.read_versions(connection)[table] not in (before, inside)


# When the triggers cannot be trusted: each page reads an index of its own, and migrate puts them back.


def drop_one_trigger():
    table = Recommendation.themes.through._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {facet_index.TRIGGER} ON {connection.ops.quote_name(table)}")
        else:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(facet_index._sqlite_trigger_names(table)[0])}")


def test_a_missing_trigger_makes_the_version_untrusted(world):
    assert facet_index.read_versions(connection) is not None
    drop_one_trigger()
    assert facet_index.read_versions(connection) is None


def test_a_missing_column_trigger_makes_the_version_untrusted(client, world):
    """Without it a status changed would leave the rows per roundtable as they were."""
    assert facet_index.read_versions(connection) is not None
    qn = connection.ops.quote_name
    name = facet_index.column_trigger_name(connection, facet_index.column_groups()[0])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {name} ON {qn(Recommendation._meta.db_table)}")
        else:
            cursor.execute(f"DROP TRIGGER {qn(name)}")
    assert facet_index.read_versions(connection) is None
    Recommendation.objects.filter(pk=world["r3"].pk).update(status=Status.DRAFT)
    assert counts(listed(client)) == orm_counts()


def test_without_all_triggers_each_page_reads_its_own_index(client, world, caplog):
    listed(client)
    drop_one_trigger()
    assert facet_index.read_versions(connection) is None
    # A write the dropped trigger would have caught: the cached index must not be used.
    world["r3"].themes.add(world["labour"].__class__.objects.get(slug="climate"))
    with caplog.at_level(logging.WARNING, logger="recommendations.facet_index"):
        response = listed(client, "country=MEX")
    assert response.context["counts"].index.versions is None, "an index read for this page alone"
    assert counts(response) == orm_counts("country=MEX")
    assert counts(response)["theme"] == {"labour": 1, "climate": 1}
    assert "triggers" in caplog.text


def test_migrate_puts_missing_triggers_back(client, world):
    drop_one_trigger()
    assert facet_index.read_versions(connection) is None
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert facet_index.read_versions(connection) is not None
    assert listed(client).context["counts"].index.versions is not None


def test_writes_made_without_a_trigger_are_counted_once_it_is_back(client, world):
    """Putting the triggers back gives every table a new version: the index of before is not reused."""
    listed(client)
    drop_one_trigger()  # the theme links' trigger
    m2m_add(client, world)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    response = listed(client)
    assert response.context["counts"].index.versions is not None
    assert counts(response) == orm_counts()
    assert counts(response)["theme"]["climate"] == 3


def test_install_is_idempotent(world):
    facet_index.install(connection)
    facet_index.install(connection)
    assert facet_index.read_versions(connection) is not None


def test_the_migrate_command_puts_back_triggers_a_table_rebuild_dropped(tmp_path):
    """The real command in its own process, where nothing but migrate has imported the portal's code."""
    database = migrated_file(tmp_path)
    installed = database.triggers(facet_index.TRIGGER)
    # Per table a trigger of each kind of write, one per column group, and the log's on the tables it logs.
    tables, groups = facet_index.watched_tables(), facet_index.column_groups()
    logged = sum(len(events) for _column, events in facet_index.logged_tables().values())
    assert len(installed) == 3 * len(tables) + len(groups) + logged
    database.drop_triggers(sorted(installed)[:3])
    database.migrate()
    assert database.triggers(facet_index.TRIGGER) == installed


# The index counts exactly what SQL counts, for combinations of every kind of filter.

QUERIES = [
    "",
    "theme=labour",
    "theme=labour&theme=climate",
    "theme=labour&country=PHL",
    "theme=climate&country=MEX",
    "country=PHL&country=MEX",
    "roundtable=2016-3-1&roundtable=2017-1-1&theme=climate",
    "year=2016",
    "year=2017&theme=labour",
    "framework=sdgs",
    "actor=states&theme=trafficking",
    "gcm=6",
    "gcm=6&year=2016",
    "q=labour",
    "q=labour&country=PHL",
    "q=climate&theme=labour&year=2017",
    "q=nothingmatchesthis",
    "theme=labour&framework=sdgs&actor=states&gcm=6&country=PHL&year=2016&roundtable=2016-3-1",
    "progress=none",
    "progress=planned&progress=completed",
    "progress=completed&theme=labour",
    "progress=planned&year=2016",
    "progress=under-way",
    "q=labour&progress=none&country=PHL",
]


@pytest.mark.parametrize("query", QUERIES)
def test_index_counts_equal_orm_counts(client, world, query):
    response = listed(client, query)
    assert response.context["counts"].index.versions is not None
    assert counts(response) == orm_counts(query)
    # The hints of an empty list count the list without each filter, from the index too.
    data = QueryDict(query)
    for name in data:
        if response.context["filter"].is_active(name):
            without = data.copy()
            without.pop(name)
            assert response.context["counts"].total(without=name) == orm_counts(without.urlencode())["total"], name


def test_index_counts_equal_orm_counts_on_the_portal_data(client, portal_data):
    facet_index.clear()
    some = Recommendation.objects.public().order_by("pk")
    theme = some.filter(themes__isnull=False).values_list("themes__slug", flat=True).first()
    gcm = Alignment.objects.exclude(gcm_objective=None).values_list("gcm_objective__number", flat=True).first()
    sdg = Alignment.objects.exclude(sdg_target=None).values_list("sdg_target__code", flat=True).first()
    country = RoundtableRole.objects.exclude(country=None).values_list("country_id", flat=True).first()
    for query in ["", f"theme={theme}", f"gcm={gcm}&country={country}", f"sdg={sdg}", f"q=migrant&theme={theme}"]:
        assert counts(listed(client, query)) == orm_counts(query), query


def test_a_page_after_a_write_takes_the_same_queries_whatever_the_size(client, world):
    """Cold and warm pages each take a fixed number of queries; the rebuild adds the same few."""

    def queries(query=""):
        with CaptureQueriesContext(connection) as captured:
            listed(client, query)
        return len(captured)

    statuses = iter([Status.DRAFT, Status.PUBLISHED])

    def write():
        """A status changed: the rows per roundtable are read again."""
        Recommendation.objects.filter(pk=world["r1"].pk).update(status=next(statuses))

    def sizes():
        """Queries of a page of a new process, after a write, with the index in place, after a text saved."""
        facet_index.clear()
        new = queries()
        write()
        after_write, warm = queries(), queries()
        Recommendation.objects.filter(pk=world["r1"].pk).update(text=F("text"))
        return new, after_write, warm, queries()

    small = sizes()
    for number in range(10, 60):
        factories.recommendation(world["rt32"], number, themes=[world["labour"]])
    assert sizes() == small
    assert small[0] > small[1] > small[2] == small[3]


@pytest.mark.parametrize(
    "query", ["", "theme=labour", "theme=climate&country=PHL", "q=labour", "year=2016&theme=labour"]
)
def test_pages_located_from_the_index_hold_the_lists_rows(client, world, query):
    """Rows spread over roundtables, with gaps in their ids: every page holds the list's rows, in order."""
    climate = world["labour"].__class__.objects.get(slug="climate")
    for number in range(3, 40):
        rec = factories.recommendation(world["rt31"], number, f"More on labour {number}", themes=[world["labour"]])
        if number % 3 == 0:
            rec.themes.add(climate)
        if number % 7 == 0:
            factories.recommendation(world["rt11"], number, f"Climate {number}", themes=[climate])
    Recommendation.objects.filter(number__in=[5, 6, 21]).delete()
    filterset = RecommendationFilter(QueryDict(f"{query}&sort=roundtable"), queryset=Recommendation.objects.public())
    assert filterset.is_valid()
    expected = list(filterset.qs.values_list("pk", flat=True))
    assert len(expected) > 2 * settings.PAGE_SIZE or query
    shown = []
    for number in range(1, len(expected) // settings.PAGE_SIZE + 2):
        response = listed(client, f"{query}&page={number}&sort=roundtable")
        assert response.context["counts"].index.versions is not None
        shown += [item.pk for item in response.context["recommendations"]]
    assert shown == expected


@pytest.mark.parametrize("query", ["", "theme=labour", "progress=none", "progress=planned"])
def test_the_most_common_progress_is_counted_as_every_other_row(client, world, query):
    """The index keeps the most common progress as "the rows with no other progress", not by id.

    When the most common value changes, or only hidden rows hold it, its count still equals SQL's.
    """
    assert counts(listed(client, query)) == orm_counts(query)
    # r2, r4 and the draft planned too: "planned" becomes the most common value, "none" has no row.
    for rec in ("r2", "r4", "draft"):
        follow_up(world[rec], "planned")
    assert not Recommendation.objects.filter(progress="none").exists()
    after = counts(listed(client, query))
    assert after == orm_counts(query)
    assert "none" not in after["progress"]
    # Hidden recommendations under way outnumber every other progress: they count for nothing.
    for number in range(2, 8):
        follow_up(factories.recommendation(world["hidden_rt"], number, f"Hidden {number}"), "under-way")
    assert Recommendation.objects.filter(progress="under-way").count() > 4
    after = counts(listed(client, query))
    assert after == orm_counts(query)
    assert "under-way" not in after["progress"]


# After a write, only the recommendations the log of changes names are read again. A page reads
# the log only outside a caller's transaction (whose writes could be rolled back): these tests
# commit their writes.
committed = pytest.mark.django_db(transaction=True)


@committed
def test_a_change_of_themes_reads_again_only_the_links_of_its_recommendation(client, world, loads):
    listed(client)
    loads.clear()
    m2m_add(client, world)
    assert counts(listed(client)) == orm_counts()
    assert loads.partial == [(["theme"], [world["r3"].pk])]


@committed
def test_a_link_moved_to_another_recommendation_reads_both(client, world, loads):
    listed(client, "theme=labour")
    loads.clear()
    through = Recommendation.themes.through
    through.objects.filter(recommendation=world["r1"], theme=world["labour"]).update(recommendation=world["r2"])
    assert counts(listed(client, "theme=labour")) == orm_counts("theme=labour")
    assert loads.partial == [(["theme"], sorted([world["r1"].pk, world["r2"].pk]))]


@committed
def test_each_part_reads_the_changes_after_its_own_position(client, world, loads):
    """Themes changed twice, then actors: each facet reads only what changed since it was read."""
    listed(client)
    m2m_add(client, world)
    listed(client)
    loads.clear()
    world["r4"].themes.clear()
    world["r3"].actors.clear()
    assert counts(listed(client)) == orm_counts()
    assert sorted(loads.partial) == [(["actor"], [world["r3"].pk]), (["theme"], [world["r4"].pk])]


@committed
def test_more_changes_than_the_log_reads_reload_the_facet_in_full(client, world, loads, monkeypatch):
    listed(client)
    loads.clear()
    monkeypatch.setattr(facet_changes, "LIMIT", 2)
    climate = world["labour"].__class__.objects.get(slug="climate")
    for rec in ("r1", "r3", "draft"):
        world[rec].themes.add(climate)
    assert counts(listed(client)) == orm_counts()
    assert loads.partial == [] and "theme" in loads


@committed
def test_the_log_keeps_its_last_rows(world, monkeypatch):
    facet_index.uninstall(connection)
    monkeypatch.setattr(facet_changes, "KEEP", 3)
    facet_index.install(connection)
    climate = world["labour"].__class__.objects.get(slug="climate")
    for rec in ("r1", "r3", "draft", "in_hidden"):
        world[rec].themes.add(climate)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(seq) FROM {facet_changes.TABLE}")  # noqa: S608
        rows, last = cursor.fetchone()
    assert rows <= 4 and last >= 4
    assert facet_changes.touched(connection, last - 4, last) is not None
    assert facet_changes.touched(connection, last - facet_changes.LIMIT - 1, last) is None


def test_migrate_gives_a_trigger_of_an_earlier_version_this_ones_body(client, world):
    """A trigger of the same name whose body no longer does what the index needs is replaced."""
    table = Recommendation._meta.db_table
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The same function name, with the body of before column groups: the table's version alone.
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {facet_index.FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "  # noqa: S608
                f"$$ BEGIN UPDATE {facet_index.VERSION_TABLE} SET version = gen_random_uuid() "
                "WHERE table_name = TG_TABLE_NAME; RETURN NULL; END $$"
            )
        else:
            insert = facet_index._sqlite_trigger_names(table)[0]
            cursor.execute(f"DROP TRIGGER {qn(insert)}")
            cursor.execute(
                f"CREATE TRIGGER {qn(insert)} AFTER INSERT ON {qn(table)} BEGIN "  # noqa: S608
                f"UPDATE {facet_index.VERSION_TABLE} SET version = lower(hex(randomblob(16))) "
                f"WHERE table_name = '{table}'; END"
            )
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    listed(client)
    factories.recommendation(world["rt11"], 5, "Added after the migration")
    assert counts(listed(client)) == orm_counts(), "an insert changes the rows' version too"


@committed
def test_a_status_changed_reads_again_only_the_rows_of_its_roundtable(client, world, loads):
    listed(client)
    loads.clear()
    Recommendation.objects.filter(pk=world["r3"].pk).update(status=Status.DRAFT)
    assert counts(listed(client)) == orm_counts()
    assert loads.partial == [(["rows"], [world["rt32"].pk])]


@committed
def test_a_recommendation_moved_reads_the_rows_of_both_roundtables(client, world, loads):
    listed(client)
    loads.clear()
    Recommendation.objects.filter(pk=world["r4"].pk).update(roundtable=world["rt31"], number=9)
    assert counts(listed(client)) == orm_counts()
    assert loads.partial == [(["rows"], sorted([world["rt31"].pk, world["rt11"].pk]))]


@committed
def test_recommendations_added_and_deleted_read_the_rows_of_their_roundtables(client, world, loads):
    listed(client)
    loads.clear()
    factories.recommendation(world["rt11"], 7, "Added", themes=[world["labour"]])
    world["r1"].delete()
    assert counts(listed(client, "theme=labour")) == orm_counts("theme=labour")
    rows = [ids for parts, ids in loads.partial if parts == ["rows"]]
    assert rows == [sorted([world["rt11"].pk, world["rt31"].pk])]


@committed
def test_a_follow_up_entry_reads_again_only_the_progress_of_its_recommendation(client, world, loads):
    listed(client)
    loads.clear()
    follow_up(world["r4"], "under-way")
    assert counts(listed(client, "progress=under-way")) == orm_counts("progress=under-way")
    assert loads.partial == [(["progress"], [world["r4"].pk])]


@committed
def test_a_page_inside_a_rolled_back_transaction_leaves_nothing_the_log_builds_on(client, world):
    before = counts(listed(client))
    with transaction.atomic():
        queryset_update_unpublishes(client, world)
        m2m_add(client, world)
        assert counts(listed(client))["total"] == before["total"] - 1
        transaction.set_rollback(True)
    assert counts(listed(client)) == before
    m2m_clear(client, world)
    assert counts(listed(client)) == orm_counts()


@committed
def test_putting_the_triggers_back_reads_every_part_in_full(client, world, loads):
    """Writes made while a trigger was missing were not logged: the log cannot say what changed."""
    listed(client)
    drop_one_trigger()
    m2m_add(client, world)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    loads.clear()
    assert counts(listed(client)) == orm_counts()
    assert loads.partial == [] and "theme" in loads


@committed
@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_a_committed_write_shows_on_the_next_listed_from_the_log(client, world, write, tmp_path, loads):
    """Every way the portal writes, committed: the parts the log updates count what SQL counts."""
    listed(client, "theme=labour")
    loads.clear()
    write(client, world, *([tmp_path] if write is fixture_loaded else []))
    assert counts(listed(client, "theme=labour")) == orm_counts("theme=labour")
    # Every part the write changed but the catalog and the labels was updated from the log alone.
    assert {part for parts, _ids in loads.partial for part in parts} == set(loads) - {"catalog", "labels"}
    assert counts(listed(client)) == orm_counts()
