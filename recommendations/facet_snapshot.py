"""The facet index as a process last read it, kept in the database so a new process starts from it.

Reading the index in full reads every facet's links: about 170 ms at 100,000 recommendations,
paid by every new process (each gunicorn worker, every HUP, every worker recycled after
max_requests) and growing with the rows. A process that reads a part in full therefore also
writes the index's parts here (`FacetIndexSnapshot`, one row per format), and a process with no
index yet starts from this row instead of from nothing (facet_index.index_for()). Each part
carries the versions of its tables and the position in the log of changes it holds
(facet_index.Part), so the snapshot is an old index like any other: the parts whose tables
changed since are updated from the log or read again, and a part never comes back with data
its versions do not describe.

The format is JSON, compressed: ids, numbers and codes, and bitsets as little-endian bytes in
base64; never pickle, so that what the database holds is read as data and nothing else. The
row's key names the format and the index's parts and version keys (the signature facet_index
gives): a release whose index differs reads and writes its own row, and a row that cannot be
read is ignored (logged).
"""

import base64
import hashlib
import json
import logging
import zlib

from django.db import DatabaseError, IntegrityError, transaction

from .models import FacetIndexSnapshot

logger = logging.getLogger(__name__)

FORMAT = 1
ROWS = "rows"


def key(signature):
    """The row of an index whose parts and version keys `signature` (JSON-able) names."""
    signed = json.dumps([FORMAT, signature]).encode()
    return f"facet-index-{hashlib.sha256(signed).hexdigest()[:16]}"


def _bits(value):
    return base64.b64encode(value.to_bytes((value.bit_length() + 7) // 8, "little")).decode("ascii")


def _int(text):
    return int.from_bytes(base64.b64decode(text, validate=True), "little")


def _encode_loaded(name, loaded):
    """The rows' (spans, sizes) (facet_index.PublishedRows), or a facet's {value: bitset or None}."""
    if name == ROWS:
        spans, sizes = loaded
        return [[pk, low, _bits(span), sizes[pk]] for pk, (low, span) in spans.items()]
    return [[pk, None if bits is None else _bits(bits)] for pk, bits in loaded.items()]


def _decode_loaded(name, encoded):
    if name == ROWS:
        spans, sizes = {}, {}
        for pk, low, span, size in encoded:
            spans[pk], sizes[pk] = (int(low), _int(span)), int(size)
        return spans, sizes
    return {pk: None if bits is None else _int(bits) for pk, bits in encoded}


def encode(parts):
    """The bytes of {name: (versions, position, loaded)}, the rows' loaded as (spans, sizes)."""
    held = {
        name: [list(versions), position, _encode_loaded(name, loaded)]
        for name, (versions, position, loaded) in parts.items()
    }
    return zlib.compress(json.dumps(held, separators=(",", ":")).encode(), 1)


def decode(data):
    """{name: (versions, position, loaded)} of a snapshot's bytes, the rows' loaded as (spans,
    sizes); ValueError when they are not a snapshot."""
    try:
        held = json.loads(zlib.decompress(bytes(data)))
        parts = {}
        for name, (versions, position, loaded) in held.items():
            if not isinstance(position, int) or not all(isinstance(v, str) for v in versions):
                raise ValueError(f"part {name!r} has no position or versions")
            parts[name] = (tuple(versions), position, _decode_loaded(name, loaded))
    except (AttributeError, KeyError, TypeError, zlib.error) as error:
        raise ValueError(f"not a snapshot: {error}") from error
    return parts


def load(connection, signature):
    """The parts the database keeps for an index of this signature, or None (none kept, or unreadable)."""
    try:
        with transaction.atomic(using=connection.alias):
            data = FacetIndexSnapshot.objects.using(connection.alias).filter(key=key(signature))
            data = data.values_list("data", flat=True).first()
    except DatabaseError:  # no table yet (before migrate), or the database refuses
        logger.warning("The facet index's snapshot could not be read", exc_info=True)
        return None
    if data is None:
        return None
    try:
        return decode(data)
    except ValueError:
        logger.warning("The facet index's snapshot could not be decoded; the index is read in full", exc_info=True)
        return None


def save(connection, signature, parts):
    """Keep {name: (versions, position, loaded)} for the next new process, unless a snapshot
    from later in the log of changes is kept already. True when it was written.

    A failure is logged and leaves the page as it was: the snapshot only saves time.
    """
    position = min(position for _versions, position, _loaded in parts.values())
    try:
        rows = FacetIndexSnapshot.objects.using(connection.alias)
        data = encode(parts)
        with transaction.atomic(using=connection.alias):
            if rows.filter(key=key(signature), position__lte=position).update(position=position, data=data):
                return True
            if rows.filter(key=key(signature)).exists():  # one from later in the log
                return False
            rows.create(key=key(signature), position=position, data=data)
            return True
    except IntegrityError:  # another process wrote it first
        return False
    except (DatabaseError, TypeError, ValueError):
        logger.warning("The facet index's snapshot could not be written", exc_info=True)
        return False
