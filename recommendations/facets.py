"""The content version the recommendations list's facet counts will be cached under.

Database triggers on every table the counts read (recommendations, their theme, framework and
actor links, alignments, roundtables, their roles, summits) give the one row of
`recommendations_facet_version` a new random value on every write, whatever makes it: the
admin, queryset.update(), the importer's SQL, fixtures, M2M changes, raw SQL, TRUNCATE on
PostgreSQL. Reading that value is one cheap query, which also checks that the triggers are all
there and enabled. The value is random rather than a counter so that a rolled-back write can
never leave a number that a later write reuses with other data behind it.

When the triggers are not all in place (a SQLite migration that rebuilds a table drops the
table's triggers), the version is None: not to be trusted. `install()` runs again after every
`migrate` and puts them back.
"""

from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from alignment.models import Alignment
from roundtables.models import Roundtable, RoundtableRole, Summit

from .models import Recommendation

VERSION_TABLE = "recommendations_facet_version"
TRIGGER = "recommendations_facet_version"
FUNCTION = "recommendations_bump_facet_version"

# The many-to-many facets: (model holding the links to recommendations, its foreign key to the
# facet's model, the field the URL names a value by, the field that labels it).
LINKS = {
    "theme": (Recommendation.themes.through, "theme", "slug", "name"),
    "framework": (Recommendation.frameworks.through, "framework", "slug", "short_name"),
    "actor": (Recommendation.actors.through, "actor", "slug", "name"),
    "gcm": (Alignment, "gcm_objective", "number", "short_title"),
    "sdg": (Alignment, "sdg_target", "code", "code"),
}


def watched_tables():
    """Every table whose rows the index reads."""
    models = [Recommendation, *(links[0] for links in LINKS.values()), Roundtable, RoundtableRole, Summit]
    return list(dict.fromkeys(model._meta.db_table for model in models))


# ---------------------------------------------------------------- the version and its triggers


def _sqlite_trigger_names(table):
    return [f"{TRIGGER}_{table}_{event}" for event in ("insert", "update", "delete")]


def _expected_triggers(connection):
    tables = watched_tables()
    return len(tables) * (3 if connection.vendor == "sqlite" else 1)


# The version is random, never a counter: a write rolled back could otherwise leave a number that
# a later write reuses with other data behind it.
NEW_VERSION = {"postgresql": "gen_random_uuid()", "sqlite": "lower(hex(randomblob(16)))"}
VERSION_COLUMN = {"postgresql": "uuid", "sqlite": "text"}


def install(connection):
    """Create the version row and every missing trigger; safe to run again."""
    qn = connection.ops.quote_name
    new = NEW_VERSION[connection.vendor]
    statements = [
        f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} "
        f"(id smallint PRIMARY KEY CHECK (id = 1), version {VERSION_COLUMN[connection.vendor]} NOT NULL)",
        f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, {new}) ON CONFLICT (id) DO NOTHING",  # noqa: S608
    ]
    bump = f"UPDATE {VERSION_TABLE} SET version = {new} WHERE id = 1;"  # noqa: S608 - the module's own constants
    if connection.vendor == "postgresql":
        # Statement-level: one new version per statement, however many rows it writes.
        statements.append(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {bump} RETURN NULL; END $$"
        )
        statements += [
            f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {qn(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            for table in watched_tables()
        ]
    else:
        # SQLite has row triggers only: one update of a one-row table per row written.
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {qn(name)} AFTER {event} ON {qn(table)} BEGIN {bump} END"
            for table in watched_tables()
            for name, event in zip(_sqlite_trigger_names(table), ("INSERT", "UPDATE", "DELETE"), strict=True)
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in watched_tables():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {qn(table)}")
            else:
                for name in _sqlite_trigger_names(table):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)}")
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        cursor.execute(f"DROP TABLE IF EXISTS {VERSION_TABLE}")


@receiver(post_migrate, dispatch_uid="recommendations.facets.install")
def reinstall_after_migrate(sender, using="default", **kwargs):
    """Put back triggers a migration dropped (SQLite rebuilds a table to alter it, without its triggers).

    Connected when this module is imported: migration 0005 imports it, and `migrate` loads every
    migration module, so this runs after every `migrate` once 0005 exists.
    """
    if sender.name != "recommendations":
        return
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if VERSION_TABLE in tables and tables.issuperset(watched_tables()) and read_version(connection) is None:
        install(connection)


def read_version(connection):
    """The content version, or None when it cannot be trusted (a trigger is missing or disabled)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT (SELECT version::text FROM {VERSION_TABLE} WHERE id = 1), "  # noqa: S608
                "(SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s AND t.tgenabled <> 'D' AND c.relname = ANY(%s) AND pg_table_is_visible(c.oid))",
                [TRIGGER, watched_tables()],
            )
        else:
            names = [name for table in watched_tables() for name in _sqlite_trigger_names(table)]
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT (SELECT version FROM {VERSION_TABLE} WHERE id = 1), "  # noqa: S608
                f"(SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks}))",
                names,
            )
        version, triggers = cursor.fetchone()
    if version is None or triggers != _expected_triggers(connection):
        return None
    return version
