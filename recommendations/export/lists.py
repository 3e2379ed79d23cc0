"""The export's list cells kept ready in a table (ExportLists), brought up to date before each export.

Aggregating every exported row's themes, frameworks, actors and alignments made an export
several times slower than reading the rows. So each recommendation's list cells are stored,
and an export joins them. They are kept right with the facet index's machinery:

- the triggers' log of changes (facet_changes.py) names every recommendation whose links a write
  touched, whatever made it; refresh() reads the lists of those recommendations again;
- the versions of the tables the lists' values and order come from (themes, frameworks, actors,
  GCM objectives, SDG targets) are kept with the lists, and so is each list's vocabulary, its
  values in the order they are listed (orm.vocabulary()). When one of those tables changed, its
  vocabulary is read again and compared: only the lists holding a value that changed (a slug,
  a name) or moved in the order (a name that now sorts elsewhere) are read again. A write that
  changed nothing listed (a description, an editor's no-op save) reads none. Which values moved
  is found as the fewest that, taken out, leave the others in the same order (the complement of
  the longest run of values in the same order, one pass with bisect): renaming one theme moves
  that theme alone, whatever its new place.
- every list is read again after a TRUNCATE, a log too far behind, triggers that cannot be
  trusted, or when the values that changed are in more than half the lists.

refresh() runs before an export. When nothing changed it reads three small rows; otherwise it
takes the state row's lock, so two exports never refresh at once, and writes in one transaction.
The values are read and ordered as the ORM path reads them (orm.vocabulary()), so both paths
write the same cells.
"""

import itertools
import json
from bisect import bisect_left
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F

from .. import facet_changes, facet_index
from ..models import ExportLists, ExportListsState, Recommendation
from . import orm
from .columns import EXPORT_COLUMNS, Related
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


def current(connection):
    """(the reference tables' versions, the log's position), or (None, None) when the triggers
    cannot be trusted."""
    versions = facet_index.read_versions(connection)
    if versions is None:
        return None, None
    return {table: versions[table] for table in reference_tables()}, facet_changes.position(connection)


def stale(state, versions, position):
    """Whether a state row (its position and versions) is behind the database's."""
    return versions is None or state is None or state.versions != versions or state.position != position


def changed_since(using, state, versions, position, kept, names):
    """The recommendations whose cells may have changed since a state row (its position, versions
    and vocabularies) was written: those the log names under `names` and those holding a list
    value that changed or moved; None when every one may have."""
    if versions is None or state.position is None:
        return None
    rows = facet_changes.touched(connections[using], state.position, position, names)
    if rows is None:
        return None
    ids = facet_changes.ids_logged(rows, state.position, names)
    if ids is facet_changes.EVERYTHING:
        return None
    if state.versions != versions:
        moved = _holding_changed_values(using, state.vocabularies, kept)
        return None if moved is None else ids | moved
    return ids


def locked(states, pk):
    """The state row `pk` of `states` (made when missing), locked until the transaction ends:
    an UPDATE holds the row (on SQLite, the database), so two refreshes never run at once."""
    states.get_or_create(pk=pk, defaults={"position": None})
    states.filter(pk=pk).update(position=F("position"))
    return states.get(pk=pk)


def refresh(using=DEFAULT_DB_ALIAS):
    """Bring the stored lists up to date with the database. Returns how many recommendations'
    lists were read again (every one's when the whole table was), 0 when nothing changed."""
    connection = connections[using]
    state = ExportListsState.objects.using(using).filter(pk=STATE).first()
    if not stale(state, *current(connection)):
        return 0
    with transaction.atomic(using=using):
        state = locked(ExportListsState.objects.using(using), STATE)
        versions, position = current(connection)
        if not stale(state, versions, position):
            return 0
        vocabularies_ = vocabularies(using)
        kept_ = kept(vocabularies_)
        ids = changed_since(using, state, versions, position, kept_, link_tables())
        read = _read_all(using, vocabularies_) if ids is None else _read_again(using, vocabularies_, sorted(ids))
        state.versions, state.position = versions or {}, position
        state.vocabularies = kept_
        state.save(using=using)
    return read


def kept(vocabularies):
    """The vocabularies as the state row keeps them: {list: [[reference id, value], ...] in the
    list's order}, which is orm.vocabulary()'s own order."""
    return {name: [[pk, value] for pk, (_, value) in vocabulary.items()] for name, vocabulary in vocabularies.items()}


def changed_values(before, now):
    """The reference ids whose list cells may differ between two orders of [[id, value], ...]:
    values added, removed or changed, and the fewest that moved (see the module's docstring)."""
    old, new = dict(before), dict(now)
    changed = set(old.keys() ^ new.keys()) | {pk for pk in old.keys() & new.keys() if old[pk] != new[pk]}
    # The old places of the other values in the new order: the longest increasing run of them is
    # the most values that kept their order; every other value moved.
    place = {pk: i for i, (pk, _value) in enumerate(before)}
    common = [pk for pk, _value in now if pk in place and pk not in changed]
    tails, tail_ids, previous = [], [], {}
    for pk in common:
        at = bisect_left(tails, place[pk])
        previous[pk] = tail_ids[at - 1] if at else None
        if at == len(tails):
            tails.append(place[pk])
            tail_ids.append(pk)
        else:
            tails[at], tail_ids[at] = place[pk], pk
    kept, pk = set(), tail_ids[-1] if tail_ids else None
    while pk is not None:
        kept.add(pk)
        pk = previous[pk]
    return changed | (set(common) - kept)


def _holding_changed_values(using, before, now):
    """The recommendations whose lists hold a value that changed between the vocabularies
    `before` (the state's) and `now` (both as kept() gives them), or None when every list is
    to be read again."""
    if set(before) != set(now):
        return None
    ids = set()
    for column in LIST_COLUMNS:
        changed = changed_values(before[column.name], now[column.name])
        if changed:
            links = column.links
            ids.update(
                links.table.objects.using(using)
                .filter(**{f"{links.target}_id__in": sorted(changed)})
                .values_list(f"{links.source}_id", flat=True)
            )
    if len(ids) > Recommendation._base_manager.using(using).count() // 2:
        return None
    return ids


def vocabularies(using):
    """{list column: orm.vocabulary()} of every list column."""
    return {column.name: orm.vocabulary(column, using) for column in LIST_COLUMNS}


def _rows(connection, vocabularies, condition, params=()):
    """(recommendation id, cells in CELLS order) of the recommendations whose links match
    `condition`, SQL on the links' column of the recommendation ("{} IN (...)")."""
    qn = connection.ops.quote_name
    found = defaultdict(dict)
    with connection.cursor() as cursor:
        for column in LIST_COLUMNS:
            links = column.links
            meta = links.table._meta
            source, target = (qn(meta.get_field(name).column) for name in (links.source, links.target))
            cursor.execute(
                f"SELECT {source}, {target} FROM {qn(meta.db_table)} "  # noqa: S608 - the models' own names
                f"WHERE {target} IS NOT NULL AND {condition.format(source)}",
                params,
            )
            for pk, linked in cursor.fetchall():
                found[pk].setdefault(column.name, []).append(linked)
    rows = []
    for pk, lists in found.items():
        cells = []
        for column in LIST_COLUMNS:
            targets = lists.get(column.name)
            if targets is None:
                cells += ["", "[]"]
                continue
            values = orm.ordered_values(targets, vocabularies[column.name])
            cells += [csv_line([values]).removesuffix(LINE_TERMINATOR), json.dumps(values, ensure_ascii=False)]
        rows.append((pk, *cells))
    return rows


# The cells of an ExportLists row, in the order _rows() gives them after the recommendation's id.
CELLS = tuple(f"{column.name}{suffix}" for column in LIST_COLUMNS for suffix in ("_csv", "_json"))
# Rows written by one INSERT: a statement's parameters stay well under SQLite's limit (32,766).
INSERTED = 500


def _insert(connection, rows):
    """Write ExportLists rows: multi-row INSERTs, far quicker than the ORM's bulk_create at this size."""
    qn = connection.ops.quote_name
    meta = ExportLists._meta
    names = ", ".join(qn(meta.get_field(name).column) for name in ("recommendation", *CELLS))
    one = f"({', '.join(['%s'] * (len(CELLS) + 1))})"
    with connection.cursor() as cursor:
        for chunk in itertools.batched(rows, INSERTED):
            cursor.execute(
                f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES {', '.join([one] * len(chunk))}",  # noqa: S608
                [value for row in chunk for value in row],
            )


def listed(ids):
    """SQL "{} IN (...)" of these ids: integers, written into the statement, which stays short to build."""
    return "{} IN (" + ", ".join(str(int(pk)) for pk in ids) + ")"


def _read_again(using, vocabularies, ids):
    connection = connections[using]
    qn = connection.ops.quote_name
    table, key = qn(ExportLists._meta.db_table), qn(ExportLists._meta.pk.column)
    for chunk in itertools.batched(ids, RANGE):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {listed(chunk).format(key)}")  # noqa: S608
        _insert(connection, _rows(connection, vocabularies, listed(chunk)))
    return len(ids)


def _read_all(using, vocabularies):
    """Every list read again, RANGE recommendations' ids at a time."""
    connection = connections[using]
    ExportLists.objects.using(using).all().delete()
    highest = Recommendation._base_manager.using(using).order_by("-pk").values_list("pk", flat=True).first() or 0
    count = 0
    for low in range(0, highest + 1, RANGE):
        rows = _rows(connection, vocabularies, "{0} >= %s AND {0} < %s", [low, low + RANGE])
        _insert(connection, rows)
        count += len(rows)
    return count
