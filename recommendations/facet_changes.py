"""Which recommendations each write touched: what the facet index reads again after it.

A change of one recommendation's themes used to make every process read the theme links of all
recommendations again, and a changed status every recommendation's row. Instead triggers add a
row (seq, name, recommendation) to `recommendations_facet_change` for every recommendation whose
links a write inserted, updated or deleted (on each table of links the index reads: a facet's
many-to-many table, the alignments), for every recommendation inserted or deleted, and, under a
column group's name, for every update that changed one of the group's values (facet_index.py's
column triggers). A part of the index remembers the last seq it holds (its position); after a
write it reads the rows after it and re-reads only what those recommendations changed.

The seqs are in the order of the writes' commits: the facet index's version trigger, which
fires first on each statement (triggers of an event fire in the order of their names), locks
every version row until the transaction ends (on SQLite the database itself has one writer), so
a transaction writing takes its seqs after every earlier one committed.

The log keeps its last KEEP rows: each write deletes those before. A part more than LIMIT rows
behind, or behind a row with no recommendation (a TRUNCATE, or the triggers put back after
writes they missed), is read in full. A reader that needs only some names (the export's stored
lists need the tables of links) reads only their rows: a theme renamed at a million
recommendations logs its 166,000 recommendations under the columns a search reads, which says
nothing about their links. Such a reader is behind by too much only when more than LIMIT of its
own rows follow, or when rows after its position were pruned.
"""

KEEP = 1_000_000
LIMIT = 20_000

TABLE = "recommendations_facet_change"
FUNCTION = "recommendations_log_facet_change"


def _trigger_name(prefix, table, event, vendor):
    # PostgreSQL's trigger names are the table's; SQLite's are the database's.
    return f"{prefix}_log_{event}" if vendor == "postgresql" else f"{prefix}_{table}_log_{event}"


EVENTS = ("insert", "update", "delete")


def trigger_names(vendor, prefix, tables):
    """The log's triggers on the tables {table: (its column of the recommendation, the events logged)}."""
    return [
        _trigger_name(prefix, table, event, vendor) for table, (_column, events) in tables.items() for event in events
    ]


def create_table(connection):
    """The SQL creating the log, if it is missing."""
    seq = "bigserial" if connection.vendor == "postgresql" else "integer"
    return (
        f"CREATE TABLE IF NOT EXISTS {TABLE} (seq {seq} PRIMARY KEY, "
        "table_name varchar(100) NOT NULL, recommendation_id bigint)"
    )


def prune():
    """SQL deleting the rows before the last KEEP."""
    return f"DELETE FROM {TABLE} WHERE seq <= (SELECT MAX(seq) FROM {TABLE}) - {KEEP};"  # noqa: S608


def truncated():
    """PL/pgSQL logging a TRUNCATE of the trigger's table: every recommendation's links changed."""
    return f"IF TG_OP = 'TRUNCATE' THEN INSERT INTO {TABLE} (table_name) VALUES (TG_TABLE_NAME); END IF;"  # noqa: S608


def trigger_statements(connection, prefix, tables):
    """The SQL creating the log's function and triggers on the tables {table: (its column of the
    recommendation, the events logged)}."""
    qn = connection.ops.quote_name
    statements = []
    if connection.vendor == "postgresql":
        # The recommendation's column is the trigger's argument; the rows written are the
        # statement's transition tables, which dynamic SQL reads as any table.
        logged = (
            f"EXECUTE format('INSERT INTO {TABLE} (table_name, recommendation_id) "  # noqa: S608
            "SELECT DISTINCT %L, %I FROM {rows}', TG_TABLE_NAME, TG_ARGV[0]);"
        )
        body = (
            f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {logged.format(rows='new_rows')} END IF; "
            f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {logged.format(rows='old_rows')} END IF; "
            f"{prune()} RETURN NULL;"
        )
        statements.append(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
        )
        transitions = {
            "insert": "NEW TABLE AS new_rows",
            "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "delete": "OLD TABLE AS old_rows",
        }
        for table, (column, events) in tables.items():
            statements += [
                f"CREATE OR REPLACE TRIGGER {_trigger_name(prefix, table, event, 'postgresql')} "
                f"AFTER {event.upper()} ON {qn(table)} REFERENCING {transitions[event]} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}('{column}')"
                for event in events
            ]
        return statements
    rows = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}
    for table, (column, events) in tables.items():
        for event in events:
            inserts = " ".join(
                f"INSERT INTO {TABLE} (table_name, recommendation_id) VALUES ('{table}', {row}.{qn(column)});"  # noqa: S608
                for row in rows[event]
            )
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {qn(_trigger_name(prefix, table, event, 'sqlite'))} "
                f"AFTER {event.upper()} ON {qn(table)} BEGIN {inserts} {prune()} END"
            )
    return statements


def drop_statements(connection, prefix, tables):
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        statements = [
            f"DROP TRIGGER IF EXISTS {_trigger_name(prefix, table, event, 'postgresql')} ON {qn(table)}"
            for table, (_column, events) in tables.items()
            for event in events
        ]
        return [*statements, f"DROP FUNCTION IF EXISTS {FUNCTION}()", f"DROP TABLE IF EXISTS {TABLE}"]
    names = trigger_names(connection.vendor, prefix, tables)
    return [*(f"DROP TRIGGER IF EXISTS {qn(name)}" for name in names), f"DROP TABLE IF EXISTS {TABLE}"]


def position(connection):
    """The last seq of the log (0 when it is empty)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


class Everything:
    """In place of the ids: every recommendation's links may have changed."""


EVERYTHING = Everything()


def touched(connection, since, now, names=None):
    """[(seq, table, recommendation id)] logged after `since` up to `now` (under one of `names`,
    when given), or None when the log cannot say (more than LIMIT rows, or some of them pruned)."""
    if now < since:  # a log made again since
        return None
    if names is None:
        if now - since > LIMIT:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT seq, table_name, recommendation_id FROM {TABLE} WHERE seq > %s AND seq <= %s",  # noqa: S608
                [since, now],
            )
            return cursor.fetchall()
    names = sorted(names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq, table_name, recommendation_id FROM {TABLE} "  # noqa: S608
            f"WHERE seq > %s AND seq <= %s AND table_name IN ({', '.join(['%s'] * len(names))}) LIMIT %s",
            [since, now, *names, LIMIT + 1],
        )
        rows = cursor.fetchall()
        # The pruned rows are the lowest: when the lowest kept, read after the rows (a prune in
        # between shows), is past the first after `since`, some of those may be gone (or never
        # written: a write rolled back leaves a gap, and the reader reads in full).
        cursor.execute(f"SELECT COALESCE(MIN(seq), 0) FROM {TABLE}")  # noqa: S608
        if cursor.fetchone()[0] > since + 1:
            return None
    return None if len(rows) > LIMIT else rows


def ids_logged(rows, since, names):
    """The ids logged after `since` under any of `names` (tables, column groups), or EVERYTHING."""
    found = set()
    for seq, name, pk in rows:
        if seq > since and name in names:
            if pk is None:
                return EVERYTHING
            found.add(pk)
    return found
