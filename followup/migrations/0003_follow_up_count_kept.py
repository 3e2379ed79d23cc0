"""The triggers keep each recommendation's count of published entries beside its progress:
put back in their new form, and the counts computed."""

from django.db import migrations

from followup import progress


def reinstall(apps, schema_editor):
    progress.uninstall(schema_editor.connection)
    progress.install(schema_editor.connection)
    progress.refresh(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_progress_and_groups"),
        ("recommendations", "0018_follow_up_count"),
    ]

    operations = [migrations.RunPython(reinstall, reinstall)]
