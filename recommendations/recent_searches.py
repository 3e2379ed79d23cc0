"""The last searches' matches, kept per process while the versions of what they read say nothing changed.

A delegate types a search once and then pages through it, narrows it by facets or sorts it:
each of those pages asks for the same search again. Their matches (the ids best first, where
the search index ranks them, and the public rows as a bitset) are kept here, keyed by the
database, the language and the search, and by the versions of what they read
(facet_index.search_versions()): the columns a search reads (text, names, excerpt, number), the
recommendations' statuses and roundtables, and the roundtables' own tables. A write to any of
them gives new versions, so nothing stale is ever served; a save that changes none of them (an
editorial note, a follow-up entry) keeps every search. Versions that cannot be trusted keep nothing.

The memory is bounded by the number of ids held, not the number of searches.
"""

from array import array
from collections import OrderedDict
from threading import Lock

# About 8 MiB of ids (array of 64-bit integers), whatever the size of the searches.
MAX_IDS = 1_000_000

_recent = OrderedDict()
_held = 0
_lock = Lock()


def _size(entry):
    ranked, _bits = entry
    return len(ranked) if ranked is not None else 0


def get(key, versions):
    """(ranked ids or None, bits) of a search seen with these versions, else None."""
    if versions is None:
        return None
    with _lock:
        entry = _recent.get(key)
        if entry is None or entry[0] != versions:
            return None
        _recent.move_to_end(key)
        return entry[1]


def put(key, versions, ranked, bits):
    """Keep a search's matches: `ranked` (ids best first, or None) and `bits` (its public rows)."""
    global _held
    if versions is None:
        return
    value = (array("q", ranked) if ranked is not None else None, bits)
    if _size(value) > MAX_IDS:
        return
    with _lock:
        old = _recent.pop(key, None)
        if old is not None:
            _held -= _size(old[1])
        _recent[key] = (versions, value)
        _held += _size(value)
        while _held > MAX_IDS and _recent:
            _key, (_versions, dropped) = _recent.popitem(last=False)
            _held -= _size(dropped)


def clear():
    global _held
    with _lock:
        _recent.clear()
        _held = 0
