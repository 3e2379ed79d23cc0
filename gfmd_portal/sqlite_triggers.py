"""SQLite rebuilds a table to alter it; a trigger of another table that reads it then breaks the rebuild.

On SQLite, Django alters a table by creating a new one, copying the rows, dropping the old one and
renaming the new one. The rename re-reads every trigger of the database, and a trigger that names
the table fails there ("no such table"): the search's triggers on the link tables read the themes'
and frameworks' names. A migration that alters such a table first drops the triggers that name
it; the apps that own them put them back after `migrate` (their post_migrate handlers), as they
do after any rebuild.
"""


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
