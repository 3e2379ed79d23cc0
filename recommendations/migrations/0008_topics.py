"""The names of each recommendation's themes, frameworks and GCM objectives, in each language, for search.

Three columns kept by database triggers (see recommendations/topics.py). On PostgreSQL each
language's stored search vector is rebuilt over them too: the text weighted A, the names B and,
in English, the source excerpt C.
"""

from django.db import migrations, models

from recommendations import topics

TABLE = "recommendations_recommendation"
CONFIGS = {"": "english", "_fr": "french", "_es": "spanish"}


def _vector(suffix, config, with_topics):
    if not with_topics:
        if suffix:
            return f"to_tsvector('{config}'::regconfig, coalesce(text{suffix}, ''))"
        return (
            f"setweight(to_tsvector('{config}'::regconfig, coalesce(text, '')), 'A') "
            f"|| setweight(to_tsvector('{config}'::regconfig, coalesce(source_excerpt, '')), 'B')"
        )
    parts = [
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(text{suffix}, '')), 'A')",
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(topics{suffix}, '')), 'B')",
    ]
    if not suffix:
        parts.append(f"setweight(to_tsvector('{config}'::regconfig, coalesce(source_excerpt, '')), 'C')")
    return " || ".join(parts)


def _rebuild_vectors(schema_editor, with_topics):
    for suffix, config in CONFIGS.items():
        column, index = f"search_vector{suffix}", f"recommendation_search_vector{suffix}"
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {column}")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
            f"({_vector(suffix, config, with_topics)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {TABLE} USING gin ({column})")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rebuild_vectors(schema_editor, with_topics=True)
    topics.install(schema_editor.connection)
    topics.refresh(schema_editor.connection.alias)


def backwards(apps, schema_editor):
    topics.uninstall(schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        _rebuild_vectors(schema_editor, with_topics=False)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0007_facet_version"),
        ("alignment", "0003_translations"),
        ("roundtables", "0004_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="topics",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                verbose_name="names of its themes, frameworks and GCM objectives",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="topics_es",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                verbose_name="names of its themes, frameworks and GCM objectives (Spanish)",
            ),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="topics_fr",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                verbose_name="names of its themes, frameworks and GCM objectives (French)",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
