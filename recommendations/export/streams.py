"""The export of a queryset as a response body: COPY on PostgreSQL, lines SQLite writes on SQLite.

Each stream is an iterator of byte chunks with close(), so a response that is dropped early
stops the work.
"""

from gfmd_portal.i18n import DEFAULT_LANGUAGE

from . import lists, sqlite_lines
from .copy_stream import CopyStream
from .orm import CHUNK_ROWS, rows
from .postgres_copy import copy_sql, copy_supported
from .writers import csv_chunks, csv_header, json_chunks


def csv_stream(queryset, base_url, bom=False, using="default", language=DEFAULT_LANGUAGE):
    """The export CSV of a queryset as an iterator of byte chunks: COPY on PostgreSQL, else the ORM path.

    The returned iterator has close(), so a response that is dropped early stops the work.
    """
    if copy_supported(using):
        lists.refresh(using)
        stream = CopyStream(copy_sql(queryset, base_url, using, language=language), using).prime()
        return _Prefixed(csv_header(bom).encode(), stream)
    if sqlite_lines.supported(using):
        lists.refresh(using)
        return _Prefixed(csv_header(bom).encode(), _Encoded(sqlite_lines.lines(queryset, base_url, language=language)))
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
        lists.refresh(using)
        sql = copy_sql(queryset, base_url, using, as_json=True, language=language)
        return _JsonArray(CopyStream(sql, using).prime())
    if sqlite_lines.supported(using):
        lists.refresh(using)
        return _JsonArray(_Encoded(sqlite_lines.lines(queryset, base_url, as_json=True, language=language)))
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
