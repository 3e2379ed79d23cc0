"""The secretariat's editors bring in source documents; its viewers may read them."""

from django.db import migrations


def add_permissions(apps, schema_editor):
    from roundtables.groups import add_model_permissions

    add_model_permissions(apps=apps, using=schema_editor.connection.alias, label="roundtables", model="sourcedocument")


class Migration(migrations.Migration):
    dependencies = [
        ("roundtables", "0006_source_documents"),
        ("roundtables", "0003_secretariat_groups"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
