"""The secretariat's editors change continuity links and its viewers read them."""

from django.db import migrations

from roundtables.groups import ensure_secretariat_groups


def groups(apps, schema_editor):
    ensure_secretariat_groups(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("continuity", "0001_initial"),
        ("roundtables", "0003_secretariat_groups"),
    ]

    operations = [migrations.RunPython(groups, migrations.RunPython.noop)]
