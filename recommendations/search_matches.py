"""A search's matches for the list: found once, kept, and brought up to date after an edit.

Sorted by relevance, one query ranks every match (search.ranking()), which gives the rows too;
otherwise one query gathers the ids into one value, rather than a row per id. The matches are
kept (recent_searches.py) while the versions of what a search reads say nothing changed.

An editor's save of a text, a translation or a name that recommendations are found by changes
those versions, and ranking every match again costs as much as the first search (a broad one
matches a third of the rows). When nothing else a search reads changed (the list's rows and
roundtables), the log of changes (facet_changes.py) says which recommendations the writes
touched: only those are searched again, taken out of the kept matches and put back where their
scores place them.

PostgreSQL's ts_rank reads the row alone, so the matches brought up to date are exactly those a
new search would find, in its order. SQLite's bm25 also weighs each word by how many rows hold
it: the rows put back are scored with the counts of now, the others keep the scores of the last
full ranking. Which rows match is exact; their order can differ from a new ranking's only
between rows whose scores are that close, and every match is ranked again once the rows put back
since then pass one in a hundred of them (at least DRIFT).
"""

from array import array
from bisect import bisect_left, bisect_right

from django.db import connections

from gfmd_portal.i18n import current_language

from . import facet_changes, facet_index, recent_searches, search
from .recent_searches import Matches

# More ids written than this, and every match is searched again (one query either way).
PATCH_LIMIT = 2_000
# More rows of equal score around the rows put back than this, and every match is ranked again.
TIE_LIMIT = 20_000
# SQLite: rows put back since the last full ranking before it is made again (see above).
DRIFT = 50


def matches(terms, using, ranking, index):
    """(ids best first or None, public rows as bits) of a search in the current language."""
    connection = connections[using]
    key = (using, connection.settings_dict["NAME"], current_language(), terms, ranking)
    versions = facet_index.search_versions(index.versions)
    kept = recent_searches.get(key)
    if kept is not None and versions is not None and kept.versions == versions:
        return kept.ranked, kept.bits
    # The log's position before the search reads anything: the matches then hold at least what
    # the log holds up to it. Inside a transaction, writes could still be rolled back.
    position = None if versions is None or connection.in_atomic_block else facet_changes.position(connection)
    found = None
    if kept is not None and kept.position is not None and position is not None:
        found = _brought_up_to_date(kept, terms, using, index, versions, position)
    if found is None:
        found = _searched(terms, using, ranking, index, versions, position)
    recent_searches.put(key, found)
    return found.ranked, found.bits


def _searched(terms, using, ranking, index, versions, position):
    """Every match, searched afresh."""
    if not ranking:
        return Matches(versions, position, None, None, _gathered_bits(terms, using, index))
    ranked, scores = search.ranking(terms, using) or (array("q"), array("d"))
    return Matches(versions, position, ranked, scores, index.ids_bits(ranked))


def _gathered_bits(terms, using, index):
    query = search.matching_ids_sql(terms, using)
    if query is None:
        return 0
    sql, params = query
    connection = connections[using]
    with connection.cursor() as cursor:
        # Only the ORM's own compiled SQL or the search index's statement is interpolated;
        # values are parameters. The index keeps public rows only, so any status may be read.
        cursor.execute(f"SELECT {facet_index.gathered_ids(connection, 'f.id')} FROM ({sql}) f", params)  # noqa: S608
        return index.ids_bits(facet_index.parse_ids(cursor.fetchone()[0]))


def _brought_up_to_date(kept, terms, using, index, versions, position):
    """The kept Matches with the recommendations written since searched again, or None when the
    log cannot say which (or they are too many), or something else a search reads changed."""
    if not facet_index.only_searched_changed(kept.versions, versions):
        return None
    connection = connections[using]
    searched = {facet_index.SEARCHED.key}
    written = facet_changes.touched(connection, kept.position, position, searched)
    if written is None:
        return None
    changed = facet_changes.ids_logged(written, kept.position, searched)
    if changed is facet_changes.EVERYTHING or len(changed) > PATCH_LIMIT:
        return None
    drifting = kept.ranked is not None and connection.vendor != "postgresql"
    if drifting and kept.patched + len(changed) > drift_limit(kept):
        return None
    fresh = list(zip(*(search.ranking(terms, using, among=changed) or ((), ())), strict=True)) if changed else []
    bits = (kept.bits & ~index.ids_bits(changed)) | index.ids_bits([pk for pk, _score in fresh])
    if kept.ranked is None:
        return Matches(versions, position, None, None, bits)
    placed = replaced(kept.ranked, kept.scores, changed, fresh, lambda ids: search.tie_order(ids, using))
    if placed is None:
        return None
    return Matches(versions, position, *placed, bits, kept.patched + len(changed))


def drift_limit(kept):
    """SQLite: how many rows may be put back into kept matches before every match is ranked again."""
    return max(DRIFT, kept.size // 100)


def replaced(ranked, scores, changed, fresh, tie_order):
    """(ids, scores) of a ranking with the ids `changed` taken out and `fresh` [(id, score)] put
    back where their scores place them, equal scores in the order `tie_order(ids)` ({id: place})
    gives; None when more than TIE_LIMIT rows share their scores."""
    if len(changed) <= 32:
        ids, scores = array("q", ranked), array("d", scores)
        for pk in changed:
            try:
                at = ids.index(pk)  # a scan in C, far quicker than a loop over every match
            except ValueError:
                continue
            del ids[at], scores[at]
    else:
        left = [i for i, pk in enumerate(ranked) if pk not in changed]
        ids, scores = array("q", (ranked[i] for i in left)), array("d", (scores[i] for i in left))
    fresh = sorted(fresh, key=lambda item: item[1])
    ties = {pk for pk, _score in fresh}
    for _pk, score in fresh:
        ties.update(ids[bisect_left(scores, score) : bisect_right(scores, score)])
        if len(ties) > TIE_LIMIT:
            return None
    place = tie_order(ties)
    for pk, score in fresh:
        low, high = bisect_left(scores, score), bisect_right(scores, score)
        at = bisect_right(ids, place[pk], low, high, key=place.__getitem__)
        ids.insert(at, pk)
        scores.insert(at, score)
    return ids, scores
