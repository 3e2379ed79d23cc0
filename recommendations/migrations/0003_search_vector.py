"""A stored, generated tsvector column with its own GIN index, on PostgreSQL only.

The model does not declare the column, so it stays portable; SQLite keeps its word-by-word
fallback. A stored column (not an expression index on to_tsvector(text)) lets the planner read
the vector instead of recomputing it row by row when a ranked search is ordered and limited.
"""

from django.db import migrations

TABLE = "recommendations_recommendation"

ADD = f"""
ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(source_excerpt, '')), 'B')
) STORED;
CREATE INDEX recommendation_search_vector ON {TABLE} USING gin (search_vector);
"""

DROP = f"""
DROP INDEX IF EXISTS recommendation_search_vector;
ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector;
"""


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_publish_permissions"),
    ]

    operations = [
        migrations.RunPython(add_search_vector, drop_search_vector),
    ]
