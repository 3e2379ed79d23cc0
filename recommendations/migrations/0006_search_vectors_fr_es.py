"""French and Spanish search vectors beside the English one (0003), on PostgreSQL only.

Each is a stored generated column over the translated text with its language's text search
configuration (stemming and stop words), with its own GIN index. SQLite searches the translated
columns word by word.
"""

from django.db import migrations

TABLE = "recommendations_recommendation"
CONFIGS = {"fr": "french", "es": "spanish"}


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, config in CONFIGS.items():
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN search_vector_{language} tsvector GENERATED ALWAYS AS ("
            f"to_tsvector('{config}'::regconfig, coalesce(text_{language}, ''))) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX recommendation_search_vector_{language} ON {TABLE} USING gin (search_vector_{language})"
        )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS recommendation_search_vector_{language}")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector_{language}")


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0005_translations"),
    ]

    operations = [
        migrations.RunPython(add_vectors, drop_vectors),
    ]
