"""The CSV and JSON text of export rows (tuples in COLUMNS order) or records (dicts keyed by COLUMNS).

CSV: what csv.writer(lineterminator="\n") writes over the cells (RFC 4180 minimal quoting, as
PostgreSQL's COPY quotes, and rows ending with a line feed, as COPY ends them), list cells
joined by LIST_SEPARATOR and every text cell neutralised. The line is written here, with str
methods, because csv.writer makes a whole export noticeably slower (it copies every character
of every cell one by one); the tests hold the two equal for any text. JSON: json.dumps
(ensure_ascii=False) of each record, in one array.
"""

import itertools
import json

from .columns import COLUMNS, FORMULA_TRIGGER_SET, LIST_SEPARATOR

ROWS_PER_CHUNK = 500
LINE_TERMINATOR = "\n"


def csv_line(values):
    """One CSV line of a record or row: its cells as csv.writer(lineterminator="\n") writes them.

    Lists are joined by LIST_SEPARATOR and text cells neutralised; a cell is quoted when it holds
    a comma, a double quote, CR or LF, and its double quotes are doubled, as csv.writer's
    QUOTE_MINIMAL and PostgreSQL's COPY do it.
    """
    if isinstance(values, dict):
        values = [values[column] for column in COLUMNS]
    cells = []
    for value in values:
        if value is None:
            value = ""
        elif value.__class__ is int:
            value = str(value)
        else:
            if value.__class__ is list:
                value = LIST_SEPARATOR.join(value)
            if value:
                if value[0] in FORMULA_TRIGGER_SET:
                    value = "'" + value
                if '"' in value:
                    value = '"' + value.replace('"', '""') + '"'
                elif "," in value or "\n" in value or "\r" in value:
                    value = '"' + value + '"'
        cells.append(value)
    return ",".join(cells) + LINE_TERMINATOR


def csv_header(bom=False):
    """The header line, optionally behind a UTF-8 byte-order mark for Excel."""
    line = csv_line(COLUMNS)
    return ("\ufeff" + line) if bom else line


def csv_chunks(recs, bom=False, rows_per_chunk=ROWS_PER_CHUNK):
    """Yield the CSV text (header first) of records or rows, many rows a chunk."""
    yield csv_header(bom)
    for batch in itertools.batched(recs, rows_per_chunk):
        yield "".join([csv_line(rec) for rec in batch])


def json_line(row):
    """A row tuple as one JSON object keyed by COLUMNS."""
    return json.dumps(dict(zip(COLUMNS, row, strict=True)), ensure_ascii=False)


def json_chunks(recs, rows_per_chunk=ROWS_PER_CHUNK):
    """Yield a JSON array of export records (dicts) or rows (tuples), streamed: "[\\n{...},\\n{...}\\n]\\n"."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    yield "["
    separator = "\n"
    for batch in itertools.batched(recs, rows_per_chunk):
        parts = []
        for rec in batch:
            parts.append(separator)
            parts.append(encode(rec if isinstance(rec, dict) else dict(zip(COLUMNS, rec, strict=True))))
            separator = ",\n"
        yield "".join(parts)
    yield "\n]\n" if separator != "\n" else "]\n"
