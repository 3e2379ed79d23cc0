"""The export's lines kept ready (ExportLine), brought up to date before each export, and read.

An export used to write every cell of every row as it ran: joins to the roundtables and their
role holders, the list cells, the neutralising and quoting, and a sort of the wide rows into the
list's order. Each recommendation's line is now kept, per language and format (a variant:
"en.csv", "fr.json"), and an export reads the ids of its rows in the list's order and one stored
line for each: the database's own speed of reading a table.

A variant's lines are written the first time it is exported, and after that only where a
write touched them. What a line is made of, and how a change to it is found:

- the recommendation's own columns: the log of changes (facet_changes.py) names every
  recommendation updated in the columns the export writes (facet_index.EXPORTED), inserted or
  deleted, whatever wrote it; its follow-up entries' progress and count are two of those
  columns (followup/progress.py);
- its lists: the stored lists (lists.py) are brought up to date first, and the recommendations
  whose lists may have changed since the variant's state are found as the lists find theirs
  (the log of the tables of links, and the values that changed or moved in the vocabularies);
- its roundtable's cells (year, session, slug, title, co-chairs and rapporteurs, in the
  variant's language): every roundtable's are written again on each refresh (one query per
  role, a few hundred rows) and compared with those kept; the lines of the roundtables whose
  cells differ are written again.

Every line is written again when the log cannot say (pruned, too far behind, a TRUNCATE, the
triggers not trusted) or when more than half the lines would be. When nothing changed a refresh
reads the state row, the versions, the log's position and the roundtables' cells, and writes
nothing. Lines are written by the database itself (line_sql.py), INSERT ... SELECT.
"""

import contextlib
import itertools
import json

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Value

from gfmd_portal.i18n import DEFAULT_LANGUAGE

from .. import facet_index, search
from ..models import ExportLine, ExportLinesState, Recommendation
from . import line_sql, lists

# Lines a chunk of the response (about 200 KiB of CSV), and ids a query when read by id.
CHUNK_LINES = 250
CHUNK_IDS = 500
# Lines one fetch of PostgreSQL's server-side cursor reads (each fetch is a round trip), CSV
# and JSON (its lines are longer): the memory of an export stays under 2 MiB.
FETCHED = {False: 1000, True: 500}
# Recommendations whose lines one statement writes again.
RANGE = 20_000


def variant(language, as_json):
    return f"{language}.{'json' if as_json else 'csv'}"


def logged_names():
    """What the log names that a line is made of: the recommendations' own columns, their rows
    inserted and deleted, and the tables of their links."""
    return frozenset({facet_index.EXPORTED.key, Recommendation._meta.db_table, *lists.link_tables()})


def _kept_parts(parts):
    """The roundtables' cells as a state row keeps them (JSON: string keys)."""
    return {str(pk): texts for pk, texts in parts.items()}


def refresh(language=DEFAULT_LANGUAGE, as_json=False, using=DEFAULT_DB_ALIAS):
    """Bring one variant's lines up to date with the database. Returns how many lines were
    written (every one's when the whole variant was), 0 when nothing changed."""
    lists.refresh(using)
    connection = connections[using]
    name = variant(language, as_json)
    states = ExportLinesState.objects.using(using)
    state = states.filter(pk=name).first()
    parts = line_sql.roundtable_parts(as_json, language, using)
    if not lists.stale(state, *lists.current(connection)) and state.roundtables == _kept_parts(parts):
        return 0
    with transaction.atomic(using=using):
        state = lists.locked(states, name)
        versions, position = lists.current(connection)
        parts = line_sql.roundtable_parts(as_json, language, using)
        kept_parts = _kept_parts(parts)
        if not lists.stale(state, versions, position) and state.roundtables == kept_parts:
            return 0
        kept = lists.kept(lists.vocabularies(using))
        ids = lists.changed_since(using, state, versions, position, kept, logged_names())
        if ids is not None and state.roundtables != kept_parts:
            moved = [
                int(pk)
                for pk in state.roundtables.keys() | kept_parts.keys()
                if state.roundtables.get(pk) != kept_parts.get(pk)
            ]
            ids |= set(
                Recommendation._base_manager.using(using).filter(roundtable_id__in=moved).values_list("pk", flat=True)
            )
        if ids is not None and len(ids) > Recommendation._base_manager.using(using).count() // 2:
            ids = None
        written = _write(connection, name, parts, as_json, language, None if ids is None else sorted(ids))
        state.versions, state.position = versions or {}, position
        state.vocabularies, state.roundtables = kept, kept_parts
        state.save(using=using)
    return written


def _write(connection, name, parts, as_json, language, ids):
    """Write the lines of the recommendations `ids` (every one's when None) again; how many."""
    qn = connection.ops.quote_name
    meta = ExportLine._meta
    table = qn(meta.db_table)
    key = qn(meta.get_field("recommendation").column)
    columns = ", ".join(qn(meta.get_field(field).column) for field in ("variant", "recommendation", "head", "tail"))
    held = line_sql.Parts(connection, parts)
    try:
        head, tail = line_sql.head_and_tail(held, as_json, language)
        rows = (
            Recommendation._base_manager.using(connection.alias)
            .order_by()
            .annotate(export_variant=Value(name), export_head=head, export_tail=tail)
            .values_list("export_variant", "pk", "export_head", "export_tail")
        )
        if ids is None:
            # In the list's order: the default export then reads the table in the order it was
            # written, rather than a page here and a page there.
            batches = [("", rows.order_by(*Recommendation.ROUNDTABLE_ORDER, "pk"))]
        else:
            batches = [
                (f" AND {lists.listed(chunk).format(key)}", rows.filter(pk__in=chunk))
                for chunk in itertools.batched(ids, RANGE)
            ]
        written = 0
        with connection.cursor() as cursor:
            for which, selected in batches:
                cursor.execute(f"DELETE FROM {table} WHERE {qn('variant')} = %s{which}", [name])  # noqa: S608
                sql, params = selected.query.get_compiler(connection=connection).as_sql()
                cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)
                written += cursor.rowcount
        return written
    finally:
        held.close()


def read(queryset, base_url, as_json=False, language=DEFAULT_LANGUAGE, chunk_size=CHUNK_LINES):
    """Yield lists of lines: the CSV lines (no header) or the JSON objects (no separators) of a
    queryset's rows, in its order, from the stored lines of the variant (refresh() first). A
    queryset that search.rank() ordered on SQLite takes its order from the search index, and is
    read by id a chunk at a time."""
    connection = connections[queryset.db]
    qn = connection.ops.quote_name
    before, after = line_sql.permalink_cell(base_url, language, as_json)
    meta = ExportLine._meta
    key = qn(meta.get_field("recommendation").column)
    line = f"l.{qn('head')} || %s || CAST(l.{key} AS TEXT) || %s || l.{qn('tail')}"
    name = variant(language, as_json)
    ranked = search.rank_order(queryset)
    if ranked is None:
        ordered_sql, ordered_params = (
            queryset.annotate(export_row_id=F("pk"))
            .values_list("export_row_id")
            .query.get_compiler(connection=connection)
            .as_sql()
        )
        # A subquery with an ORDER BY is scanned in its order; each row reads its line by its key.
        sql = (
            f"SELECT (SELECT {line} FROM {qn(meta.db_table)} l WHERE l.{qn('variant')} = %s "  # noqa: S608
            f"AND l.{key} = o.{qn('export_row_id')}) FROM ({ordered_sql}) o"
        )
        with _streaming_cursor(connection) as cursor:
            cursor.execute(sql, [before, after, name, *ordered_params])
            fetched = FETCHED[as_json] if connection.vendor == "postgresql" else chunk_size
            while rows := cursor.fetchmany(fetched):
                for at in range(0, len(rows), chunk_size):
                    yield [row[0] for row in rows[at : at + chunk_size] if row[0] is not None]
        return
    by_id_sql = (
        f"SELECT l.{key}, {line} FROM {qn(meta.db_table)} l WHERE l.{qn('variant')} = %s "  # noqa: S608
        f"AND l.{key} IN (SELECT value FROM json_each(%s))"
    )
    with connection.cursor() as cursor:
        for chunk in itertools.batched(ranked, CHUNK_IDS):
            cursor.execute(by_id_sql, [before, after, name, json.dumps(chunk)])
            by_id = dict(cursor.fetchall())
            yield [by_id[pk] for pk in chunk if pk in by_id]


_cursors = itertools.count(1)


# Settings of the read's own transaction on PostgreSQL. Its estimated cost (a probe a row) is
# past jit_above_cost, and compiling the plan costs more than a statement run once wins back
# (150 ms of 560 at 100,000 rows); parallel workers take longer to start than the sort of the
# ids they would share.
READ_SETTINGS = {"jit": "off", "max_parallel_workers_per_gather": "0"}


@contextlib.contextmanager
def _streaming_cursor(connection):
    """A cursor whose rows come as they are read. On PostgreSQL a server-side cursor in a
    transaction of its own (READ ONLY, rolled back), or a savepoint inside one, with
    READ_SETTINGS set for it alone: Django's own in autocommit is WITH HOLD, which computes
    every row before the first is sent."""
    if connection.vendor != "postgresql" or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        # Behind a pooler in transaction mode (DJANGO_DISABLE_SERVER_SIDE_CURSORS) a server-side
        # cursor breaks: the rows are then read by the client at once, as Django's own do.
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = connection.connection
    own = raw.autocommit
    if own:
        # psycopg2 opens the transaction with the first statement, and refuses a server-side
        # cursor without hold in autocommit; Django's own state is put back as it was.
        raw.autocommit = False
        begin, end = ["SET TRANSACTION READ ONLY"], []
    else:
        begin, end = (
            ["SAVEPOINT export_lines"],
            ["ROLLBACK TO SAVEPOINT export_lines", "RELEASE SAVEPOINT export_lines"],
        )
    try:
        with raw.cursor() as cursor:
            for statement in begin + [f"SET LOCAL {name} = {value}" for name, value in READ_SETTINGS.items()]:
                cursor.execute(statement)
        with raw.cursor(name=f"export_lines_{next(_cursors)}", withhold=False) as cursor:
            yield cursor
    finally:
        if own:
            raw.rollback()
            raw.autocommit = True
        else:
            with raw.cursor() as cursor:
                for statement in end:
                    cursor.execute(statement)


def supported(using=DEFAULT_DB_ALIAS):
    """Whether the database writes the lines itself (line_sql.py): SQLite and PostgreSQL."""
    return connections[using].vendor in line_sql.NEUTRALISED
