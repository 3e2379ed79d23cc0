"""PostgreSQL: the trigger that puts a recommendation's names back checks only the names a statement
wrote itself, not those the names' own refresh writes (recommendations/topics.py)."""

from django.db import migrations

from recommendations import topics


def replace_triggers(apps, schema_editor):
    # CREATE OR REPLACE on PostgreSQL; SQLite's triggers are kept as they are (its body did not change).
    if schema_editor.connection.vendor == "postgresql":
        topics.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0015_facet_index_snapshot"),
    ]

    operations = [
        migrations.RunPython(replace_triggers, migrations.RunPython.noop),
    ]
