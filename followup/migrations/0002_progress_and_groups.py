"""Recommendations' progress kept by triggers on the follow-up entries, and the secretariat's rights on them."""

from django.db import migrations

from followup import progress
from roundtables.groups import ensure_secretariat_groups


def install(apps, schema_editor):
    progress.install(schema_editor.connection)
    progress.refresh(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    progress.uninstall(schema_editor.connection)


def groups(apps, schema_editor):
    ensure_secretariat_groups(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("recommendations", "0011_progress"),
        ("roundtables", "0003_secretariat_groups"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
        migrations.RunPython(groups, migrations.RunPython.noop),
    ]
