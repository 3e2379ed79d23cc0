"""The secretariat's groups: editors (change and publish the content) and viewers (read only)."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from roundtables.groups import ensure_secretariat_groups

    ensure_secretariat_groups(apps=apps, using=schema_editor.connection.alias)


def remove_groups(apps, schema_editor):
    from roundtables.groups import EDITORS, VIEWERS

    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name__in=[EDITORS, VIEWERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("roundtables", "0002_publish_permissions"),
        ("recommendations", "0002_publish_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
