"""Give the secretariat groups their permissions on the alignment models."""

from django.db import migrations


def add_permissions(apps, schema_editor):
    from roundtables.groups import ensure_secretariat_groups

    ensure_secretariat_groups(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("alignment", "0001_initial"),
        ("roundtables", "0003_secretariat_groups"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
