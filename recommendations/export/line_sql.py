"""The SQL that writes a recommendation's export line, CSV or JSON, on SQLite and on PostgreSQL:
the ORM path's bytes exactly.

Formatting nineteen cells a row in Python cost most of an export. Here the database writes each
line with its own string functions, every cell already neutralised and quoted (CSV) or escaped
(JSON); the list cells come ready from ExportLists (lists.py). The cells that are the same for
every row of a roundtable (its year, session, slug and title, the role holders) are formatted
once per roundtable, in Python, into a temporary table each line reads by its roundtable.

A line is written as two texts, the cells before the address on the portal and the cells after
it (with the line's end), so that the address, which depends on the host a request came to,
is put between them when the line is read (lines.py).

CSV cells follow writers.csv_line(): neutralised, then quoted when they hold a double quote, a
comma, CR or LF, their double quotes doubled. JSON values are SQLite's json_quote() and
PostgreSQL's to_json(), which escape as json.dumps(ensure_ascii=False) does; the tests hold the
lines equal to the ORM path's for any text on both databases.
"""

import itertools
import json

from django.db.models import Func, TextField, Value
from django.db.models.expressions import F, RawSQL

from gfmd_portal.i18n import in_language
from roundtables.models import Roundtable

from ..models import Recommendation
from .columns import EXPORT_COLUMNS, FORMULA_TRIGGERS, Field, Holders, Permalink, Related
from .orm import holders_by_roundtable
from .writers import LINE_TERMINATOR, csv_line

TRIGGER_CODES = ", ".join(str(ord(trigger)) for trigger in FORMULA_TRIGGERS if trigger != "\0")
MARKER = "987654321"


def _roundtable_level(column):
    """Whether a column's value is the roundtable's: the same for every row of a roundtable."""
    return isinstance(column, Holders) or (isinstance(column, Field) and column.path.startswith("roundtable__"))


# The columns in runs: (whether its values are the roundtable's, its columns), in order.
RUNS = tuple((level, tuple(columns)) for level, columns in itertools.groupby(EXPORT_COLUMNS, key=_roundtable_level))
STARTS = tuple(itertools.accumulate((len(columns) for _level, columns in RUNS), initial=0))
# The roundtable-level runs, as (index of the first column, its columns).
SHARED = tuple((STARTS[i], columns) for i, (level, columns) in enumerate(RUNS) if level)


def _safe_choices(column):
    """Whether a column holds one of its field's choices, each of which is its own CSV cell."""
    if not isinstance(column, Field) or "__" in column.path:
        return False
    field = Recommendation._meta.get_field(column.path)
    return bool(field.choices) and all(
        csv_line([str(value)]).removesuffix(LINE_TERMINATOR) == str(value) for value, _label in field.choices
    )


class _Template(Func):
    """SQL around one argument, written wherever the vendor's template has {0}."""

    arity = 1
    output_field = TextField()
    templates = {}

    def as_sql(self, compiler, connection, **extra_context):
        value, params = compiler.compile(self.source_expressions[0])
        template = self.templates[connection.vendor]
        return template.format(value), tuple(params) * template.count("{0}")


NEUTRALISED = {
    "sqlite": f"CASE WHEN unicode({{0}}) IN ({TRIGGER_CODES}, 0) THEN '''' || {{0}} ELSE {{0}} END",
    # ascii() is the first character's code point; NUL cannot occur in PostgreSQL text.
    "postgresql": f"CASE WHEN ascii({{0}}) IN ({TRIGGER_CODES}) THEN '''' || {{0}} ELSE {{0}} END",
}


def _csv_text(vendor):
    find, char = ("instr", "char") if vendor == "sqlite" else ("strpos", "chr")
    neutralised = NEUTRALISED[vendor]
    quoted = " OR ".join(f"{find}({{0}}, {needle}) > 0" for needle in ("','", "'\"'", f"{char}(10)", f"{char}(13)"))
    return (
        f"CASE WHEN {{0}} IS NULL OR {{0}} = '' THEN '' WHEN {quoted} "
        f"THEN '\"' || replace({neutralised}, '\"', '\"\"') || '\"' ELSE {neutralised} END"
    )


class CsvText(_Template):
    """A text cell as csv_line() writes it: '' for NULL or '', neutralised, quoted when it must be."""

    templates = {vendor: _csv_text(vendor) for vendor in ("sqlite", "postgresql")}


class CsvNumber(_Template):
    templates = dict.fromkeys(("sqlite", "postgresql"), "COALESCE(CAST({0} AS TEXT), '')")


class Timestamp(_Template):
    """orm.format_timestamp(): UTC (as Django stores it), to the second."""

    templates = {
        "sqlite": "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', {0})",
        "postgresql": "TO_CHAR({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    }


class JsonText(_Template):
    templates = {"sqlite": "json_quote({0})", "postgresql": "COALESCE(to_json(({0})::text)::text, 'null')"}


class JsonNumber(_Template):
    templates = dict.fromkeys(("sqlite", "postgresql"), "COALESCE(CAST({0} AS TEXT), 'null')")


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


def cell(column, as_json, language):
    """The SQL expression of one cell of a recommendation's own (not its address)."""
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


def _relative(column, language):
    """A roundtable-level Field's value as a lookup on the roundtable."""
    path = column.path.removeprefix("roundtable__")
    return in_language(path, language) if column.translated else F(path)


def roundtable_parts(as_json, language, using):
    """{roundtable id: [the text of each roundtable-level run]} of every roundtable."""
    fields = [column for _start, columns in SHARED for column in columns if isinstance(column, Field)]
    values = {
        row[0]: dict(zip((column.name for column in fields), row[1:], strict=True))
        for row in Roundtable.objects.using(using)
        .order_by("pk")
        .annotate(**{f"export_{column.name}": _relative(column, language) for column in fields})
        .values_list("pk", *(f"export_{column.name}" for column in fields))
    }
    holders = {
        column.name: holders_by_roundtable(column, list(values), language, using)
        for _start, columns in SHARED
        for column in columns
        if isinstance(column, Holders)
    }
    parts = {}
    for pk, found in values.items():
        texts = []
        for start, columns in SHARED:
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


class Parts:
    """The roundtable-level runs of every roundtable in a temporary table of this connection
    (id, part_1, part_2, ...), which each line reads by the row's roundtable. Dropped by close()."""

    def __init__(self, connection, parts):
        self.connection = connection
        self.name = f"export_roundtable_parts_{next(_tables)}"
        self.columns = [f"part_{i}" for i in range(1, len(SHARED) + 1)]
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {qn(self.name)} (id BIGINT PRIMARY KEY, "
                + ", ".join(f"{qn(c)} TEXT NOT NULL" for c in self.columns)
                + ")"
            )
            marks = ", ".join(["%s"] * (len(self.columns) + 1))
            for chunk in itertools.batched(parts.items(), 500):
                cursor.execute(
                    f"INSERT INTO {qn(self.name)} VALUES {', '.join([f'({marks})'] * len(chunk))}",  # noqa: S608
                    [value for pk, texts in chunk for value in (pk, *texts)],
                )

    def part(self, index):
        """The expression of a row's roundtable's run `index` (from 0)."""
        qn = self.connection.ops.quote_name
        row = f"{qn(Recommendation._meta.db_table)}.{qn('roundtable_id')}"
        sql = f"SELECT {qn(self.columns[index])} FROM {qn(self.name)} WHERE id = {row}"  # noqa: S608
        return RawSQL(sql, (), output_field=TextField())  # noqa: S611 - no input

    def close(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.connection.ops.quote_name(self.name)}")


def head_and_tail(parts, as_json, language):
    """(the SQL of a recommendation's line up to its address, the SQL of the rest of it), with
    the roundtable-level runs read from `parts` (a Parts)."""
    pieces, taken = [], 0
    for i, (level, columns) in enumerate(RUNS):
        if level:
            pieces.append(parts.part(taken))
            taken += 1
            continue
        for index, column in enumerate(columns, start=STARTS[i]):
            pieces.append(Value(_separator(index, as_json)))
            pieces.append(None if isinstance(column, Permalink) else cell(column, as_json, language))
    pieces.append(Value("}" if as_json else LINE_TERMINATOR))
    at = pieces.index(None)
    return Joined(*pieces[:at]), Joined(*pieces[at + 1 :])
