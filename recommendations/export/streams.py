"""The export of a queryset as a response body: the stored lines (lines.py) where the database
writes them, else the ORM path.

Each stream is an iterator of byte chunks with close(), so a response that is dropped early
stops the work.
"""

from gfmd_portal.i18n import DEFAULT_LANGUAGE

from . import lines
from .orm import CHUNK_ROWS, rows
from .writers import csv_chunks, csv_header, json_chunks


def csv_stream(queryset, base_url, bom=False, using="default", language=DEFAULT_LANGUAGE):
    """The export CSV of a queryset as an iterator of byte chunks.

    The returned iterator has close(), so a response that is dropped early stops the work.
    """
    if lines.supported(using):
        lines.refresh(language, as_json=False, using=using)
        return _Chunks(_csv(csv_header(bom), lines.read(queryset, base_url, language=language)))
    return _Chunks(csv_chunks(rows(queryset, base_url, language=language), bom=bom, rows_per_chunk=CHUNK_ROWS // 2))


def json_stream(queryset, base_url, using="default", language=DEFAULT_LANGUAGE):
    """The export JSON of a queryset (one array) as an iterator of byte chunks."""
    if lines.supported(using):
        lines.refresh(language, as_json=True, using=using)
        return _Chunks(_json(lines.read(queryset, base_url, as_json=True, language=language)))
    return _Chunks(json_chunks(rows(queryset, base_url, language=language), rows_per_chunk=CHUNK_ROWS // 2))


def _csv(header, chunks):
    yield header
    for chunk in chunks:
        yield "".join(chunk)


def _json(chunks):
    """The objects written as writers.json_chunks() writes the array: "[\\n{...},\\n{...}\\n]\\n"."""
    yield "["
    separator = "\n"
    for chunk in chunks:
        if chunk:
            yield separator + ",\n".join(chunk)
            separator = ",\n"
    yield "\n]\n" if separator != "\n" else "]\n"


class _Chunks:
    """Text chunks encoded, with close() reaching the generator that reads them."""

    def __init__(self, chunks):
        self._chunks = chunks

    def __iter__(self):
        for chunk in self._chunks:
            yield chunk.encode()

    def close(self):
        self._chunks.close()
