"""The ORM path: a queryset's export rows, read in chunks through the column definitions.

Used by any caller that holds a queryset and writes the file in Python (the admin's "export
selected", the API's records), and as the reference the stored lines (lines.py) are tested
against: the public export reads those, and the two give the same bytes.
"""

import datetime
import itertools
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast

from gfmd_portal.i18n import DEFAULT_LANGUAGE

from .. import search
from .columns import COLUMNS, EXPORT_COLUMNS, Field, Holders, Permalink, Related

CHUNK_ROWS = 500


def format_timestamp(value):
    """2026-11-28T09:30:00Z: UTC, to the second (isoformat() is several times faster than strftime())."""
    return value.astimezone(datetime.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def vocabulary(column, using=DEFAULT_DB_ALIAS):
    """{reference id: (position, value)} of a list column, in the database's own order and collation.

    rows() reads only the reference ids of each row and sorts them by position, so the order is
    the one the stored lists (lists.py) are written in.
    """
    links = column.links
    rows_ = links.reference.objects.using(using).order_by(*links.ordering, "pk").values_list("pk", links.value)
    return {pk: (position, str(value)) for position, (pk, value) in enumerate(rows_)}


def linked_ids(column):
    """The reference ids of the outer row, as "3,7" (any order): one cheap index lookup."""
    links = column.links
    joined = (
        links.table.objects.filter(**{links.source: OuterRef("pk")})
        .order_by()
        .values(links.source)
        .annotate(v=StringAgg(Cast(f"{links.target}_id", TextField()), Value(",")))
        .values("v")
    )
    return Subquery(joined, output_field=TextField())


def linked_values(ids, vocabulary_):
    """The values of "3,7" (linked_ids()), in the reference list's order."""
    if not ids:
        return []
    return ordered_values(map(int, ids.split(",")), vocabulary_)


def ordered_values(ids, vocabulary_):
    """The values of these reference ids, in the reference list's order."""
    return [value for _, value in sorted(vocabulary_[pk] for pk in ids)]


def holders_by_roundtable(column, roundtable_ids, language=DEFAULT_LANGUAGE, using=DEFAULT_DB_ALIAS):
    """{roundtable id: [names]} of one role, for the roundtables of a chunk of rows."""
    roles = column.roles(roundtable_ids).using(using).order_by(*column.order)
    names = roles.values_list("roundtable_id", Holders.holder_name(language))
    found = defaultdict(list)
    for roundtable_id, name in names:
        found[roundtable_id].append(name)
    return found


def rows(queryset, base_url, chunk_size=CHUNK_ROWS, language=DEFAULT_LANGUAGE):
    """Export rows (tuples in COLUMNS order, lists as lists) for a queryset, in its order.

    Text columns (the text, the roundtable's title, the role holders' names) are in `language`
    where a translation exists, else in English; slugs, numbers and names of columns never change.

    One query reads the rows in chunks (a server-side cursor where the database has one), each
    row with the ids of its themes, frameworks, actors and alignments; the values those ids stand
    for are read once, and the roles of each chunk's roundtables in one query per role. Memory
    stays flat and the number of queries grows with the number of chunks, never of rows. A
    queryset that search.rank() ordered on SQLite takes its order from the search index and is
    read by id, a chunk at a time (search.rank_order()).
    """
    prefix, suffix = Permalink.parts(base_url, language)
    related = [column for column in EXPORT_COLUMNS if isinstance(column, Related)]
    holders = [column for column in EXPORT_COLUMNS if isinstance(column, Holders)]
    vocabularies = {column.name: vocabulary(column, queryset.db) for column in related}
    fields = [column for column in EXPORT_COLUMNS if isinstance(column, Field)]

    def fetch(rows_):
        return rows_.annotate(**{f"export_{column.name}_ids": linked_ids(column) for column in related}).values_list(
            "pk",
            "roundtable_id",
            *(field.value(language) for field in fields),
            *(f"export_{column.name}_ids" for column in related),
        )

    ranked = search.rank_order(queryset)
    if ranked is None:
        chunks = itertools.batched(fetch(queryset).iterator(chunk_size=chunk_size), chunk_size)
    else:
        chunks = _by_id(fetch(queryset.model._base_manager.using(queryset.db).order_by()), ranked, chunk_size)
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
    for chunk in chunks:
        roundtable_ids = list({row[1] for row in chunk})
        names = [holders_by_roundtable(column, roundtable_ids, language) for column in holders]
        for row in chunk:
            out = []
            for how, index, vocabulary_ in layout:
                if how == "value":
                    out.append(row[index])
                elif how == "related":
                    out.append(linked_values(row[index], vocabulary_))
                elif how == "holders":
                    out.append(names[index].get(row[1], []))
                elif how == "timestamp":
                    out.append(format_timestamp(row[index]))
                else:
                    out.append(f"{prefix}{row[0]}{suffix}")
            yield tuple(out)


def _by_id(fetched, ids, chunk_size):
    """Chunks of rows in the order of `ids`, read by id: one query a chunk."""
    for chunk in itertools.batched(ids, chunk_size):
        by_id = {row[0]: row for row in fetched.filter(pk__in=chunk)}
        yield [by_id[pk] for pk in chunk if pk in by_id]


def records(queryset, base_url, chunk_size=CHUNK_ROWS, language=DEFAULT_LANGUAGE):
    """Export records (dicts keyed by COLUMNS, lists as lists) for a queryset, in its order."""
    for row in rows(queryset, base_url, chunk_size=chunk_size, language=language):
        yield dict(zip(COLUMNS, row, strict=True))
