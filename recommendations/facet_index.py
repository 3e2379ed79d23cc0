"""Facet counts of the recommendations list from an index of the public recommendations, kept in memory.

Counting a facet in SQL means joining its links to the list as if its own filter were not
chosen, for each of the eight facets of a page, and that grows with the rows. Instead each
process keeps a `FacetIndex`: for every value of a facet of links (facets.py) the set of its
public recommendations as a bitset over recommendation ids (a Python int), and for every
published roundtable its public rows and the values of the facets that choose roundtables.
Every count of a page is then an AND of a few bitsets and a population count, whatever the
filters; the page's ids are located from it too (counting.py). The index holds ids and numbers
only, never labels: names are read with each page, in the visitor's language.

Invalidation. Database triggers on every table the index reads (recommendations, their theme,
framework and actor links, alignments, roundtables, their roles, summits) give that table's row
of `recommendations_facet_version` a new random value on every write, whatever makes it: the
admin, queryset.update(), the importer's SQL, fixtures, M2M changes, raw SQL, TRUNCATE on
PostgreSQL. Each page reads those values (one cheap query, which also checks that the triggers
are all there and enabled) and uses the index built for them. After a write, the next page
reloads only the parts of the index whose tables changed (see PARTS). The recommendation's own
columns the index reads are versioned on their own (Columns): saving its text reloads nothing.
A part whose tables changed re-reads only the recommendations a log of changes names
(facet_changes.py): a changed status, the rows of its roundtable; changed themes, that
recommendation's theme links. A value is random rather than a counter so that
a rolled-back write can never leave a number that a later write reuses with other data behind
it. The parts are read in one transaction (REPEATABLE READ on PostgreSQL) with the versions,
so each part always holds the data of its tables' versions.

When the triggers are not all in place (a SQLite migration that rebuilds a table drops the
table's triggers), the versions are not trusted: each page then reads a whole index for itself
and keeps none, slower but never stale; `install()` runs again after every `migrate` and puts
them back.
"""

import logging
import sys
from array import array
from collections import deque
from dataclasses import dataclass, replace
from functools import cache
from itertools import repeat
from types import MappingProxyType

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import translation

from gfmd_portal.publishing import Status
from roundtables.counting import PublicCounts
from roundtables.models import Roundtable

from . import facet_changes, facet_snapshot
from .facets import BY_NAME, FACETS, LINK_FACETS, ROUNDTABLE_FACETS, Kind, labels
from .models import Recommendation

logger = logging.getLogger(__name__)

VERSION_TABLE = "recommendations_facet_version"
TRIGGER = "recommendations_facet_version"
FUNCTION = "recommendations_bump_facet_version"


@dataclass(frozen=True)
class Columns:
    """Some columns of a model's table, versioned on their own: a part that reads only these is
    kept while updates write none of them (a recommendation's text saved, its status and
    roundtable as they were). Rows inserted or deleted change them all."""

    model: type
    fields: tuple
    # A short name for its version row and trigger, where the columns would make them too long.
    name: str | None = None

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def columns(self):
        return [self.model._meta.get_field(name).column for name in self.fields]

    @property
    def key(self):
        """Its row in the version table: "table(column,column)", or "table(name)"."""
        return f"{self.table}({self.name or ','.join(self.columns)})"


# The index's parts, each reloaded only when one of its models' tables (or columns) changed: the
# published roundtables with the values of every facet that chooses roundtables, the public rows
# per roundtable, and the links of each facet of links. Derived from the facet table.
PARTS = {
    "catalog": (Roundtable, *(model for facet in ROUNDTABLE_FACETS for model in facet.models)),
    "rows": (Columns(Recommendation, ("id", "status", "roundtable")),),
    **{
        facet.name: (Columns(Recommendation, ("id", facet.field.name)),) if facet.kind is Kind.COLUMN else facet.models
        for facet in LINK_FACETS
    },
    # The tables the facets' labels are read from: labels are read once per language and kept
    # with the index until one of them changes.
    "labels": tuple(dict.fromkeys(model for facet in FACETS if facet.is_model for model in facet.label_models)),
}


# What a search reads of a recommendation, versioned on its own though no part of the index reads
# it: the searches kept (recent_searches.py) are read again when it changes, or the list's rows
# or roundtables do (its statuses, their order), not after every write to the table. The text in
# each language, the names of what it is about (topics.py) and the source excerpt are the
# columns of the search index (fts.COLUMNS, PostgreSQL's stored vectors); its number orders
# equal ranks.
SEARCHED = Columns(
    Recommendation,
    ("id", "number", "text", "text_fr", "text_es", "topics", "topics_fr", "topics_es", "source_excerpt"),
    name="searched",
)


# What the export writes of a recommendation's own row, versioned (and logged) on its own: the
# export's stored lines (export/lines.py) write again the lines of the recommendations updated
# in these columns. Its follow-up entries' progress and count are kept in two of them
# (followup/progress.py); its roundtable's columns and its lists are read elsewhere.
EXPORTED = Columns(
    Recommendation,
    (
        "id",
        "roundtable",
        "number",
        "text",
        "text_fr",
        "text_es",
        "source_excerpt",
        "updated_at",
        "progress",
        "follow_up_count",
    ),
    name="exported",
)


# What follows is read from PARTS, fixed when the module loads: each is worked out once, not
# on every page that reads the versions.


def _table(source):
    """The table of a part's source: a model, or Columns."""
    return source.table if isinstance(source, Columns) else source._meta.db_table


def _key(source):
    """The version key of a part's source: its table, or a Columns' key."""
    return source.key if isinstance(source, Columns) else source._meta.db_table


@cache
def watched_tables():
    """Every table whose rows the index reads."""
    return tuple(dict.fromkeys(_table(source) for sources in PARTS.values() for source in sources))


@cache
def column_groups():
    """Every Columns the index versions on its own: those of its parts, what a search reads and
    what the export writes."""
    return tuple(
        dict.fromkeys(
            [source for sources in PARTS.values() for source in sources if isinstance(source, Columns)]
            + [SEARCHED, EXPORTED]
        )
    )


@cache
def _part_keys():
    return {part: tuple(dict.fromkeys(_key(source) for source in sources)) for part, sources in PARTS.items()}


@cache
def _search_keys():
    return (SEARCHED.key, *_part_keys()["rows"], *_part_keys()["catalog"])


def search_versions(versions):
    """The versions a search's matches were found under (None: not to be kept): what it reads, and
    the public rows and roundtables, whose statuses and order its ranking and bits follow."""
    return None if versions is None else tuple(versions[key] for key in _search_keys())


def only_searched_changed(old, new):
    """Whether search versions (search_versions()) differ in what a search reads of the
    recommendations alone, not in the public rows or roundtables."""
    return old is not None and new is not None and old[0] != new[0] and old[1:] == new[1:]


def part_versions(versions):
    """{part: the versions of its tables and columns} within the versions of every key."""
    return {part: tuple(versions[key] for key in keys) for part, keys in _part_keys().items()}


@cache
def logged_tables():
    """{table: (its column of the recommendation, the writes logged)} of the log of changes
    (facet_changes.py): every write to a table of links; the recommendations inserted and
    deleted (their column groups' triggers log the updates that change them)."""
    links = {facet.links[0]._meta.db_table: facet.links[1] for facet in LINK_FACETS if facet.kind is Kind.LINKS}
    grouped = {group.table: group.model._meta.pk.column for group in column_groups()}
    return MappingProxyType(
        {
            **{table: (column, facet_changes.EVENTS) for table, column in links.items()},
            **{table: (column, ("insert", "delete")) for table, column in grouped.items()},
        }
    )


@cache
def logged_names():
    """Every name the log of changes logs under: its tables and the column groups."""
    return (*logged_tables(), *(group.key for group in column_groups()))


@cache
def version_keys():
    """Every row of the version table: the watched tables, then their versioned columns."""
    return (*watched_tables(), *(group.key for group in column_groups()))


# ---------------------------------------------------------------- the versions and their triggers


def _sqlite_trigger_names(table):
    return [f"{TRIGGER}_{table}_{event}" for event in ("insert", "update", "delete")]


def column_trigger_name(connection, group):
    """The trigger of a column group: on PostgreSQL also its function's name. Fired after the
    table's own trigger (triggers of one event fire in the order of their names)."""
    return _column_trigger_name(connection.vendor, group)


def _column_trigger_name(vendor, group):
    columns = group.name or "_".join(group.columns)
    if vendor != "postgresql":  # SQLite's trigger names are the database's, not the table's
        return f"{TRIGGER}_{group.table}_of_{columns}"
    name = f"{TRIGGER}_of_{columns}"
    assert len(name) <= 63, name  # PostgreSQL's longest name
    return name


def trigger_names(connection):
    """Every trigger the versions need: per table, per column group, and the log's."""
    return _trigger_names(connection.vendor)


@cache
def _trigger_names(vendor):
    per_table = [
        name
        for table in watched_tables()
        for name in ([TRIGGER] if vendor == "postgresql" else _sqlite_trigger_names(table))
    ]
    return (
        *per_table,
        *(_column_trigger_name(vendor, group) for group in column_groups()),
        *facet_changes.trigger_names(vendor, TRIGGER, logged_tables()),
    )


# Versions are random, never counters: a write rolled back could otherwise leave a number that
# a later write reuses with other data behind it.
NEW_VERSION = {"postgresql": "gen_random_uuid()", "sqlite": "lower(hex(randomblob(16)))"}
VERSION_COLUMN = {"postgresql": "uuid", "sqlite": "text"}


def mark_changed(connection, table):
    """Give a watched table and its column groups new versions, as writing every row would: for
    changes made without writing its rows, such as a rebuild of the search index (fts.py)."""
    if table not in watched_tables() or VERSION_TABLE not in connection.introspection.table_names():
        return
    keys = [table, *(group.key for group in column_groups() if group.table == table)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {VERSION_TABLE} SET version = {NEW_VERSION[connection.vendor]} "  # noqa: S608
            f"WHERE table_name IN ({', '.join(['%s'] * len(keys))})",
            keys,
        )


def _changed(qn, group, old, new):
    """SQL: the row `old` and the row `new` differ in one of the group's columns."""
    return " OR ".join(f"{old}.{qn(column)} IS DISTINCT FROM {new}.{qn(column)}" for column in group.columns)


def install(connection):
    """Create the version rows and every missing trigger; safe to run again.

    Every table and column group gets a new version: writes made while a trigger was missing
    are then counted.
    """
    qn = connection.ops.quote_name
    new = NEW_VERSION[connection.vendor]
    tables, keys = watched_tables(), version_keys()
    # Migrations run this before every column exists (0007, before the progress column): the
    # triggers of a missing column are left to the post_migrate run that follows them.
    with connection.cursor() as cursor:
        existing = {
            table: {column.name for column in connection.introspection.get_table_description(cursor, table)}
            for table in dict.fromkeys(group.table for group in column_groups())
        }
    groups = [group for group in column_groups() if existing[group.table].issuperset(group.columns)]
    statements = [
        (
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} "
            f"(table_name varchar(100) PRIMARY KEY, version {VERSION_COLUMN[connection.vendor]} NOT NULL)",
            None,
        ),
        (
            f"INSERT INTO {VERSION_TABLE} (table_name, version) "  # noqa: S608 - the module's own constants
            f"VALUES {', '.join([f'(%s, {new})'] * len(keys))} "
            "ON CONFLICT (table_name) DO UPDATE SET version = EXCLUDED.version",
            list(keys),
        ),
        (facet_changes.create_table(connection), None),
        # Writes made while a trigger was missing were not logged either: every part is read in full.
        (
            f"INSERT INTO {facet_changes.TABLE} (table_name) "  # noqa: S608
            f"VALUES {', '.join(['(%s)'] * len(logged_names()))}",
            list(logged_names()),
        ),
    ]
    # Every version row is locked first, always in the same order: two transactions writing the
    # same tables in different orders (a save, a deletion) then wait for each other instead of
    # deadlocking on each other's rows.
    lock = f"PERFORM 1 FROM {VERSION_TABLE} ORDER BY table_name FOR UPDATE;"
    if connection.vendor == "postgresql":
        # Statement-level: one new version per statement, however many rows it writes. An
        # insert, a deletion or a TRUNCATE changes the table's column groups too; an update,
        # only those whose columns the second trigger finds changed.
        bump = (
            f"{lock} UPDATE {VERSION_TABLE} SET version = {new} WHERE table_name = TG_TABLE_NAME "  # noqa: S608
            "OR (TG_OP <> 'UPDATE' AND starts_with(table_name, TG_TABLE_NAME || '(')); "
            f"{facet_changes.truncated()}"
        )
        statements.append(
            (
                f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN {bump} RETURN NULL; END $$",
                None,
            )
        )
        statements += [
            (
                f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {qn(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
                None,
            )
            for table in tables
        ]
        for group in groups:
            pk, name = qn(group.model._meta.pk.column), column_trigger_name(connection, group)
            # The rows whose group's values changed go into the log of changes, under the group.
            check = (
                f"INSERT INTO {facet_changes.TABLE} (table_name, recommendation_id) "  # noqa: S608
                f"SELECT DISTINCT '{group.key}', COALESCE(o.{pk}, n.{pk}) FROM old_rows o "
                f"FULL JOIN new_rows n ON n.{pk} = o.{pk} "
                f"WHERE o.{pk} IS NULL OR n.{pk} IS NULL OR {_changed(qn, group, 'o', 'n')}; "
                f"IF FOUND THEN UPDATE {VERSION_TABLE} SET version = {new} WHERE table_name = '{group.key}'; "
                f"{facet_changes.prune()} END IF;"
            )
            statements += [
                (
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN {lock} {check} RETURN NULL; END $$",
                    None,
                ),
                (
                    f"CREATE OR REPLACE TRIGGER {name} AFTER UPDATE ON {qn(group.table)} "
                    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
                    None,
                ),
            ]
    else:
        # SQLite has row triggers only: one update of a small table's row per row written. It
        # has no CREATE OR REPLACE TRIGGER: each is dropped and created again, so that a trigger
        # of an earlier version of the portal, with the same name, gets the body of this one.
        statements += [(f"DROP TRIGGER IF EXISTS {qn(name)}", None) for name in trigger_names(connection)]

        def every_key(table):
            return ", ".join(f"'{key}'" for key in [table, *(g.key for g in groups if g.table == table)])

        for table in tables:
            insert, update, delete = _sqlite_trigger_names(table)
            statements += [
                (
                    f"CREATE TRIGGER IF NOT EXISTS {qn(name)} AFTER {event} ON {qn(table)} BEGIN "  # noqa: S608
                    f"UPDATE {VERSION_TABLE} SET version = {new} WHERE table_name IN ({changes}); END",
                    None,
                )
                for name, event, changes in [
                    (insert, "INSERT", every_key(table)),
                    (update, "UPDATE", f"'{table}'"),
                    (delete, "DELETE", every_key(table)),
                ]
            ]
        for group in groups:
            pk, log = (
                qn(group.model._meta.pk.column),
                f"INSERT INTO {facet_changes.TABLE} (table_name, recommendation_id)",
            )
            statements.append(
                (
                    f"CREATE TRIGGER IF NOT EXISTS {qn(column_trigger_name(connection, group))} "  # noqa: S608
                    f"AFTER UPDATE OF {', '.join(qn(c) for c in group.columns)} ON {qn(group.table)} "
                    f"WHEN {_changed(qn, group, 'OLD', 'NEW')} BEGIN "
                    f"UPDATE {VERSION_TABLE} SET version = {new} WHERE table_name = '{group.key}'; "
                    f"{log} VALUES ('{group.key}', OLD.{pk}); "
                    f"{log} SELECT '{group.key}', NEW.{pk} WHERE NEW.{pk} IS NOT OLD.{pk}; "
                    f"{facet_changes.prune()} END",
                    None,
                )
            )
    statements += [(sql, None) for sql in facet_changes.trigger_statements(connection, TRIGGER, logged_tables())]
    with connection.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params)


def uninstall(connection):
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in watched_tables():
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {qn(table)}")
            for group in column_groups():
                name = column_trigger_name(connection, group)
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {qn(group.table)}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        else:
            for name in trigger_names(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {qn(name)}")
        for statement in facet_changes.drop_statements(connection, TRIGGER, logged_tables()):
            cursor.execute(statement)
        cursor.execute(f"DROP TABLE IF EXISTS {VERSION_TABLE}")


def reinstall_after_migrate(sender, using="default", **kwargs):
    """post_migrate (connected in RecommendationsConfig.ready()): put back triggers a migration dropped.

    SQLite rebuilds a table to alter it, without its triggers; this runs after every `migrate`
    once migration 0007 has created the version table, and also gives triggers of an earlier
    version of the portal this one's bodies.
    """
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if VERSION_TABLE in tables and tables.issuperset(watched_tables()):
        install(connection)


def read_versions(connection):
    """{table: version} of every watched table, or None when they cannot be trusted.

    Untrusted: a version row or a trigger is missing, or a trigger is disabled.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # By name: no other table has a trigger of that name (a join to pg_class to check
            # which tables have it would triple the cost of the query every page runs).
            cursor.execute(
                f"SELECT table_name, version::text, (SELECT count(*) FROM pg_trigger "  # noqa: S608
                f"WHERE tgname = ANY(%s) AND tgenabled <> 'D') FROM {VERSION_TABLE}",
                [list(dict.fromkeys(trigger_names(connection)))],
            )
        else:
            names = list(trigger_names(connection))
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT table_name, version, (SELECT count(*) FROM sqlite_master "  # noqa: S608
                f"WHERE type = 'trigger' AND name IN ({marks})) FROM {VERSION_TABLE}",
                names,
            )
        rows = cursor.fetchall()
    versions = {table: version for table, version, _triggers in rows}
    keys = version_keys()
    if not rows or rows[0][2] != len(trigger_names(connection)) or not versions.keys() >= set(keys):
        return None
    return {key: versions[key] for key in keys}


# ---------------------------------------------------------------- reading the parts


def _bitset(ids, length):
    """A Python int with bit i set for every id i (every id below `length`)."""
    chars = bytearray(b"0") * length
    # map() drives the loop in C: several times faster than a Python for loop.
    deque(map(chars.__setitem__, ids, repeat(ord("1"))), maxlen=0)
    chars.reverse()  # int(..., 2) reads the most significant digit first
    return int(chars, 2)


def parse_ids(value):
    """The ids an aggregate of the index's queries returns (see _aggregate), as an array of ints."""
    ids = array("q")
    if isinstance(value, str):
        ids.extend(map(int, value.split(",")))
    elif value is not None:  # PostgreSQL: 8-byte big-endian integers, read without a Python loop
        ids.frombytes(value)
        if sys.byteorder == "little":
            ids.byteswap()
    return ids


def gathered_ids(connection, column):
    """SQL gathering a column's ids into one value per group: text on SQLite, binary on PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"string_agg(int8send({column}), ''::bytea)"
    return f"group_concat({column}, ',')"


def _load_catalog(connection):
    """Published roundtables in list order, [id], and {facet: {roundtable id: frozenset of its values}}.

    A value is a row's pk (a roundtable, a country's code) or a plain value (a year).
    """
    published = Roundtable.objects.using(connection.alias).filter(status=Status.PUBLISHED)
    roundtables = list(published.order_by("summit__year", "code", "id").values_list("id", flat=True))
    values = {}
    for facet in ROUNDTABLE_FACETS:
        lookup = facet.roundtable_path or "id"
        found = {}
        held = published.order_by().filter(**{f"{lookup}__isnull": False}).values_list("id", lookup)
        for roundtable_id, value in held:
            found.setdefault(roundtable_id, set()).add(value)
        values[facet.name] = {pk: frozenset(chosen) for pk, chosen in found.items()}
    return roundtables, values


def _load_labels(connection):
    """An empty {language: labels} that `FacetIndex.labels()` fills as pages ask for each language."""
    return {}


@dataclass(frozen=True)
class PublishedRows:
    """The published recommendations of each roundtable that has any."""

    # {roundtable id: (lowest id, bitset of its published rows shifted down by it)}
    spans: dict
    # {roundtable id: number of its published rows}
    sizes: dict


def _load_rows(connection, roundtables=None):
    """The published recommendations of each roundtable (or of those `roundtables`), as PublishedRows.

    Per roundtable, one row with the number of its published recommendations and their lowest
    and highest id; their ids only when they are not consecutive (usually they are).
    """
    qn = connection.ops.quote_name
    meta = Recommendation._meta
    table, status = qn(meta.db_table), qn(meta.get_field("status").column)
    roundtable, pk = qn(meta.get_field("roundtable").column), qn(meta.pk.column)
    # The ids' subquery only runs for the roundtables whose ids are not consecutive.
    sql = (
        f"SELECT r.{roundtable}, COUNT(*), MIN(r.{pk}), MAX(r.{pk}), "  # noqa: S608
        f"CASE WHEN MAX(r.{pk}) - MIN(r.{pk}) + 1 = COUNT(*) THEN NULL ELSE "
        f"(SELECT {gathered_ids(connection, f'o.{pk}')} FROM {table} o WHERE o.{status} = %s "
        f"AND o.{roundtable} = r.{roundtable}) END "
        f"FROM {table} r WHERE r.{status} = %s{{only}} GROUP BY r.{roundtable}"
    )
    params = [Status.PUBLISHED, Status.PUBLISHED]
    only = ""
    if roundtables is not None:
        only = f" AND r.{roundtable} IN ({', '.join(['%s'] * len(roundtables))})"
        params += roundtables
    with connection.cursor() as cursor:
        cursor.execute(sql.format(only=only), params)
        groups = cursor.fetchall()
    spans, sizes = {}, {}
    for roundtable_id, count, low, high, ids in groups:
        if high - low + 1 == count:
            span = (1 << count) - 1
        else:
            span = _bitset((i - low for i in parse_ids(ids)), high - low + 1)
        spans[roundtable_id], sizes[roundtable_id] = (low, span), count
    return PublishedRows(spans, sizes)


# In a facet's links: the value of every row that has no other value (see _load_links()).
EVERY_OTHER_ROW = None


def _most_common(connection, facet):
    """The most common value of a facet of a NOT NULL column of the recommendation, or None."""
    model, _recommendation, column = BY_NAME[facet].links
    if BY_NAME[facet].kind is not Kind.COLUMN or BY_NAME[facet].field.null:
        return None
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {qn(column)} FROM {qn(model._meta.db_table)} GROUP BY {qn(column)} "  # noqa: S608
            f"ORDER BY COUNT(*) DESC, {qn(column)} LIMIT 1"
        )
        found = cursor.fetchone()
    return found[0] if found else None


def _load_links(connection, facets, only=None):
    """{facet: {value pk: bitset of the recommendations linked to it}}, public or not.

    One query for the facets of links (their values are ids) and one for the facets of a column
    of the recommendation (their values are its column's text): a UNION needs one type per column.
    A NOT NULL column's most common value (most recommendations have no follow-up: progress
    "none") is not read id by id: it is EVERY_OTHER_ROW, the rows with none of the other values,
    which FacetIndex.combine() works out from them. With `only` (ids of recommendations), the
    links of those recommendations alone.
    """
    qn = connection.ops.quote_name
    groups = {}
    links = {facet: {} for facet in facets}
    for facet in facets:
        model, recommendation, column = BY_NAME[facet].links
        column, recommendation = qn(column), qn(recommendation)
        common = _most_common(connection, facet) if only is None else None
        params = [facet]
        where = f"{column} IS NOT NULL"
        if only is not None:
            where += f" AND {recommendation} IN ({', '.join(['%s'] * len(only))})"
            params += only
        if common is not None:
            links[facet][common] = EVERY_OTHER_ROW
            where += f" AND {column} <> %s"
            params.append(common)
        groups.setdefault(BY_NAME[facet].kind, []).append(
            (
                params,
                f"SELECT %s, {column}, MAX({recommendation}), {gathered_ids(connection, recommendation)} "  # noqa: S608
                f"FROM {qn(model._meta.db_table)} WHERE {where} GROUP BY {column}",
            )
        )
    with connection.cursor() as cursor:
        for parts in groups.values():
            cursor.execute(
                " UNION ALL ".join(sql for _params, sql in parts), [p for params, _sql in parts for p in params]
            )
            for facet, pk, high, ids in cursor.fetchall():
                links[facet][pk] = _bitset(parse_ids(ids), high + 1)
    return links


# ---------------------------------------------------------------- the index


@dataclass(frozen=True)
class Part:
    """One part of the index (see PARTS) as it was read, with the versions of its tables then
    and the last seq of the log of changes it holds (facet_changes.py; None: never updated from it)."""

    versions: tuple | None
    loaded: object
    position: int | None = None


def _updated_links(connection, facet, part, ids):
    """A facet's links with those of the recommendations `ids` read again."""
    ids = sorted(ids)
    found = _load_links(connection, [facet], only=ids)[facet]
    mask = ~_bitset(ids, ids[-1] + 1)
    links = {}
    for pk, bits in part.loaded.items():
        if bits is EVERY_OTHER_ROW:  # still the rows with no other value
            links[pk] = bits
            found.pop(pk, None)
        elif kept := (bits & mask) | found.pop(pk, 0):
            links[pk] = kept
    links.update(found)
    return links


def _updated_rows(connection, _name, part, ids):
    """The rows per roundtable with the roundtables that hold the recommendations `ids`, before
    the write or after it, read again."""
    ids = sorted(ids)
    rows, mask = part.loaded, _bitset(ids, ids[-1] + 1)
    affected = {pk for pk, (low, span) in rows.spans.items() if (span << low) & mask}
    meta = Recommendation._meta
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {qn(meta.get_field('roundtable').column)} FROM {qn(meta.db_table)} "  # noqa: S608
            f"WHERE {qn(meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        affected.update(pk for (pk,) in cursor.fetchall())
    fresh = _load_rows(connection, sorted(affected))
    spans = {pk: span for pk, span in rows.spans.items() if pk not in affected}
    sizes = {pk: size for pk, size in rows.sizes.items() if pk not in affected}
    spans.update(fresh.spans)
    sizes.update(fresh.sizes)
    return PublishedRows(spans, sizes)


# The parts the log of changes can update, and how.
UPDATED_FROM_LOG = {"rows": _updated_rows, **{facet.name: _updated_links for facet in LINK_FACETS}}


def _log_names(part):
    """The names a part's changes are logged under: its tables, and its column groups with their table."""
    return {name for source in PARTS[part] for name in {_key(source), _table(source)}}


def _from_log(connection, stale, kept, current, position):
    """{part: Part} of the stale parts that the log of changes (facet_changes.py) can update: it
    says which recommendations changed since the kept part was read, and only theirs are read.
    The others (too far behind, after a TRUNCATE, or never read) are left to be read in full."""
    behind = [kept[name].position for name in stale if name in kept and kept[name].position is not None]
    if not behind or position is None:
        return {}
    rows = facet_changes.touched(connection, min(behind), position)
    if rows is None:
        return {}
    parts = {}
    for name in stale:
        part = kept.get(name)
        if part is None or part.position is None:
            continue
        ids = facet_changes.ids_logged(rows, part.position, _log_names(name))
        if ids is not facet_changes.EVERYTHING:
            loaded = UPDATED_FROM_LOG[name](connection, name, part, ids) if ids else part.loaded
            parts[name] = Part(current[name], loaded, position)
    return parts


@dataclass
class FacetIndex:
    """The public recommendations by roundtable and by facet value, as bitsets over their ids.

    A subset of the list is given as (roundtables, bits): the public rows in those roundtables
    (None: in any) that are also in `bits` (None: no other condition).
    """

    # {table: version} the index holds the data of, and {part name: Part}.
    versions: dict
    parts: dict
    # Published roundtables' ids in list order.
    roundtables: list
    # {facet: {roundtable id: frozenset of values}} of each facet that chooses roundtables.
    chooses: dict
    # {roundtable id: (lowest id, bitset of its public rows shifted down by it)} and their numbers.
    spans: dict
    sizes: dict
    public: int
    # {facet: {value pk: bitset of its public rows}} and {facet: {value pk: number of them}}.
    values: dict
    totals: dict
    # The parts this index read in full from the tables (not kept, nor updated from the log).
    read_in_full: frozenset = frozenset()

    @classmethod
    def build(cls, connection, kept=None):
        """Read the parts whose tables changed since the `kept` ones ({name: Part}; all without
        them), in one snapshot.

        When the versions cannot be trusted, every part is read and the index holds no
        versions: it serves one request and is never kept.
        """
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=connection.alias):
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            versions = read_versions(connection)
            if versions is None:
                current = dict.fromkeys(PARTS)
                kept = None
            else:
                current = part_versions(versions)
            kept = kept or {}
            parts = {name: kept[name] for name, now in current.items() if name in kept and kept[name].versions == now}
            if "catalog" not in parts:
                parts["catalog"] = Part(current["catalog"], _load_catalog(connection))
            if "labels" not in parts:
                parts["labels"] = Part(current["labels"], _load_labels(connection))
            # The log's position, read in the same snapshot as the parts. None (never updated from
            # the log, read in full next time) when the versions are not trusted, or when this
            # runs inside a caller's transaction, whose writes could still be rolled back.
            position = facet_changes.position(connection) if versions is not None and outermost else None
            stale = [name for name in UPDATED_FROM_LOG if name not in parts]
            parts.update(_from_log(connection, stale, kept, current, position))
            read_in_full = frozenset(name for name in UPDATED_FROM_LOG if name not in parts)
            if "rows" not in parts:
                parts["rows"] = Part(current["rows"], _load_rows(connection), position)
            stale = [facet.name for facet in LINK_FACETS if facet.name not in parts]
            for facet, links in _load_links(connection, stale).items():
                parts[facet] = Part(current[facet], links, position)
        return cls.combine(versions, parts, read_in_full)

    @classmethod
    def combine(cls, versions, parts, read_in_full=frozenset()):
        """The index of these parts: only published roundtables' rows are public."""
        roundtables, chooses = parts["catalog"].loaded
        rows = parts["rows"].loaded
        spans, sizes, public = {}, {}, 0
        for pk in roundtables:
            if pk in rows.spans:
                low, span = spans[pk] = rows.spans[pk]
                sizes[pk] = rows.sizes[pk]
                public |= span << low
        values, totals = {}, {}
        for facet in LINK_FACETS:
            values[facet.name], totals[facet.name] = {}, {}
            loaded = parts[facet.name].loaded
            others = 0
            for links in loaded.values():
                if links is not EVERY_OTHER_ROW:
                    others |= links
            for pk, links in loaded.items():
                if bits := (public & ~others if links is EVERY_OTHER_ROW else links & public):
                    values[facet.name][pk], totals[facet.name][pk] = bits, bits.bit_count()
        return cls(versions, parts, roundtables, chooses, spans, sizes, public, values, totals, read_in_full)

    def labels(self, using, language):
        """{facet: {key: Label}} in `language` (facets.labels()), read once per language for this index."""
        by_language = self.parts["labels"].loaded
        if language not in by_language:
            by_language[language] = labels(using)
        return by_language[language]

    def roundtables_of(self, facet, chosen):
        """The published roundtables holding any of these values of a facet that chooses roundtables."""
        chosen = set(chosen)
        return {pk for pk, held in self.chooses[facet].items() if not chosen.isdisjoint(held)}

    def values_of(self, facet, roundtable_counts):
        """{value: rows} of a facet that chooses roundtables, from rows counted per roundtable."""
        counts, held = {}, self.chooses[facet]
        for pk, n in roundtable_counts.items():
            for value in held.get(pk, ()):
                counts[value] = counts.get(value, 0) + n
        return counts

    def value_bits(self, facet, chosen):
        """The public rows holding any of these values (OR within a facet)."""
        bits = 0
        for pk in chosen:
            bits |= self.values[facet].get(pk, 0)
        return bits

    def hidden_roundtables(self):
        """The roundtables not published that hold published rows, whose rows are not public."""
        return sorted(set(self.parts["rows"].loaded.spans) - set(self.spans))

    def ids_bits(self, ids):
        """The public rows among these ids."""
        ids = array("q", ids)
        return _bitset(ids, max(ids) + 1) & self.public if ids else 0

    def bits(self, roundtables, bits):
        """A subset as one bitset (None for every public row)."""
        if roundtables is None:
            return bits
        within = 0
        for pk in roundtables:
            if pk in self.spans:
                low, span = self.spans[pk]
                within |= span << low
        return within if bits is None else within & bits

    def roundtable_counts(self, roundtables, bits):
        """{roundtable id: rows} over a subset, leaving out roundtables with none."""
        kept = self.sizes if roundtables is None else [pk for pk in roundtables if pk in self.sizes]
        if bits is None:
            return {pk: self.sizes[pk] for pk in kept}
        # Each roundtable's few bytes of the subset, rather than shifting the whole bitset once
        # per roundtable.
        raw = bits.to_bytes(bits.bit_length() // 8 + 1, "little")
        counts = {}
        for pk in kept:
            low, span = self.spans[pk]
            start = low >> 3
            chunk = int.from_bytes(raw[start : start + (span.bit_length() + 15) // 8], "little")
            if n := ((chunk >> (low & 7)) & span).bit_count():
                counts[pk] = n
        return counts

    def value_roundtable_counts(self, facet):
        """{value pk: {roundtable id: public rows}} of a facet of links, values and roundtables with none left out."""
        return {pk: self.roundtable_counts(None, bits) for pk, bits in self.values[facet].items()}

    def ids_in(self, roundtable, bits):
        """Ids of a roundtable's public rows within `bits` (None: all of them), in increasing order."""
        if roundtable not in self.spans:
            return []
        low, span = self.spans[roundtable]
        found = span if bits is None else (bits >> low) & span
        digits = bin(found)[:1:-1]  # least significant first
        return [low + i for i, digit in enumerate(digits) if digit == "1"]

    def value_counts(self, facet, bits):
        """{value pk: rows} of a many-to-many facet over a subset given as one bitset (None: all public rows)."""
        if bits is None:
            return dict(self.totals[facet])
        counts = {}
        for pk, value in self.values[facet].items():
            if n := (value & bits).bit_count():
                counts[pk] = n
        return counts


# ---------------------------------------------------------------- one index per process and database

_indexes = {}
_untrusted = set()


def index_for(using):
    """The FacetIndex of the database's current content.

    Kept per process and database while the versions say nothing changed. When they cannot be
    trusted (a trigger is missing), an index is read for this request alone and not kept.
    """
    connection = connections[using]
    key = (using, connection.settings_dict["NAME"])
    versions = read_versions(connection)
    cached = _indexes.get(key)
    if versions is not None and cached is not None:
        if cached.versions == versions:
            return cached
        if all(cached.parts[name].versions == now for name, now in part_versions(versions).items()):
            # A write to none of the tables and columns the index reads (a recommendation's
            # text): the same index, under the new versions that searches are kept by.
            _indexes[key] = replace(cached, versions=versions)
            return _indexes[key]
    kept = None
    if versions is not None:
        # A new process starts from the snapshot another one kept (facet_snapshot.py).
        kept = cached.parts if cached is not None else load_snapshot(connection)
    index = FacetIndex.build(connection, kept)
    if index.read_in_full:
        save_snapshot(connection, index)
    if index.versions is None:
        _indexes.pop(key, None)
        if key not in _untrusted:  # once, not on every page
            _untrusted.add(key)
            logger.warning(
                "Facet counts are read afresh on every page: the triggers on %s are not all in place "
                "(`manage.py migrate` puts them back).",
                ", ".join(watched_tables()),
            )
        return index
    _untrusted.discard(key)
    _indexes[key] = index
    return index


# ---------------------------------------------------------------- the snapshot a new process starts from

# The parts a snapshot holds: those read from the log of changes. The catalog and the labels are
# small and read again by each new process.
SNAPSHOT_PARTS = tuple(UPDATED_FROM_LOG)


def _snapshot_signature():
    return [sorted(_part_keys().items()), list(SNAPSHOT_PARTS)]


def load_snapshot(connection):
    """{name: Part} of the snapshot kept in the database (facet_snapshot.py), or None."""
    held = facet_snapshot.load(connection, _snapshot_signature())
    if held is None:
        return None
    parts = {}
    for name, (versions, position, loaded) in held.items():
        if name in SNAPSHOT_PARTS:
            parts[name] = Part(versions, PublishedRows(*loaded) if name == "rows" else loaded, position)
    return parts


def save_snapshot(connection, index):
    """Keep the index's parts for the next new process; True when they were written.

    Never an index whose parts hold no position in the log: one read inside a transaction, whose
    writes could still be rolled back, or with versions that cannot be trusted.
    """
    parts = {name: index.parts[name] for name in SNAPSHOT_PARTS}
    if any(part.position is None for part in parts.values()):
        return False
    held = {
        name: (part.versions, part.position, (part.loaded.spans, part.loaded.sizes) if name == "rows" else part.loaded)
        for name, part in parts.items()
    }
    return facet_snapshot.save(connection, _snapshot_signature(), held)


def warm(using=DEFAULT_DB_ALIAS):
    """Read the index and its labels in every language: a new process's warm-up (gfmd_portal.warmup)."""
    index = index_for(using)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            index.labels(using, language)


def clear():
    """Forget this process's indexes: the next page builds one from scratch."""
    _indexes.clear()
    _untrusted.clear()


def public_counts(using):
    """The roundtables app's PublicCounts, from the index: no query but the versions' one."""
    index = index_for(using)
    return PublicCounts(index.public.bit_count(), dict(index.sizes), dict(index.totals["theme"]))
