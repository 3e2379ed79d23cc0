"""Database triggers the apps keep: whether they are all in place, and getting them out of a rebuild's way.

`installed()` tells the apps whose post_migrate handlers put their triggers back (the search's
names, the follow-up progress) whether they must.

On SQLite, Django alters a table by creating a new one, copying the rows, dropping the old one and
renaming the new one. The rename re-reads every trigger of the database, and a trigger that names
the table fails there ("no such table"): the search's triggers on the link tables read the themes'
and frameworks' names. A migration that alters such a table first drops the triggers that name
it; the apps that own them put them back after `migrate` (their post_migrate handlers), as they
do after any rebuild.
"""


def installed(connection, names):
    """True when every trigger of these names is in place (and, on PostgreSQL, enabled)."""
    marks = ", ".join(["%s"] * len(names))
    if connection.vendor == "postgresql":
        sql = f"SELECT count(*) FROM pg_trigger WHERE tgname IN ({marks}) AND tgenabled <> 'D'"  # noqa: S608
    else:
        sql = f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(names))
        return cursor.fetchone()[0] == len(names)


def dropper(*tables):
    """A RunPython function dropping, on SQLite, every trigger whose SQL names one of these tables."""

    def drop(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            found = cursor.fetchall()
            for name, sql in found:
                if any(table in (sql or "") for table in tables):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {connection.ops.quote_name(name)}")

    return drop
