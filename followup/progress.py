"""Each recommendation's progress and count of follow-up entries, kept beside it by database triggers on the entries.

A recommendation's `progress` column holds the progress of its most advanced published
follow-up entry ("none" without one), so the list filters and counts it like any column of
the recommendation (recommendations/facets.py, Kind.COLUMN); `follow_up_count` holds how many
published entries it has, which the export writes. Triggers on the follow-up table recompute
both on every insert, update and delete, whatever makes them (the admin, the import,
queryset.update(), raw SQL); a trigger on the recommendation puts them back when a save writes
other values over them (a revert to a version, which does not keep them). A SQLite migration that
rebuilds one of the tables drops its triggers; `reinstall_after_migrate` puts them back after
every `migrate` and recomputes every recommendation's progress.
"""

from django.db import connections

from gfmd_portal import triggers
from gfmd_portal.publishing import Status
from recommendations.models import Progress, Recommendation

from .models import FollowUp

PREFIX = "followup_progress"
EVENTS = ("insert", "update", "delete")
KEPT = f"{PREFIX}_kept"


def _qn(connection):
    return connection.ops.quote_name


# The recommendation's columns the triggers keep.
KEPT_COLUMNS = ("progress", "follow_up_count")


def _computed_sql(connection):
    """{column: a scalar subquery of its value} for the recommendation row being updated."""
    qn = _qn(connection)
    meta = FollowUp._meta
    progress, status = qn(meta.get_field("progress").column), qn(meta.get_field("status").column)
    recommendation = qn(meta.get_field("recommendation").column)
    ranks = " ".join(f"WHEN '{choice.value}' THEN {rank}" for rank, choice in enumerate(Progress) if rank)
    values = " ".join(f"WHEN {rank} THEN '{choice.value}'" for rank, choice in enumerate(Progress) if rank)
    table = qn(Recommendation._meta.db_table)
    published = (
        f"FROM {qn(meta.db_table)} f WHERE f.{recommendation} = {table}.{qn('id')} "
        f"AND f.{status} = '{Status.PUBLISHED.value}'"
    )
    most_advanced = f"CASE MAX(CASE f.{progress} {ranks} END) {values} ELSE '{Progress.NONE.value}' END"
    return {
        "progress": f"(SELECT {most_advanced} {published})",
        "follow_up_count": f"(SELECT COUNT(*) {published})",
    }


def refresh_sql(connection, where):
    """SQL recomputing the kept columns of the recommendations `where` selects (an SQL
    condition), writing only the rows where one of them differs."""
    qn = _qn(connection)
    table = qn(Recommendation._meta.db_table)
    computed = _computed_sql(connection)
    columns = {qn(Recommendation._meta.get_field(name).column): computed[name] for name in KEPT_COLUMNS}
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    assignments = ", ".join(f"{column} = {value}" for column, value in columns.items())
    changed = " OR ".join(f"{column} {differs} {value}" for column, value in columns.items())
    return f"UPDATE {table} SET {assignments} WHERE ({where}) AND ({changed})"  # noqa: S608


def refresh(using="default"):
    """Recompute every recommendation's progress and count of entries."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(refresh_sql(connection, "1 = 1"))


def trigger_names():
    return [KEPT, *(f"{PREFIX}_{event}" for event in EVENTS)]


def installed(connection):
    """True when every trigger is in place."""
    return triggers.installed(connection, trigger_names())


def install(connection):
    """Create every missing trigger; safe to run again."""
    qn = _qn(connection)
    follow_ups = qn(FollowUp._meta.db_table)
    link = qn(FollowUp._meta.get_field("recommendation").column)
    table = qn(Recommendation._meta.db_table)
    kept_columns = [qn(Recommendation._meta.get_field(name).column) for name in KEPT_COLUMNS]
    pk = qn(Recommendation._meta.pk.column)
    statements = []
    if connection.vendor == "postgresql":
        # Statement-level, with the rows written: one update however many entries a statement writes.
        function = qn(PREFIX)
        new = f"{pk} IN (SELECT {link} FROM new_rows)"  # noqa: S608
        old = f"{pk} IN (SELECT {link} FROM old_rows)"  # noqa: S608
        body = (
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {refresh_sql(connection, new)}; END IF; "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {refresh_sql(connection, old)}; END IF; "
            "RETURN NULL;"
        )
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
        )
        transitions = {
            "insert": "NEW TABLE AS new_rows",
            "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "OLD TABLE AS old_rows",
        }
        statements += [
            f"CREATE OR REPLACE TRIGGER {qn(f'{PREFIX}_{event}')} AFTER {event.upper()} ON {follow_ups} "
            f"REFERENCING {transitions[event]} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            for event in EVENTS
        ]
        kept = qn(KEPT)
        statements += [
            f"CREATE OR REPLACE FUNCTION {kept}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {refresh_sql(connection, f'{pk} = NEW.{pk}')}; RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER {kept} AFTER UPDATE OF {', '.join(kept_columns)} ON {table} "
            f"FOR EACH ROW WHEN ({' OR '.join(f'NEW.{c} IS DISTINCT FROM OLD.{c}' for c in kept_columns)}) "
            f"EXECUTE FUNCTION {kept}()",
        ]
    else:
        rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {qn(f'{PREFIX}_{event}')} AFTER {event.upper()} ON {follow_ups} BEGIN "
            f"{refresh_sql(connection, ' OR '.join(f'{pk} = {row}.{link}' for row in rows[event]))}; END"
            for event in EVENTS
        ]
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS {qn(KEPT)} AFTER UPDATE OF {', '.join(kept_columns)} ON {table} "
            f"FOR EACH ROW WHEN {' OR '.join(f'NEW.{c} IS NOT OLD.{c}' for c in kept_columns)} BEGIN "
            f"{refresh_sql(connection, f'{pk} = NEW.{pk}')}; END"
        )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection):
    qn = _qn(connection)
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for event in EVENTS:
            name = qn(f"{PREFIX}_{event}")
            cursor.execute(
                f"DROP TRIGGER IF EXISTS {name} ON {qn(FollowUp._meta.db_table)}"
                if postgres
                else f"DROP TRIGGER IF EXISTS {name}"
            )
        cursor.execute(
            f"DROP TRIGGER IF EXISTS {qn(KEPT)} ON {qn(Recommendation._meta.db_table)}"
            if postgres
            else f"DROP TRIGGER IF EXISTS {qn(KEPT)}"
        )
        if postgres:
            cursor.execute(f"DROP FUNCTION IF EXISTS {qn(PREFIX)}()")
            cursor.execute(f"DROP FUNCTION IF EXISTS {qn(KEPT)}()")


def reinstall_after_migrate(sender, using="default", **kwargs):
    """post_migrate: put back triggers a migration dropped, then recompute the progress they missed."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not {FollowUp._meta.db_table, Recommendation._meta.db_table} <= tables:
        return
    columns = {
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), Recommendation._meta.db_table)
    }
    if columns.issuperset(KEPT_COLUMNS) and not installed(connection):
        install(connection)
        refresh(using)
