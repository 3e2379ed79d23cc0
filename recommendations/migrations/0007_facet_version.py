"""The content version the list's facet counts are cached under, and the triggers that change it.

A one-row table, `recommendations_facet_version`, holds a random value that database triggers
replace on every write to a table the facet counts read (see recommendations/facet_index.py, which
also puts missing triggers back after every `migrate`). Triggers, rather than signals, so that
writes Django does not see (queryset.update(), the importer's SQL, raw SQL, TRUNCATE) count too.
"""

from django.db import migrations

from recommendations import facet_index


def install(apps, schema_editor):
    facet_index.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    facet_index.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0006_search_vectors_fr_es"),
        ("alignment", "0002_secretariat_group_permissions"),
        ("roundtables", "0003_secretariat_groups"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
