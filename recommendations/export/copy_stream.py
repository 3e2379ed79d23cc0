"""A COPY ... TO STDOUT streamed as an iterator of byte chunks, with bounded memory.

Why a thread: psycopg2's copy_expert() only writes into a file object, and returns when the COPY
ends. A response must instead pull the bytes as the client reads them, without holding the whole
file. So the COPY runs in a thread that writes into a small bounded queue, and the response's
thread iterates the queue; the bound keeps memory flat however fast the database is.
"""

import contextlib
import queue
import threading

from django.db import connections

# At most max_chunks chunks wait in the queue, one is being filled and one is being sent: with
# 128 KiB and 4, under 1 MiB of a file is in memory however slowly the client reads.
CHUNK_BYTES = 128 * 1024
# Session settings for the COPY statement only. When the planner underestimates the rows
# (tables without statistics yet, after a bulk load; LIKE '%word%' filters), it nests loops
# over the list aggregates, which is quadratic in the rows. Hash and merge joins stay linear
# whatever the estimate. A large export's cost also crosses jit_above_cost, and compiling the
# plan costs more than a statement run once wins back.
COPY_SETTINGS = {"enable_nestloop": "off", "jit": "off"}


class CopyStream:
    """Iterate the bytes of a COPY ... TO STDOUT in chunks of about chunk_bytes.

    The COPY runs in its own
    transaction (or savepoint, inside one) with COPY_SETTINGS set locally, rolled back after,
    so the settings never outlive it. close() before the end (a client that goes away, a HEAD
    request) cancels the statement.
    """

    _END = object()

    def __init__(self, sql, using="default", chunk_bytes=CHUNK_BYTES, max_chunks=4):
        connection = connections[using]
        connection.ensure_connection()
        self._sql = sql
        self._dbapi_connection = connection.connection
        self._chunk_bytes = chunk_bytes
        self._queue = queue.Queue(maxsize=max_chunks)
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._copying = False
        self._first_chunk = None
        self._done = False
        self._thread = threading.Thread(target=self._run, name="csv-copy", daemon=True)
        self._thread.start()

    def _run(self):
        pending, pending_bytes = [], 0
        stopped, put, chunk_bytes = self._stopped, self._queue.put, self._chunk_bytes

        class QueueWriter:
            @staticmethod
            def write(data):
                nonlocal pending_bytes
                if stopped.is_set():
                    return
                pending.append(data)
                pending_bytes += len(data)
                if pending_bytes >= chunk_bytes:
                    put(b"".join(pending))
                    pending.clear()
                    pending_bytes = 0

        if self._dbapi_connection.autocommit:
            begin, end = "BEGIN READ ONLY", "ROLLBACK"
        else:
            begin, end = "SAVEPOINT export_copy", "ROLLBACK TO SAVEPOINT export_copy; RELEASE SAVEPOINT export_copy"
        try:
            with self._dbapi_connection.cursor() as cursor:
                cursor.execute(begin)
                try:
                    for name, value in COPY_SETTINGS.items():
                        cursor.execute(f"SET LOCAL {name} = {value}")
                    with self._lock:
                        self._copying = True
                    try:
                        cursor.copy_expert(self._sql, QueueWriter)
                    finally:
                        with self._lock:
                            self._copying = False
                finally:
                    cursor.execute(end)
            if pending and not stopped.is_set():
                put(b"".join(pending))
            put(self._END)
        except BaseException as error:  # handed to the iterating thread, which raises it
            put(error)

    def prime(self):
        """Wait for the first chunk, so that a failing statement raises here, before any response."""
        if self._first_chunk is None and not self._done:
            self._first_chunk = self._take()
        return self

    def _take(self):
        item = self._queue.get()
        if isinstance(item, BaseException):
            self.close()
            raise item
        return item

    def __iter__(self):
        return self

    def __next__(self):
        if self._done:
            raise StopIteration
        item, self._first_chunk = (self._first_chunk, None) if self._first_chunk is not None else (self._take(), None)
        if item is self._END:
            self.close()
            raise StopIteration
        return item

    def close(self):
        """Stop: cancel the statement if it still runs, and wait for the thread."""
        self._done = True
        self._stopped.set()
        with self._lock:
            if self._copying and self._thread.is_alive():
                with contextlib.suppress(Exception):
                    self._dbapi_connection.cancel()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)
        self._thread.join()
