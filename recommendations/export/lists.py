"""The export's list cells kept ready in a table (ExportLists), brought up to date before each export.

Aggregating every exported row's themes, frameworks, actors and alignments made an export
several times slower than reading the rows. So each recommendation's list cells are stored,
and an export joins them. They are kept right with the facet index's machinery:

- the triggers' log of changes (facet_changes.py) names every recommendation whose links a write
  touched, whatever made it; refresh() reads the lists of those recommendations again;
- the versions of the tables the lists' values and order come from (themes, frameworks, actors,
  GCM objectives, SDG targets) are kept with the lists: when one changed (a slug, or a name that
  orders the list), every list is read again, as after a TRUNCATE, a log too far behind, or
  triggers that cannot be trusted.

refresh() runs before an export. When nothing changed it reads three small rows; otherwise it
takes the state row's lock, so two exports never refresh at once, and writes in one transaction.
The values are read and ordered as the ORM path reads them (orm.vocabulary()), so both paths
write the same cells.
"""

import itertools
import json
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F

from .. import facet_changes, facet_index
from ..models import ExportLists, ExportListsState, Recommendation
from . import orm
from .columns import EXPORT_COLUMNS, LIST_SEPARATOR, Related
from .writers import LINE_TERMINATOR, csv_line

LIST_COLUMNS = tuple(column for column in EXPORT_COLUMNS if isinstance(column, Related))
# The recommendations read at a time when every list is read again, so memory stays flat.
RANGE = 20_000
STATE = 1


def reference_tables():
    """The tables the lists' values and their order are read from."""
    return tuple(dict.fromkeys(column.links.reference._meta.db_table for column in LIST_COLUMNS))


def link_tables():
    """The tables of links the log names recommendations for."""
    return frozenset(column.links.table._meta.db_table for column in LIST_COLUMNS)


def _current(connection):
    """(the reference tables' versions, the log's position), or (None, None) when the triggers
    cannot be trusted."""
    versions = facet_index.read_versions(connection)
    if versions is None:
        return None, None
    return {table: versions[table] for table in reference_tables()}, facet_changes.position(connection)


def _stale(state, versions, position):
    return versions is None or state is None or state.versions != versions or state.position != position


def refresh(using=DEFAULT_DB_ALIAS):
    """Bring the stored lists up to date with the database. Returns how many recommendations'
    lists were read again (every one's when the whole table was), 0 when nothing changed."""
    connection = connections[using]
    state = ExportListsState.objects.using(using).filter(pk=STATE).first()
    if not _stale(state, *_current(connection)):
        return 0
    with transaction.atomic(using=using):
        ExportListsState.objects.using(using).get_or_create(pk=STATE, defaults={"position": None})
        # The lock: an UPDATE holds the row (on SQLite, the database) until the end.
        ExportListsState.objects.using(using).filter(pk=STATE).update(position=F("position"))
        state = ExportListsState.objects.using(using).get(pk=STATE)
        versions, position = _current(connection)
        if not _stale(state, versions, position):
            return 0
        ids = None
        if versions is not None and state.versions == versions and state.position is not None:
            rows = facet_changes.touched(connection, state.position, position)
            if rows is not None:
                ids = facet_changes.ids_logged(rows, state.position, link_tables())
        everything = ids is None or ids is facet_changes.EVERYTHING
        read = _read_all(using) if everything else _read_again(using, sorted(ids))
        state.versions, state.position = versions or {}, position
        state.save(using=using)
    return read


def _vocabularies(using):
    return {column.name: orm.vocabulary(column) for column in LIST_COLUMNS}


def _rows(using, vocabularies, **condition):
    """ExportLists rows of the recommendations whose links match `condition` (on the recommendation's id)."""
    found = defaultdict(dict)
    for column in LIST_COLUMNS:
        links = column.links
        source = f"{links.source}_id"
        pairs = (
            links.table.objects.using(using)
            .filter(**{f"{source}{lookup}": value for lookup, value in condition.items()})
            .filter(**{f"{links.target}_id__isnull": False})
            .values_list(source, f"{links.target}_id")
        )
        for pk, target in pairs:
            found[pk].setdefault(column.name, []).append(target)
    rows = []
    for pk, lists in found.items():
        cells = {}
        for name, targets in lists.items():
            values = orm.linked_values(",".join(map(str, targets)), vocabularies[name])
            cells[name] = LIST_SEPARATOR.join(values)
            cells[f"{name}_csv"] = csv_line([values]).removesuffix(LINE_TERMINATOR)
            cells[f"{name}_json"] = json.dumps(values, ensure_ascii=False)
        rows.append(ExportLists(recommendation_id=pk, **cells))
    return rows


def _read_again(using, ids):
    vocabularies = _vocabularies(using)
    for chunk in itertools.batched(ids, RANGE):
        ExportLists.objects.using(using).filter(recommendation_id__in=chunk).delete()
        ExportLists.objects.using(using).bulk_create(_rows(using, vocabularies, __in=chunk))
    return len(ids)


def _read_all(using):
    """Every list read again, RANGE recommendations' ids at a time."""

    vocabularies = _vocabularies(using)
    ExportLists.objects.using(using).all().delete()
    highest = Recommendation._base_manager.using(using).order_by("-pk").values_list("pk", flat=True).first() or 0
    count = 0
    for low in range(0, highest + 1, RANGE):
        rows = _rows(using, vocabularies, __gte=low, __lt=low + RANGE)
        ExportLists.objects.using(using).bulk_create(rows)
        count += len(rows)
    return count
