"""Covering indexes for the filtered list and its facet counts.

The facet counts read the M2M through tables by the value chosen (theme, framework, actor) and
join back to recommendations by id; with these indexes both directions are index-only. The
through tables are created by Django for the M2M fields, so their indexes cannot be declared in
a model's Meta and are created here. The INCLUDE indexes exist only on PostgreSQL, whose indexes
do not carry the row id the way SQLite's do.
"""

from django.db import migrations

THROUGH = [
    ("recommendation_themes", "theme_id"),
    ("recommendation_frameworks", "framework_id"),
    ("recommendation_actors", "actor_id"),
]
PORTABLE = [
    (f"rec_{table.split('_')[1]}_by_value", f"recommendations_{table}", f"{column}, recommendation_id")
    for table, column in THROUGH
]
POSTGRES = [
    ("rec_public_rt_number_inc_id", "recommendations_recommendation", "status, roundtable_id, number) INCLUDE (id"),
    ("rec_id_status_rt", "recommendations_recommendation", "id, status, roundtable_id"),
]


def _indexes(connection):
    return PORTABLE + (POSTGRES if connection.vendor == "postgresql" else [])


def create(apps, schema_editor):
    for name, table, columns in _indexes(schema_editor.connection):
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({columns})")


def drop(apps, schema_editor):
    for name, _table, _columns in _indexes(schema_editor.connection):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0003_search_vector"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
