"""One definition of the export columns, and the CSV/JSON writers every export uses.

The public export, the admin's "export selected" and the import's reading of exported files all
go through this module, so a file always has the same columns and the same neutralisation.

Each column is defined once (EXPORT_COLUMNS), as ORM lookups and expressions, and read by two
writers that produce the same bytes for the same rows:

- the ORM path (SQLite, and any caller holding a queryset): rows() reads the rows in chunks,
  each with the ids of its themes, frameworks and actors, and writes CSV lines (csv_line) or
  JSON (json_chunks) in Python;
- the COPY path (PostgreSQL): copy_sql() compiles the same definition into the queryset's own
  SELECT, with every cell already formatted, neutralised and joined (or built as JSON), and
  CopyStream streams `COPY (...) TO STDOUT` from the database into the response.
"""

import contextlib
import datetime
import itertools
import json
import queue
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections
from django.db.models import Aggregate, Case, F, Func, OuterRef, Q, StringAgg, Subquery, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.db.models.sql.constants import LOUTER
from django.urls import reverse
from django.utils import translation

from alignment.models import Alignment
from gfmd_portal.i18n import DEFAULT_LANGUAGE, in_language
from roundtables.models import RoundtableRole

from .models import Recommendation

LIST_SEPARATOR = "; "

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by a
# spreadsheet. The apostrophe itself is included so that restore() is an exact inverse.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "'")
_TRIGGERS = frozenset(FORMULA_TRIGGERS)

# Rows end with a line feed, as PostgreSQL's COPY writes them; fields are quoted as RFC 4180 says.
LINE_TERMINATOR = "\n"
CHUNK_ROWS = 500
CHUNK_BYTES = 256 * 1024
# The CTE of the exported rows' ids that the COPY's list aggregates are restricted to.
EXPORTED = "export_rows_ids"
# Session settings for the COPY statement only. When the planner underestimates the rows
# (tables without statistics yet, after a bulk load; LIKE '%word%' filters), it nests loops
# over the list aggregates, which is quadratic: 50 s instead of 50 ms for 3,000 rows. Hash
# and merge joins stay linear whatever the estimate. A large export's cost also crosses
# jit_above_cost, and compiling the plan takes seconds a statement run once never wins back.
COPY_SETTINGS = {"enable_nestloop": "off", "jit": "off"}


def neutralise(value):
    """Prefix a cell that a spreadsheet could read as a formula with an apostrophe."""
    if value and value[0] in _TRIGGERS:
        return "'" + value
    return value


def restore(value):
    """Undo neutralise(): restore(neutralise(s)) == s for every string s."""
    if value and value[0] == "'":
        return value[1:]
    return value


class Neutralised(Func):
    """neutralise() in SQL, for PostgreSQL. NUL cannot occur in PostgreSQL text."""

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
    """The ORM path's _format_timestamp(), in PostgreSQL."""

    template = "TO_CHAR(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    output_field = TextField()


def _format_timestamp(value):
    """2026-11-28T09:30:00Z: UTC, to the second (isoformat() is several times faster than strftime())."""
    return value.astimezone(datetime.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def _holder_name(language=DEFAULT_LANGUAGE):
    """A role holder's name as str(holder) gives it (the country, or the organisation (acronym)), in `language`."""
    organisation = in_language("organisation__name", language)
    return Coalesce(
        in_language("country__name", language),
        Case(
            When(
                ~Q(organisation__acronym=""),
                then=Concat(organisation, Value(" ("), "organisation__acronym", Value(")"), output_field=TextField()),
            ),
            default=organisation,
            output_field=TextField(),
        ),
        output_field=TextField(),
    )


def _join_alias(column):
    return f"export_{column.name}"


def _joined_value(column, as_json=False):
    """A list column's cell in the COPY select: the value of its aggregate, joined by copy_sql()."""
    value = RawSQL(f'"{_join_alias(column)}"."v"', (), output_field=TextField())  # noqa: S611 - our own alias
    return Coalesce(value, Value("[]"), output_field=TextField()) if as_json else value


def _list_value(expression, order_by, as_json):
    """The aggregate of a list column: a JSON array, or the values joined by "; " and neutralised."""
    if as_json:
        return Cast(JsonAgg(expression, order_by=order_by), TextField())
    return Neutralised(StringAgg(expression, Value(LIST_SEPARATOR), order_by=order_by))


def _concat(*parts):
    """parts joined with ||, for PostgreSQL (Concat() would wrap each in COALESCE)."""
    return Func(*parts, template="(%(expressions)s)", arg_joiner=" || ", output_field=TextField())


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
    """A text column's COPY cell: neutralised, and NULL when empty (COPY writes '' as "")."""
    return NullIf(Neutralised(expression), Value(""), output_field=TextField())


@dataclass(frozen=True)
class Field:
    """A column read from the recommendation or a row joined to it: `path` is the ORM lookup."""

    name: str
    path: str
    kind: str = "text"  # "int", "text" or "timestamp"
    translated: bool = False  # a text with French and Spanish columns beside it

    def value(self, language=DEFAULT_LANGUAGE):
        """The lookup (or, for a translation, the expression) the cell is read from."""
        return in_language(self.path, language) if self.translated and language != DEFAULT_LANGUAGE else self.path

    def sql(self, url, as_json=False, language=DEFAULT_LANGUAGE):
        if self.kind == "int":
            return Cast(F(self.path), TextField()) if as_json else F(self.path)
        if self.kind == "timestamp":
            return ToJson(UtcTimestamp(F(self.path))) if as_json else UtcTimestamp(F(self.path))
        value = self.value(language)
        value = F(value) if isinstance(value, str) else value
        return ToJson(value) if as_json else text_cell(value)


@dataclass(frozen=True)
class Related:
    """Slugs of a many-to-many relation, in the related model's own order (then by id)."""

    name: str
    relation: str  # the ManyToManyField on Recommendation
    value: str = "slug"
    kind = "list"
    owner = "pk"

    @property
    def _parts(self):
        field = Recommendation._meta.get_field(self.relation)
        ordering = [o for o in field.related_model._meta.ordering if o.lstrip("-") != "pk"]
        return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name(), ordering

    def vocabulary(self):
        """{related id: (position, value)}, positions in the database's own order and collation.

        The ORM path reads only the related ids of each row and sorts them by position, so the
        order is the one string_agg(... ORDER BY ...) gives the COPY path.
        """
        related = Recommendation._meta.get_field(self.relation).related_model
        rows = related.objects.order_by(*self._parts[3], "pk").values_list("pk", self.value)
        return {pk: (position, value) for position, (pk, value) in enumerate(rows)}

    def ids(self):
        """The related ids of the outer row, as "3,7" (any order): one cheap index lookup."""
        through, source, target, _ = self._parts
        joined = (
            through.objects.filter(**{source: OuterRef("pk")})
            .order_by()
            .values(source)
            .annotate(v=StringAgg(Cast(f"{target}_id", TextField()), Value(",")))
            .values("v")
        )
        return Subquery(joined, output_field=TextField())

    @staticmethod
    def values(ids, vocabulary):
        if not ids:
            return []
        return [value for _, value in sorted(vocabulary[int(pk)] for pk in ids.split(","))]

    def aggregate(self, owners, as_json=False, language=DEFAULT_LANGUAGE):
        """(recommendation id, the values joined and neutralised, or as a JSON array) for `owners`."""
        through, source, target, ordering = self._parts
        order_by = [_prefixed(target, o) for o in ordering] + [f"{target}_id"]
        return (
            through.objects.filter(**{f"{source}_id__in": owners})
            .order_by()
            .values(f"{source}_id")
            .annotate(v=_list_value(f"{target}__{self.value}", order_by, as_json))
            .values_list(f"{source}_id", "v")
        )

    def sql(self, url, as_json=False, language=DEFAULT_LANGUAGE):
        return _joined_value(self, as_json)


@dataclass(frozen=True)
class Aligned(Related):
    """GCM objective numbers or SDG target codes the editors aligned the recommendation with.

    Read from the Alignment rows (one per link, with either an objective or a target), as text,
    in the reference list's own order.
    """

    relation: str  # the foreign key on Alignment: "gcm_objective" or "sdg_target"
    value: str = "number"

    @property
    def _parts(self):
        field = Alignment._meta.get_field(self.relation)
        ordering = [o for o in field.related_model._meta.ordering if o.lstrip("-") != "pk"]
        return Alignment, "recommendation", self.relation, ordering

    def vocabulary(self):
        related = Alignment._meta.get_field(self.relation).related_model
        rows = related.objects.order_by(*self._parts[3], "pk").values_list("pk", self.value)
        return {pk: (position, str(value)) for position, (pk, value) in enumerate(rows)}

    def aggregate(self, owners, as_json=False, language=DEFAULT_LANGUAGE):
        through, source, target, ordering = self._parts
        order_by = [_prefixed(target, o) for o in ordering] + [f"{target}_id"]
        value = Cast(f"{target}__{self.value}", TextField())
        return (
            through.objects.filter(**{f"{source}_id__in": owners, f"{target}__isnull": False})
            .order_by()
            .values(f"{source}_id")
            .annotate(v=_list_value(value, order_by, as_json))
            .values_list(f"{source}_id", "v")
        )


def _prefixed(relation, ordering):
    """ "-name" on a related model as "-theme__name"."""
    sign = "-" if ordering.startswith("-") else ""
    return f"{sign}{relation}__{ordering.lstrip('-')}"


@dataclass(frozen=True)
class Holders:
    """Names of the countries or organisations holding one role in the recommendation's roundtable."""

    name: str
    role: str
    kind = "list"
    owner = "roundtable_id"

    _order = ("order", "pk")

    def fetch(self, roundtable_ids, language=DEFAULT_LANGUAGE):
        """{roundtable id: [names]} for the roundtables of a chunk of rows."""
        rows = (
            RoundtableRole.objects.filter(roundtable_id__in=roundtable_ids, role=self.role)
            .order_by(*self._order)
            .values_list("roundtable_id", _holder_name(language))
        )
        found = defaultdict(list)
        for roundtable_id, name in rows:
            found[roundtable_id].append(name)
        return found

    def aggregate(self, owners, as_json=False, language=DEFAULT_LANGUAGE):
        """(roundtable id, the names joined and neutralised, or as a JSON array) for `owners`."""
        return (
            RoundtableRole.objects.filter(roundtable_id__in=owners, role=self.role)
            .order_by()
            .values("roundtable_id")
            .annotate(v=_list_value(_holder_name(language), self._order, as_json))
            .values_list("roundtable_id", "v")
        )

    def sql(self, url, as_json=False, language=DEFAULT_LANGUAGE):
        return _joined_value(self, as_json)


@dataclass(frozen=True)
class Permalink:
    """The recommendation's absolute address on the portal."""

    name: str
    kind = "url"

    @staticmethod
    def parts(base_url, language=DEFAULT_LANGUAGE):
        """The address around the id, in the export's language: ("https://.../fr/recommendations/", "/")."""
        marker = 987654321
        with translation.override(language):
            prefix, suffix = reverse("recommendations:detail", args=[marker]).split(str(marker))
        return base_url + prefix, suffix

    def sql(self, url, as_json=False, language=DEFAULT_LANGUAGE):
        prefix, suffix = url
        if as_json:
            return ToJson(_concat(Value(prefix), Cast("pk", TextField()), Value(suffix)))
        # neutralise() looks at the first character only, and that is the prefix's.
        return _concat(Value(neutralise(prefix)), Cast("pk", TextField()), Value(suffix))


EXPORT_COLUMNS = (
    Field("id", "pk", "int"),
    Field("year", "roundtable__summit__year", "int"),
    Field("session", "roundtable__session__number", "int"),
    Field("roundtable", "roundtable__slug"),
    Field("roundtable_title", "roundtable__title", translated=True),
    Field("number", "number", "int"),
    Field("text", "text", translated=True),
    Related("themes", "themes"),
    Related("frameworks", "frameworks"),
    Related("actors", "actors"),
    Holders("co_chairs", RoundtableRole.Role.CO_CHAIR),
    Holders("rapporteurs", RoundtableRole.Role.RAPPORTEUR),
    Field("source_excerpt", "source_excerpt"),
    Permalink("url"),
    Field("updated_at", "updated_at", "timestamp"),
    # Appended after the contract's columns: the editors' alignment, not a quote.
    Aligned("gcm_objectives", "gcm_objective", "number"),
    Aligned("sdg_targets", "sdg_target", "code"),
)
COLUMNS = tuple(column.name for column in EXPORT_COLUMNS)
LIST_COLUMNS = frozenset(column.name for column in EXPORT_COLUMNS if column.kind == "list")
_LISTS = [column for column in EXPORT_COLUMNS if column.kind == "list"]


def rows(queryset, base_url, chunk_size=CHUNK_ROWS, language=DEFAULT_LANGUAGE):
    """Export rows (tuples in COLUMNS order, lists as lists) for a queryset, in its order.

    Text columns (the text, the roundtable's title, the role holders' names) are in `language`
    where a translation exists, else in English; slugs, numbers and names of columns never change.

    One query reads the rows in chunks (a server-side cursor where the database has one), each
    row with the ids of its themes, frameworks and actors; the names those ids stand for are
    read once, and the roles of each chunk's roundtables in one query per role. Memory stays
    flat and the number of queries grows with the number of chunks, never of rows.
    """
    prefix, suffix = Permalink.parts(base_url, language)
    related = [column for column in EXPORT_COLUMNS if isinstance(column, Related)]
    holders = [column for column in EXPORT_COLUMNS if isinstance(column, Holders)]
    vocabularies = {column.name: column.vocabulary() for column in related}
    fields = [column for column in EXPORT_COLUMNS if isinstance(column, Field)]
    fetched = queryset.annotate(**{f"export_{column.name}_ids": column.ids() for column in related}).values_list(
        "pk",
        "roundtable_id",
        *(field.value(language) for field in fields),
        *(f"export_{column.name}_ids" for column in related),
    )
    # Where each column's value comes from, as (how, index into the fetched row or list).
    position = {column.name: index for index, column in enumerate(fields, start=2)}
    position.update({column.name: index for index, column in enumerate(related, start=2 + len(fields))})
    layout = []
    for column in EXPORT_COLUMNS:
        if isinstance(column, Field):
            layout.append(("timestamp" if column.kind == "timestamp" else "value", position[column.name], None))
        elif isinstance(column, Related):
            layout.append(("related", position[column.name], vocabularies[column.name]))
        elif isinstance(column, Holders):
            layout.append(("holders", holders.index(column), None))
        else:
            layout.append(("url", 0, None))
    for chunk in itertools.batched(fetched.iterator(chunk_size=chunk_size), chunk_size):
        roundtable_ids = list({row[1] for row in chunk})
        names = [column.fetch(roundtable_ids, language) for column in holders]
        for row in chunk:
            out = []
            for how, index, vocabulary in layout:
                if how == "value":
                    out.append(row[index])
                elif how == "related":
                    out.append(Related.values(row[index], vocabulary))
                elif how == "holders":
                    out.append(names[index].get(row[1], []))
                elif how == "timestamp":
                    out.append(_format_timestamp(row[index]))
                else:
                    out.append(f"{prefix}{row[0]}{suffix}")
            yield tuple(out)


def records(queryset, base_url, chunk_size=CHUNK_ROWS, language=DEFAULT_LANGUAGE):
    """Export records (dicts keyed by COLUMNS, lists as lists) for a queryset, in its order."""
    for row in rows(queryset, base_url, chunk_size=chunk_size, language=language):
        yield dict(zip(COLUMNS, row, strict=True))


def record(recommendation, base_url):
    """The export record of one recommendation."""
    return next(records(Recommendation.objects.filter(pk=recommendation.pk), base_url))


def csv_cells(rec):
    """A record (dict or row tuple) as CSV cells: lists joined, every text cell neutralised."""
    values = (rec[column] for column in COLUMNS) if isinstance(rec, dict) else rec
    cells = []
    for value in values:
        if isinstance(value, list):
            value = LIST_SEPARATOR.join(value)
        if isinstance(value, str):
            value = neutralise(value)
        cells.append(value)
    return cells


def csv_line(values):
    """One CSV line of a record or row: csv_cells() written as csv.writer writes them.

    RFC 4180 quoting exactly as csv.writer's QUOTE_MINIMAL and PostgreSQL's COPY apply it
    (quote a cell holding a comma, a double quote, CR or LF; double the double quotes), done
    here because csv.writer costs three times as much per row.
    """
    if isinstance(values, dict):
        values = [values[column] for column in COLUMNS]
    out = []
    for value in values:
        if value is None:
            value = ""
        elif value.__class__ is int:
            value = str(value)
        else:
            if value.__class__ is list:
                value = LIST_SEPARATOR.join(value)
            if value:
                if value[0] in _TRIGGERS:
                    value = "'" + value
                if '"' in value:
                    value = '"' + value.replace('"', '""') + '"'
                elif "," in value or "\n" in value or "\r" in value:
                    value = '"' + value + '"'
        out.append(value)
    return ",".join(out) + LINE_TERMINATOR


def csv_header(bom=False):
    """The header line, optionally behind a UTF-8 byte-order mark for Excel."""
    line = csv_line(COLUMNS)
    return ("\ufeff" + line) if bom else line


def csv_chunks(recs, bom=False, rows_per_chunk=500):
    """Yield the CSV text (header first) of records or rows, many rows a chunk."""
    yield csv_header(bom)
    for batch in itertools.batched(recs, rows_per_chunk):
        yield "".join([csv_line(rec) for rec in batch])


_encode_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses for str
_JSON_KEYS = [("{" if index == 0 else ", ") + json.dumps(name) + ": " for index, name in enumerate(COLUMNS)]


def json_line(row):
    """A row tuple as json.dumps(dict(zip(COLUMNS, row)), ensure_ascii=False) writes it, faster."""
    out = []
    for key, value in zip(_JSON_KEYS, row, strict=True):
        out.append(key)
        if value.__class__ is int:
            out.append(str(value))
        elif value.__class__ is list:
            out.append("[" + ", ".join(map(_encode_string, value)) + "]")
        else:
            out.append(_encode_string(value))
    out.append("}")
    return "".join(out)


def json_chunks(recs, rows_per_chunk=500):
    """Yield a JSON array of export records (dicts) or rows (tuples), streamed."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    yield "["
    separator = "\n"
    for batch in itertools.batched(recs, rows_per_chunk):
        parts = []
        for rec in batch:
            parts.append(separator)
            parts.append(encode(rec) if isinstance(rec, dict) else json_line(rec))
            separator = ",\n"
        yield "".join(parts)
    yield "\n]\n" if separator != "\n" else "]\n"


class _AggregateJoin:
    """`LEFT OUTER JOIN (aggregate) alias (owner, v) ON alias.owner = <base table>.<column>`.

    Django has no join to a subquery; the compiler renders whatever sits in the query's
    alias map, so this stands there beside the ORM's own joins.
    """

    join_type = LOUTER
    filtered_relation = None
    nullable = True

    def __init__(self, aggregate, alias, parent_alias, parent_column):
        self.aggregate = aggregate
        self.table_name = self.table_alias = alias
        self.parent_alias = parent_alias
        self.parent_column = parent_column

    def as_sql(self, compiler, connection):
        sql, params = self.aggregate.query.get_compiler(connection=connection).as_sql()
        alias, parent = connection.ops.quote_name(self.table_alias), connection.ops.quote_name(self.parent_alias)
        column = connection.ops.quote_name(self.parent_column)
        return f'LEFT OUTER JOIN ({sql}) {alias} ("owner", "v") ON ({alias}."owner" = {parent}.{column})', params


def copy_sql(queryset, base_url, using="default", as_json=False, language=DEFAULT_LANGUAGE):
    """The COPY statement that writes the export's rows for a queryset, in its order.

    CSV rows (no header), or with as_json=True one JSON object a line, written as json_chunks()
    writes them. The queryset's own SQL (filters, joins, order) with the export's cells as its
    select list. List cells come from joins to one aggregate per list, restricted to the
    exported rows (computed once, in a CTE): a correlated subquery per row and list costs
    several times more.
    """
    connection = connections[using]
    qn = connection.ops.quote_name
    url = Permalink.parts(base_url, language)
    if as_json:
        parts = []
        for index, column in enumerate(EXPORT_COLUMNS):
            key = json.dumps(column.name)
            cell = column.sql(url, as_json=True, language=language)
            parts += [Value(("{" if index == 0 else ", ") + key + ": "), cell]
        names = {"export_json": _concat(*parts, Value("}"))}
    else:
        names = {f"export_{column.name}": column.sql(url, language=language) for column in EXPORT_COLUMNS}
    query = queryset.annotate(**names).values_list(*names).query
    base = query.get_initial_alias()
    for column in _LISTS:
        owners = RawSQL(f"SELECT {qn(column.owner)} FROM {qn(EXPORTED)}", ())  # noqa: S608, S611 - no input
        alias = _join_alias(column)
        field = Recommendation._meta.pk if column.owner == "pk" else Recommendation._meta.get_field(column.owner)
        query.alias_map[alias] = _AggregateJoin(column.aggregate(owners, as_json, language), alias, base, field.column)
        query.alias_refcount[alias] = 1
    compiler = query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    if compiler.has_extra_select:
        # DISTINCT with an ORDER BY outside the select list adds columns; a subquery with an
        # ORDER BY is never flattened by PostgreSQL, so its order is kept.
        sql = f"SELECT {', '.join(map(qn, names))} FROM ({sql}) AS export_rows"  # noqa: S608
    ids = queryset.order_by().values_list("pk", "roundtable_id").query.get_compiler(using=using)
    ids_sql, ids_params = ids.as_sql()
    sql = f'WITH {qn(EXPORTED)} ("pk", "roundtable_id") AS MATERIALIZED ({ids_sql}) {sql}'
    with connection.cursor() as cursor:
        select = cursor.mogrify(sql, (*ids_params, *params))
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


class CopyStream:
    """Iterate the bytes of a COPY ... TO STDOUT in chunks, with bounded memory.

    psycopg2's copy_expert() writes to a file object until the COPY ends, so it runs in a
    thread that hands chunks through a small queue to the iterating (response) thread; the
    queue's bound keeps memory flat however fast the database is. The COPY runs in its own
    transaction (or savepoint, inside one) with COPY_SETTINGS set locally, rolled back after,
    so the settings never outlive it. close() before the end (a client that goes away, a HEAD
    request) cancels the statement.
    """

    _END = object()

    def __init__(self, sql, using="default", chunk_bytes=CHUNK_BYTES, max_chunks=8):
        connection = connections[using]
        connection.ensure_connection()
        self._sql = sql
        self._raw = connection.connection
        self._chunk_bytes = chunk_bytes
        self._queue = queue.Queue(maxsize=max_chunks)
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._copying = False
        self._first = None
        self._done = False
        self._thread = threading.Thread(target=self._run, name="csv-copy", daemon=True)
        self._thread.start()

    def _run(self):
        parts, size = [], 0
        stopped, put, chunk_bytes = self._stopped, self._queue.put, self._chunk_bytes

        class Sink:
            @staticmethod
            def write(data):
                nonlocal size
                if stopped.is_set():
                    return
                parts.append(data)
                size += len(data)
                if size >= chunk_bytes:
                    put(b"".join(parts))
                    parts.clear()
                    size = 0

        if self._raw.autocommit:
            begin, end = "BEGIN READ ONLY", "ROLLBACK"
        else:
            begin, end = "SAVEPOINT export_copy", "ROLLBACK TO SAVEPOINT export_copy; RELEASE SAVEPOINT export_copy"
        try:
            with self._raw.cursor() as cursor:
                cursor.execute(begin)
                try:
                    for name, value in COPY_SETTINGS.items():
                        cursor.execute(f"SET LOCAL {name} = {value}")
                    with self._lock:
                        self._copying = True
                    try:
                        cursor.copy_expert(self._sql, Sink)
                    finally:
                        with self._lock:
                            self._copying = False
                finally:
                    cursor.execute(end)
            if parts and not stopped.is_set():
                put(b"".join(parts))
            put(self._END)
        except BaseException as error:  # handed to the iterating thread, which raises it
            put(error)

    def prime(self):
        """Wait for the first chunk, so that a failing statement raises here, before any response."""
        if self._first is None and not self._done:
            self._first = self._take()
        return self

    def _take(self):
        item = self._queue.get()
        if isinstance(item, BaseException):
            self.close()
            raise item
        return item

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        item, self._first = (self._first, None) if self._first is not None else (self._take(), None)
        if item is self._END:
            self.close()
            raise StopIteration
        return item

    def close(self):
        """Stop: cancel the statement if it still runs, and wait for the thread."""
        self._done = True
        self._stopped.set()
        with self._lock:
            if self._copying and self._thread.is_alive():
                with contextlib.suppress(Exception):
                    self._raw.cancel()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
        self._thread.join()


def csv_stream(queryset, base_url, bom=False, using="default", language=DEFAULT_LANGUAGE):
    """The export CSV of a queryset as an iterator of byte chunks: COPY on PostgreSQL, else the ORM path.

    The returned iterator has close(), so a response that is dropped early stops the work.
    """
    if copy_supported(using):
        stream = CopyStream(copy_sql(queryset, base_url, using, language=language), using).prime()
        return _Prefixed(csv_header(bom).encode(), stream)
    rows_ = rows(queryset, base_url, language=language)
    return _Encoded(csv_chunks(rows_, bom=bom, rows_per_chunk=CHUNK_ROWS // 2))


class _Prefixed:
    """A header chunk, then a closable stream."""

    def __init__(self, head, stream):
        self._head, self._stream = head, stream

    def __iter__(self):
        yield self._head
        yield from self._stream

    def close(self):
        self._stream.close()


class _Encoded:
    def __init__(self, chunks):
        self._chunks = chunks

    def __iter__(self):
        for chunk in self._chunks:
            yield chunk.encode()

    def close(self):
        self._chunks.close()


def json_stream(queryset, base_url, using="default", language=DEFAULT_LANGUAGE):
    """The export JSON of a queryset as an iterator of byte chunks: COPY on PostgreSQL, else the ORM path."""
    if copy_supported(using):
        sql = copy_sql(queryset, base_url, using, as_json=True, language=language)
        return _JsonArray(CopyStream(sql, using).prime())
    return _Encoded(json_chunks(rows(queryset, base_url, language=language), rows_per_chunk=CHUNK_ROWS // 2))


class _JsonArray:
    """COPY's one object a line, written as json_chunks() writes the array: "[\n{...},\n{...}\n]\n"."""

    def __init__(self, stream):
        self._stream = stream

    def __iter__(self):
        yield b"["
        held, started = b"", False
        for chunk in self._stream:
            # Every line ends an object: JSON text escapes the line feeds inside strings.
            data = held + chunk.replace(b"\n", b",\n")
            if not started:
                data, started = b"\n" + data, True
            held = data[-2:]
            if len(data) > 2:
                yield data[:-2]
        yield held[:-2] + b"\n]\n" if started else b"]\n"

    def close(self):
        self._stream.close()
