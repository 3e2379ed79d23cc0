"""The COPY path: PostgreSQL writes the export's CSV or JSON itself, the ORM path's bytes exactly.

copy_sql() compiles EXPORT_COLUMNS into one `COPY (...) TO STDOUT` statement, every cell
already formatted, neutralised and joined (or built as JSON), and copy_stream.CopyStream sends
it into the response. The statement is this module's own SQL around querysets compiled with
Django's public compilation (no query's joins are edited):

- the exported rows' ids in the caller's queryset's order (its filters, joins and order),
  numbered, computed once in a CTE;
- the one-value cells of the recommendations, joined to those ids;
- one aggregate per list column, restricted to the ids of the CTE, joined to the rows: a
  correlated subquery per row and list costs several times more.
"""

import json

from django.db import connections
from django.db.models import Aggregate, F, Func, StringAgg, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, NullIf

from gfmd_portal.i18n import DEFAULT_LANGUAGE

from .columns import EXPORT_COLUMNS, FORMULA_TRIGGERS, LIST_SEPARATOR, Holders, Permalink, Related, neutralise

# The CTE of the exported rows' ids that the list aggregates are restricted to.
EXPORTED_IDS = "export_rows_ids"
# The rows with their one-value cells, and their position in the queryset's order.
EXPORTED_ROWS = "export_rows"
POSITION = "export_position"
ROW_ID = "export_row_id"
ROUNDTABLE_ID = "export_row_roundtable_id"
# The lists aggregated in the statement: the role holders, per roundtable. The recommendation's
# own lists come ready from ExportLists (lists.py).
LIST_COLUMNS = [column for column in EXPORT_COLUMNS if isinstance(column, Holders)]


class Neutralised(Func):
    """neutralise() in SQL. NUL cannot occur in PostgreSQL text."""

    arity = 1
    output_field = TextField()
    # ASCII() is the code point of the first character, and 0 for ''.
    codes = ", ".join(str(ord(trigger)) for trigger in FORMULA_TRIGGERS if trigger != "\0")
    sql_template = "CASE WHEN ASCII({0}) IN (" + codes + ") THEN '''' || {0} ELSE {0} END"

    def as_sql(self, compiler, connection, **extra_context):
        # The argument is written three times, with its parameters; PostgreSQL computes an
        # aggregate that appears more than once in one select list only once.
        value, params = compiler.compile(self.source_expressions[0])
        return self.sql_template.format(value), (*params, *params, *params)


class UtcTimestamp(Func):
    """orm.format_timestamp() in SQL."""

    template = "TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    output_field = TextField()


class JsonAgg(Aggregate):
    """json_agg(...): a JSON array written as json.dumps() writes a list of strings."""

    function = "JSON_AGG"
    allow_order_by = True
    output_field = TextField()


class ToJson(Func):
    """to_json(value)::text: escapes exactly as json.dumps(ensure_ascii=False) does."""

    function = "TO_JSON"
    template = "%(function)s(%(expressions)s)::text"
    output_field = TextField()


def text_cell(expression):
    """A text column's CSV cell: neutralised, and NULL when empty (COPY writes '' as "")."""
    return NullIf(Neutralised(expression), Value(""), output_field=TextField())


def _concat(*parts):
    """parts joined with ||, for PostgreSQL (Concat() would wrap each in COALESCE)."""
    return Func(*parts, template="(%(expressions)s)", arg_joiner=" || ", output_field=TextField())


def one_value_cell(column, permalink_parts, as_json, language):
    """The SQL expression of a Field, Permalink or stored list column's cell, as CSV text or as JSON text."""
    if isinstance(column, Permalink):
        prefix, suffix = permalink_parts
        if as_json:
            return ToJson(_concat(Value(prefix), Cast("pk", TextField()), Value(suffix)))
        # neutralise() looks at the first character only, and that is the prefix's.
        return _concat(Value(neutralise(prefix)), Cast("pk", TextField()), Value(suffix))
    if isinstance(column, Related):
        if as_json:
            return Coalesce(F(f"export_lists__{column.name}_json"), Value("[]"), output_field=TextField())
        return text_cell(F(f"export_lists__{column.name}"))
    if column.kind == "int":
        value = column.value(language)
        value = F(value) if isinstance(value, str) else value
        return Cast(value, TextField()) if as_json else value
    if column.kind == "timestamp":
        return ToJson(UtcTimestamp(F(column.path))) if as_json else UtcTimestamp(F(column.path))
    value = column.value(language)
    value = F(value) if isinstance(value, str) else value
    return ToJson(value) if as_json else text_cell(value)


def _list_value(expression, order_by, as_json):
    """A list column's aggregate: a JSON array, or the values joined by "; " and neutralised."""
    if as_json:
        return Cast(JsonAgg(expression, order_by=order_by), TextField())
    return Neutralised(StringAgg(expression, Value(LIST_SEPARATOR), order_by=order_by))


def holders_aggregate(column, owners, as_json, language):
    """(roundtable id, the list cell of a role's holders) for the roundtables in `owners`."""
    return (
        column.roles(owners)
        .order_by()
        .values("roundtable_id")
        .annotate(v=_list_value(Holders.holder_name(language), column.order, as_json))
        .values_list("roundtable_id", "v")
    )


def _compiled(queryset, using):
    """A queryset's SQL and parameters, as query.sql_with_params() gives them, for the database `using`."""
    return queryset.query.get_compiler(using=using).as_sql()


def copy_sql(queryset, base_url, using="default", as_json=False, language=DEFAULT_LANGUAGE):
    """The COPY statement that writes the export's rows for a queryset, in its order.

    CSV rows (no header), or with as_json=True one JSON object a line, written as
    writers.json_chunks() writes each object.
    """
    connection = connections[using]
    qn = connection.ops.quote_name
    permalink_parts = Permalink.parts(base_url, language)

    ids, rows = qn(EXPORTED_IDS), qn(EXPORTED_ROWS)
    # The ids in the queryset's order. A subquery with an ORDER BY is never flattened by
    # PostgreSQL, so row_number() OVER () above it numbers the rows in that order, whatever
    # columns Django added to it (DISTINCT with an ORDER BY outside the select list adds some).
    keys = {ROW_ID: F("pk"), ROUNDTABLE_ID: F("roundtable_id")}
    ordered_sql, ordered_params = _compiled(queryset.annotate(**keys).values_list(*keys), using)
    ids_sql = (
        f"SELECT row_number() OVER (), {qn('ordered')}.{qn(ROW_ID)}, {qn('ordered')}.{qn(ROUNDTABLE_ID)} "  # noqa: S608
        f"FROM ({ordered_sql}) AS {qn('ordered')}"
    )

    # The one-value cells and the stored lists, computed only for the rows joined to the ids.
    one_value = [column for column in EXPORT_COLUMNS if column not in LIST_COLUMNS]
    cells = {f"export_{c.name}": one_value_cell(c, permalink_parts, as_json, language) for c in one_value}
    every_row = queryset.model._base_manager.order_by().annotate(**{ROW_ID: F("pk")}, **cells)
    rows_sql, rows_params = _compiled(every_row.values_list(ROW_ID, *cells), using)

    joins, joins_params = [], []
    for column in LIST_COLUMNS:
        owner = "pk" if column.owner == "pk" else "roundtable_id"
        owners = RawSQL(f"SELECT {qn(owner)} FROM {ids}", ())  # noqa: S608, S611 - no input
        aggregate_sql, aggregate_params = _compiled(holders_aggregate(column, owners, as_json, language), using)
        alias = qn(f"export_{column.name}")
        joins.append(
            f'LEFT OUTER JOIN ({aggregate_sql}) AS {alias} ("owner", "v") ON {alias}."owner" = {ids}.{qn(owner)}'
        )
        joins_params += aggregate_params

    def cell_sql(column):
        if column not in LIST_COLUMNS:
            return f"{rows}.{qn(f'export_{column.name}')}"
        joined = f'{qn(f"export_{column.name}")}."v"'
        return f"COALESCE({joined}, '[]')" if as_json else joined

    if as_json:
        # Each key is a literal of column names only (ASCII letters and underscores).
        parts = []
        for index, column in enumerate(EXPORT_COLUMNS):
            key = ("{" if index == 0 else ", ") + json.dumps(column.name) + ": "
            parts += [f"'{key}'", cell_sql(column)]
        select_list = "(" + " || ".join([*parts, "'}'"]) + ")"
    else:
        select_list = ", ".join(cell_sql(column) for column in EXPORT_COLUMNS)

    sql = (
        f'WITH {ids} ({qn(POSITION)}, "pk", "roundtable_id") AS MATERIALIZED ({ids_sql}) '  # noqa: S608
        f'SELECT {select_list} FROM {ids} JOIN ({rows_sql}) AS {rows} ON {rows}.{qn(ROW_ID)} = {ids}."pk" '
        f"{' '.join(joins)} ORDER BY {ids}.{qn(POSITION)}"
    )
    with connection.cursor() as cursor:
        select = cursor.mogrify(sql, (*ordered_params, *rows_params, *joins_params))
    if isinstance(select, bytes):
        select = select.decode()
    # JSON text holds no raw control characters, so with a delimiter and quote that cannot
    # occur in it, CSV format writes each object as it is, one a line.
    options = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'" if as_json else "FORMAT csv"
    return f"COPY ({select}) TO STDOUT WITH ({options})"


def copy_supported(using="default"):
    """Whether the database can write the export itself (PostgreSQL through psycopg2)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3
