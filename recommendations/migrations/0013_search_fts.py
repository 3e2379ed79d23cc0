"""SQLite's full-text index of the recommendations (FTS5) and the triggers that keep it; nothing on PostgreSQL.

See recommendations/fts.py. PostgreSQL searches its stored vectors (0003, 0006, 0008).
"""

from django.db import migrations

from recommendations import fts


def create(apps, schema_editor):
    fts.install(schema_editor.connection)
    fts.rebuild(schema_editor.connection)


def drop(apps, schema_editor):
    fts.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0012_updated_order_index"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
