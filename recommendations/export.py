"""One definition of the export columns, and the CSV/JSON writers every export uses.

The public export, the admin's "export selected" and the import's reading of exported files all
go through this module, so a file always has the same columns and the same neutralisation.
"""

import csv
import datetime
import json

COLUMNS = (
    "id",
    "year",
    "session",
    "roundtable",
    "roundtable_title",
    "number",
    "text",
    "themes",
    "frameworks",
    "actors",
    "co_chairs",
    "rapporteurs",
    "source_excerpt",
    "url",
    "updated_at",
)
LIST_COLUMNS = frozenset({"themes", "frameworks", "actors", "co_chairs", "rapporteurs"})
LIST_SEPARATOR = "; "

# OWASP "CSV injection": a cell starting with one of these may be run as a formula by a
# spreadsheet. The apostrophe itself is included so that restore() is an exact inverse.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "'")


def neutralise(value):
    """Prefix a cell that a spreadsheet could read as a formula with an apostrophe."""
    if value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def restore(value):
    """Undo neutralise(): restore(neutralise(s)) == s for every string s."""
    if value and value[0] == "'":
        return value[1:]
    return value


def _names(holders):
    return [str(holder) for holder in holders]


def record(recommendation, base_url):
    """The export's fields for one recommendation (lists as lists), from prefetched relations."""
    roundtable = recommendation.roundtable
    roles = list(roundtable.roles.all())
    return {
        "id": recommendation.pk,
        "year": roundtable.session.summit.year,
        "session": roundtable.session.number,
        "roundtable": roundtable.slug,
        "roundtable_title": roundtable.title,
        "number": recommendation.number,
        "text": recommendation.text,
        "themes": [t.slug for t in recommendation.themes.all()],
        "frameworks": [f.slug for f in recommendation.frameworks.all()],
        "actors": [a.slug for a in recommendation.actors.all()],
        "co_chairs": _names(r.holder for r in roles if r.role == "co_chair"),
        "rapporteurs": _names(r.holder for r in roles if r.role == "rapporteur"),
        "source_excerpt": recommendation.source_excerpt,
        "url": f"{base_url}{recommendation.get_absolute_url()}",
        "updated_at": recommendation.updated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def records(queryset, base_url, chunk_size=2000):
    """Export records for a queryset, fetched in chunks so memory stays flat."""
    for recommendation in queryset.for_listing().iterator(chunk_size=chunk_size):
        yield record(recommendation, base_url)


def csv_cells(rec):
    """A record as CSV cells: lists joined, every text cell neutralised."""
    cells = []
    for column in COLUMNS:
        value = rec[column]
        if column in LIST_COLUMNS:
            value = LIST_SEPARATOR.join(value)
        cells.append(neutralise(value) if isinstance(value, str) else value)
    return cells


class _Buffer:
    """A file-like object that hands back what is written, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_chunks(recs, bom=False, rows_per_chunk=500):
    """Yield the CSV text (header first, RFC 4180 quoting) in chunks of many rows."""
    writer = csv.writer(_Buffer(), lineterminator="\r\n")
    head = writer.writerow(COLUMNS)
    yield ("\ufeff" + head) if bom else head
    batch = []
    for rec in recs:
        batch.append(writer.writerow(csv_cells(rec)))
        if len(batch) >= rows_per_chunk:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def json_chunks(recs, rows_per_chunk=500):
    """Yield a JSON array of export records, streamed."""
    yield "["
    first = True
    batch = []
    for rec in recs:
        batch.append(("" if first else ",") + "\n" + json.dumps(rec, ensure_ascii=False))
        first = False
        if len(batch) >= rows_per_chunk:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + ("\n]\n" if not first else "]\n")
