"""The last searches' matches, kept per process with the versions and the log position they were found at.

A delegate types a search once and then pages through it, narrows it by facets or sorts it:
each of those pages asks for the same search again. Their matches (the ids best first with their
scores, where the search index ranks them, and the public rows as a bitset) are kept here, keyed
by the database, the language and the search. Each is kept with the versions of what it read
(facet_index.search_versions()) and the last seq of the log of changes it holds
(facet_changes.py): search_matches.py serves it while the versions are the same, and brings it up
to date from the log after an edit.

The memory is bounded by the number of ids held, not the number of searches.
"""

from array import array
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

# About 48 MiB of ids and scores (arrays of 64-bit integers and doubles), whatever the size of
# the searches: at a million recommendations, the last five or so searches that match half of them.
MAX_IDS = 3_000_000


@dataclass(frozen=True)
class Matches:
    """A search's matches as found under `versions`, holding the log up to `position` (None: not
    to be brought up to date from the log).

    `ranked` and `scores`: the ids best first and their scores (lower is better), or None when
    the search was not ranked; `bits`: its public rows. `patched`: how many ids were placed again
    since every match was last ranked together (search_matches.py).
    """

    versions: tuple
    position: int | None
    ranked: array | None
    scores: array | None
    bits: int
    patched: int = 0

    @property
    def size(self):
        return len(self.ranked) if self.ranked is not None else 0


_recent = OrderedDict()
_held = 0
_lock = Lock()


def get(key):
    """The Matches last kept for a search, whatever their versions, else None."""
    with _lock:
        entry = _recent.get(key)
        if entry is not None:
            _recent.move_to_end(key)
        return entry


def put(key, matches):
    """Keep a search's Matches in place of any before (none kept when its versions cannot be trusted)."""
    global _held
    if matches.versions is None or matches.size > MAX_IDS:
        return
    with _lock:
        old = _recent.pop(key, None)
        if old is not None:
            _held -= old.size
        _recent[key] = matches
        _held += matches.size
        while _held > MAX_IDS and _recent:
            _key, dropped = _recent.popitem(last=False)
            _held -= dropped.size


def clear():
    global _held
    with _lock:
        _recent.clear()
        _held = 0
