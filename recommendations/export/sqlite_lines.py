"""The SQLite path: SQLite writes each row's CSV line or JSON object itself, the ORM path's bytes exactly.

Formatting nineteen cells a row in Python cost most of an export. Here one query per chunk of
ids reads, for each recommendation, its line before the role holders' cells and its line after
them, every cell already neutralised and quoted (CSV) or escaped (JSON) by SQLite's own string
functions; the list cells come ready from ExportLists (lists.py). The holders' cells are the
same for every row of a roundtable, so they are formatted once per roundtable, in Python, and
put between the two parts.

CSV cells follow writers.csv_line(): neutralised, then quoted when they hold a double quote, a
comma, CR or LF, their double quotes doubled. JSON values are SQLite's json_quote(), which
escapes as json.dumps(ensure_ascii=False) does; the tests hold the two paths equal for any text.
"""

import itertools
import json

from django.db import connections
from django.db.models import Func, TextField, Value
from django.db.models.expressions import F, RawSQL

from gfmd_portal.i18n import DEFAULT_LANGUAGE, in_language
from roundtables.models import Roundtable

from .. import search
from ..models import Recommendation
from .columns import EXPORT_COLUMNS, FORMULA_TRIGGERS, Field, Holders, Permalink, Related
from .orm import holders_by_roundtable
from .writers import LINE_TERMINATOR, csv_line

# Lines a chunk of the response (about 200 KiB of CSV), and ids a query when read by id.
CHUNK_LINES = 250
CHUNK_IDS = 500
TIMESTAMP = "%Y-%m-%dT%H:%M:%SZ"  # orm.format_timestamp(): UTC (as Django stores it), to the second
TRIGGER_CODES = ", ".join(str(ord(trigger)) for trigger in FORMULA_TRIGGERS)
MARKER = "987654321"


def _roundtable_level(column):
    """Whether a column's value is the roundtable's: the same for every row of a roundtable."""
    return isinstance(column, Holders) or (isinstance(column, Field) and column.path.startswith("roundtable__"))


# The columns in runs: (whether its values are the roundtable's, its columns), in order.
RUNS = tuple((level, tuple(columns)) for level, columns in itertools.groupby(EXPORT_COLUMNS, key=_roundtable_level))


def _safe_choices(column):
    """Whether a column holds one of its field's choices, each of which is its own CSV cell."""
    if not isinstance(column, Field) or "__" in column.path:
        return False
    field = Recommendation._meta.get_field(column.path)
    return bool(field.choices) and all(
        csv_line([str(value)]).removesuffix(LINE_TERMINATOR) == str(value) for value, _label in field.choices
    )


class _Sql(Func):
    """SQL around one argument written several times: `parts` alternate literal SQL and None
    (the argument), with `params` after each literal's %s."""

    output_field = TextField()
    parts = ()

    def as_sql(self, compiler, connection, **extra_context):
        value, value_params = compiler.compile(self.source_expressions[0])
        sql, params = [], []
        for part in self.parts:
            if part is None:
                sql.append(value)
                params += value_params
            else:
                literal, literal_params = part
                sql.append(literal)
                params += literal_params
        return "".join(sql), params


def _neutralised():
    return [("CASE WHEN unicode(", ()), None, (f") IN ({TRIGGER_CODES}) THEN '''' || ", ()), None, (" ELSE ", ())]


class CsvText(_Sql):
    """A text cell as csv_line() writes it: '' for NULL or '', neutralised, quoted when it must be."""

    arity = 1
    parts = (
        ("CASE WHEN ", ()),
        None,
        (" IS NULL OR ", ()),
        None,
        (" = '' THEN '' WHEN instr(", ()),
        None,
        (", ',') OR instr(", ()),
        None,
        (", '\"') OR instr(", ()),
        None,
        (", char(10)) OR instr(", ()),
        None,
        (", char(13)) THEN '\"' || replace(", ()),
        *_neutralised(),
        None,
        (" END, '\"', '\"\"') || '\"' ELSE ", ()),
        *_neutralised(),
        None,
        (" END END", ()),
    )


class CsvNumber(_Sql):
    arity = 1
    parts = (("COALESCE(CAST(", ()), None, (" AS TEXT), '')", ()))


class Timestamp(_Sql):
    arity = 1
    parts = (("strftime(%s, ", (TIMESTAMP,)), None, (")", ()))


class JsonText(_Sql):
    arity = 1
    parts = (("json_quote(", ()), None, (")", ()))


class JsonNumber(_Sql):
    arity = 1
    parts = (("COALESCE(CAST(", ()), None, (" AS TEXT), 'null')", ()))


class Joined(Func):
    """Its arguments joined with ||."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()


def permalink_cell(base_url, language, as_json):
    """(before the id, after it) of the url cell: as csv_line() or json.dumps() writes the address."""
    prefix, suffix = Permalink.parts(base_url, language)
    if as_json:
        return tuple(json.dumps(prefix + MARKER + suffix, ensure_ascii=False).split(MARKER))
    return tuple(csv_line([prefix + MARKER + suffix]).removesuffix(LINE_TERMINATOR).split(MARKER))


def _value(column, language):
    value = column.value(language)
    return F(value) if isinstance(value, str) else value


def cell(column, as_json, language, permalink):
    """The SQL expression of one cell of a recommendation's own."""
    if isinstance(column, Permalink):
        before, after = permalink
        return Joined(Value(before), CsvNumber(F("pk")), Value(after))
    if isinstance(column, Related):
        stored = F(f"export_lists__{column.name}_{'json' if as_json else 'csv'}")
        return Func(stored, Value("[]" if as_json else ""), function="COALESCE", output_field=TextField())
    if column.kind == "timestamp":
        value = Timestamp(F(column.path))
        return JsonText(value) if as_json else Func(value, Value(""), function="COALESCE", output_field=TextField())
    value = _value(column, language)
    if column.kind == "int":
        return JsonNumber(value) if as_json else CsvNumber(value)
    if as_json:
        return JsonText(value)
    if _safe_choices(column):
        return Func(value, Value(""), function="COALESCE", output_field=TextField())
    return CsvText(value)


def _separator(index, as_json):
    """What comes before the cell of EXPORT_COLUMNS[index]: a comma, or as JSON its key."""
    if not as_json:
        return "," if index else ""
    return ("{" if index == 0 else ", ") + json.dumps(EXPORT_COLUMNS[index].name) + ": "


def _row_part(start, columns, as_json, language, permalink):
    """A run of a recommendation's own cells from EXPORT_COLUMNS[start], with their separators,
    as one SQL expression."""
    pieces = []
    for index, column in enumerate(columns, start=start):
        pieces += [Value(_separator(index, as_json)), cell(column, as_json, language, permalink)]
    if start + len(columns) == len(EXPORT_COLUMNS):
        pieces.append(Value("}" if as_json else LINE_TERMINATOR))
    return Joined(*pieces)


def _relative(column, language):
    """A roundtable-level Field's value as a lookup on the roundtable."""
    path = column.path.removeprefix("roundtable__")
    return in_language(path, language) if column.translated else F(path)


def _roundtable_parts(runs, roundtable_ids, as_json, language):
    """{roundtable id: [the text of each roundtable-level run]} for some roundtables."""
    fields = [column for _start, columns in runs for column in columns if isinstance(column, Field)]
    values = {
        row[0]: dict(zip((column.name for column in fields), row[1:], strict=True))
        for row in Roundtable.objects.filter(pk__in=roundtable_ids)
        .annotate(**{f"export_{column.name}": _relative(column, language) for column in fields})
        .values_list("pk", *(f"export_{column.name}" for column in fields))
    }
    holders = {
        column.name: holders_by_roundtable(column, roundtable_ids, language)
        for _start, columns in runs
        for column in columns
        if isinstance(column, Holders)
    }
    parts = {}
    for pk, found in values.items():
        texts = []
        for start, columns in runs:
            cells = [
                holders[column.name].get(pk, []) if isinstance(column, Holders) else found[column.name]
                for column in columns
            ]
            if as_json:
                texts.append(
                    "".join(
                        _separator(index, True) + json.dumps(value, ensure_ascii=False)
                        for index, value in enumerate(cells, start=start)
                    )
                )
            else:
                texts.append(_separator(start, False) + csv_line(cells).removesuffix(LINE_TERMINATOR))
        parts[pk] = texts
    return parts


_tables = itertools.count(1)


class _Parts:
    """The roundtable-level runs of some roundtables in a temporary table of this connection
    (id, part_1, part_2, ...), which each line reads by the row's roundtable: SQLite then writes
    the whole line. Dropped by close()."""

    def __init__(self, connection, runs, roundtable_ids, as_json, language):
        self.connection = connection
        self.name = f"export_roundtable_parts_{next(_tables)}"
        columns = [f"part_{i}" for i in range(1, len(runs) + 1)]
        self.columns = columns
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE {qn(self.name)} (id INTEGER PRIMARY KEY, "
                + ", ".join(f"{qn(c)} TEXT NOT NULL" for c in columns)
                + ")"
            )
            for chunk in itertools.batched(roundtable_ids, 5000):
                parts = _roundtable_parts(runs, chunk, as_json, language)
                cursor.executemany(
                    f"INSERT INTO {qn(self.name)} VALUES ({', '.join(['%s'] * (len(columns) + 1))})",  # noqa: S608
                    [(pk, *texts) for pk, texts in parts.items()],
                )

    def part(self, index):
        """The expression of a row's roundtable's run `index` (from 0)."""
        qn = self.connection.ops.quote_name
        column = qn(self.columns[index])
        row = f"{qn(Recommendation._meta.db_table)}.{qn('roundtable_id')}"
        # An inner join of the roundtables makes every row have one.
        return RawSQL(f"SELECT {column} FROM temp.{qn(self.name)} WHERE id = {row}", (), output_field=TextField())  # noqa: S608, S611

    def close(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{self.connection.ops.quote_name(self.name)}")


def lines(queryset, base_url, as_json=False, language=DEFAULT_LANGUAGE, chunk_size=CHUNK_LINES):
    """Yield chunks of text: the CSV lines (no header) or the JSON objects (one a line, no
    separators) of a queryset's rows, in its order. A queryset that search.rank() ordered takes
    its order from the search index, and is read by id a chunk at a time."""
    connection = connections[queryset.db]
    permalink = permalink_cell(base_url, language, as_json)
    starts = list(itertools.accumulate((len(columns) for _level, columns in RUNS), initial=0))
    shared = [(starts[i], columns) for i, (level, columns) in enumerate(RUNS) if level]
    roundtables = list(queryset.order_by().values_list("roundtable_id", flat=True).distinct())
    parts = _Parts(connection, shared, roundtables, as_json, language)
    try:
        pieces, taken = [], 0
        for i, (level, columns) in enumerate(RUNS):
            if level:
                pieces.append(parts.part(taken))
                taken += 1
            else:
                pieces.append(_row_part(starts[i], columns, as_json, language, permalink))
        if as_json:
            pieces.append(Value("\n"))
        line = Joined(*pieces)
        ranked = search.rank_order(queryset)
        if ranked is None:
            rows = queryset.annotate(export_line=line).values_list("export_line", flat=True)
            for chunk in itertools.batched(rows.iterator(chunk_size=chunk_size), chunk_size):
                yield "".join(chunk)
            return
        fetched = queryset.model._base_manager.using(queryset.db).order_by().annotate(export_line=line)
        for chunk in itertools.batched(ranked, CHUNK_IDS):
            listed = RawSQL("SELECT value FROM json_each(%s)", (json.dumps(chunk),))
            by_id = dict(fetched.filter(pk__in=listed).values_list("pk", "export_line"))
            yield "".join([by_id[pk] for pk in chunk if pk in by_id])
    finally:
        parts.close()


def supported(using="default"):
    """Whether the database is SQLite, whose string functions this path writes with."""
    return connections[using].vendor == "sqlite"
