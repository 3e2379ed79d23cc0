"""The names of what a recommendation is about, stored beside it in each language for search.

A recommendation's `topics`, `topics_fr` and `topics_es` columns hold the names of its themes,
of the frameworks it cites and of the GCM objectives the editors aligned it with, in English,
French and Spanish (English where a translation is missing). Search reads them: on PostgreSQL
they are part of each language's stored search vector (weighted below the text, above the
source excerpt), elsewhere the word-by-word search reads them like the text. So a Spanish
search for "trata" finds what is tagged "Trata de personas" though its text says otherwise.

Database triggers keep them right on every write that changes a name or a link, whatever makes
it (the admin, queryset.update(), the importer's SQL, fixtures, raw SQL): the theme and framework
links, alignments, and the themes, frameworks and GCM objectives themselves. A SQLite migration
that rebuilds one of those tables drops its triggers; `reinstall_after_migrate` puts missing
triggers back after every `migrate` and then recomputes every recommendation's names.
"""

from django.db import connections

from gfmd_portal import triggers
from gfmd_portal.i18n import DEFAULT_LANGUAGE, TRANSLATION_LANGUAGES, label_sql
from roundtables.models import Framework, Theme

from .models import Recommendation

# Short: PostgreSQL cuts names at 63 characters.
PREFIX = "topics"
LANGUAGES = (DEFAULT_LANGUAGE, *TRANSLATION_LANGUAGES)


def column(language):
    return "topics" if language == DEFAULT_LANGUAGE else f"topics_{language}"


def _sources():
    """(table of links, its column naming the named record, the named model, the fields naming it)."""
    # The alignment app builds on this one: its models are reached through the relation.
    alignment = Recommendation.alignments.rel.related_model
    objective = alignment._meta.get_field("gcm_objective").related_model
    return [
        (Recommendation.themes.through, "theme", Theme, ("name",)),
        (Recommendation.frameworks.through, "framework", Framework, ("name", "short_name")),
        (alignment, "gcm_objective", objective, ("short_title",)),
    ]


def _qn(connection):
    return connection.ops.quote_name


def _names_sql(connection, language):
    """A scalar subquery: the names of the recommendation row being updated, in `language`."""
    qn = _qn(connection)
    table = qn(Recommendation._meta.db_table)
    selects = []
    for links, fk, model, fields in _sources():
        link_meta, meta = links._meta, model._meta
        labels = " || ' ' || ".join(label_sql(model, field, qn, alias="n", language=language) for field in fields)
        selects.append(
            f"SELECT {labels} AS label FROM {qn(link_meta.db_table)} l "  # noqa: S608 - the module's own names
            f"JOIN {qn(meta.db_table)} n ON n.{qn(meta.pk.column)} = l.{qn(link_meta.get_field(fk).column)} "
            f"WHERE l.{qn(link_meta.get_field('recommendation').column)} = {table}.{qn('id')}"
        )
    postgres = connection.vendor == "postgresql"
    gather = "string_agg(label, ' ' ORDER BY label)" if postgres else "group_concat(label, ' ')"
    return f"(SELECT COALESCE({gather}, '') FROM ({' UNION ALL '.join(selects)}) names)"  # noqa: S608


def refresh_sql(connection, where):
    """SQL recomputing the names of the recommendations `where` selects (an SQL condition on the table)."""
    qn = _qn(connection)
    table = qn(Recommendation._meta.db_table)
    names = {language: _names_sql(connection, language) for language in LANGUAGES}
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    assignments = ", ".join(f"{qn(column(language))} = {names[language]}" for language in LANGUAGES)
    changed = " OR ".join(f"{table}.{qn(column(language))} {differs} {names[language]}" for language in LANGUAGES)
    return f"UPDATE {table} SET {assignments} WHERE ({where}) AND ({changed})"  # noqa: S608


def refresh(using="default"):
    """Recompute every recommendation's names (after triggers were missing, or when they were added)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(refresh_sql(connection, "1 = 1"))


def _watched(connection):
    """[(table, ids)]: `ids(row)` is SQL selecting the recommendations a changed row concerns.

    `row` is NEW or OLD in a SQLite row trigger, new_rows or old_rows (the statement's rows) in a
    PostgreSQL statement trigger.
    """
    qn = _qn(connection)
    statement = connection.vendor == "postgresql"
    watched = {}
    for links, fk, model, _fields in _sources():
        link_meta, meta = links._meta, model._meta
        links_table, recommendation = qn(link_meta.db_table), qn(link_meta.get_field("recommendation").column)
        named, pk = qn(link_meta.get_field(fk).column), qn(meta.pk.column)

        def linked(row, recommendation=recommendation):
            return f"SELECT {recommendation} FROM {row}" if statement else f"SELECT {row}.{recommendation}"  # noqa: S608

        def named_by(row, links_table=links_table, recommendation=recommendation, named=named, pk=pk):
            match = f"IN (SELECT {pk} FROM {row})" if statement else f"= {row}.{pk}"  # noqa: S608
            return f"SELECT {recommendation} FROM {links_table} WHERE {named} {match}"  # noqa: S608

        watched[link_meta.db_table] = linked
        watched[meta.db_table] = named_by
    return list(watched.items())


# Puts the names back when a save writes other names over them (a revert to a version, which
# does not keep them): only for a write of the names themselves, so other updates do not pay.
KEPT = f"{PREFIX}_recommendation_kept"


def trigger_names(connection):
    names = [KEPT]
    for table, _ids in _watched(connection):
        names += [f"{PREFIX}_{table}_{event}" for event in ("insert", "update", "delete")]
    return names


def _kept_statements(connection):
    qn = _qn(connection)
    table = qn(Recommendation._meta.db_table)
    pk = qn(Recommendation._meta.pk.column)
    columns = [qn(column(language)) for language in LANGUAGES]
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    written = " OR ".join(f"NEW.{name} {differs} OLD.{name}" for name in columns)
    refresh = refresh_sql(connection, f"{pk} = NEW.{pk}")
    if connection.vendor == "postgresql":
        # The refresh writes the names only when they differ, so its own update stops here. Names
        # a trigger wrote (pg_trigger_depth() > 0: the refresh after a change of links or names)
        # are right already: checking each of them again took half the time of a bulk link insert.
        function = qn(KEPT)
        return [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {refresh}; RETURN NULL; END $$",
            f"CREATE OR REPLACE TRIGGER {qn(KEPT)} AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"FOR EACH ROW WHEN (pg_trigger_depth() = 0 AND ({written})) EXECUTE FUNCTION {function}()",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {qn(KEPT)} AFTER UPDATE OF {', '.join(columns)} ON {table} "
        f"FOR EACH ROW WHEN {written} BEGIN {refresh}; END"
    ]


def installed(connection):
    """True when every trigger is in place."""
    return triggers.installed(connection, trigger_names(connection))


def install(connection):
    """Create every missing trigger; safe to run again."""
    qn = _qn(connection)
    pk = qn(Recommendation._meta.pk.column)
    statements = []
    for table, ids in _watched(connection):
        names = {event: f"{PREFIX}_{table}_{event}" for event in ("insert", "update", "delete")}
        if connection.vendor == "postgresql":
            # Statement-level, with the rows written: one update however many links a statement writes.
            function = qn(f"{PREFIX}_{table}")
            new, old = ids("new_rows"), ids("old_rows")
            body = (
                f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {refresh_sql(connection, f'{pk} IN ({new})')}; END IF; "
                f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {refresh_sql(connection, f'{pk} IN ({old})')}; END IF; "
                "RETURN NULL;"
            )
            statements.append(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
            )
            transitions = {
                "insert": "NEW TABLE AS new_rows",
                "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                "delete": "OLD TABLE AS old_rows",
            }
            statements += [
                f"CREATE OR REPLACE TRIGGER {qn(name)} AFTER {event.upper()} ON {qn(table)} "
                f"REFERENCING {transitions[event]} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                for event, name in names.items()
            ]
        else:
            rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}
            statements += [
                f"CREATE TRIGGER IF NOT EXISTS {qn(name)} AFTER {event.upper()} ON {qn(table)} BEGIN "
                f"{refresh_sql(connection, ' OR '.join(f'{pk} IN ({ids(row)})' for row in rows[event]))}; END"
                for event, name in names.items()
            ]
    statements += _kept_statements(connection)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection):
    qn = _qn(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {qn(KEPT)} ON {qn(Recommendation._meta.db_table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {qn(KEPT)}()")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {qn(KEPT)}")
        for table, _ids in _watched(connection):
            for event in ("insert", "update", "delete"):
                name = qn(f"{PREFIX}_{table}_{event}")
                cursor.execute(
                    f"DROP TRIGGER IF EXISTS {name} ON {qn(table)}"
                    if connection.vendor == "postgresql"
                    else f"DROP TRIGGER IF EXISTS {name}"
                )
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {qn(f'{PREFIX}_{table}')}()")


def reinstall_after_migrate(sender, using="default", **kwargs):
    """post_migrate: put back triggers a migration dropped, then recompute the names they missed."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not tables.issuperset(table for table, _ids in _watched(connection)):
        return
    columns = {
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), Recommendation._meta.db_table)
    }
    if column(DEFAULT_LANGUAGE) in columns and not installed(connection):
        install(connection)
        refresh(using)
