"""Recording "sent" in small batches, without ever treating a delivered row as unsent.

A send's "sent" mark used to be one write per message on the event loop. Now each mark
goes into a batch that the store thread writes as one transaction: the first mark
hands a job to the store thread, and every mark that arrives before that job starts
joins it. So a batch holds what arrived during the previous write (a few ms; one row
when the bot is quiet), no timer is involved, and because the store thread runs jobs
in order, anything handed to it after a mark (the learner's reply to that message, a
read of the row) sees the row ``sent``.

Until its batch is written the row stays ``sending``, claimed by this process, its
lease renewed, so no other process resends it; ``unwritten`` lets the dispatcher report
it as sent meanwhile. After a ``kill -9`` the unwritten marks are lost like the in-flight
sends are, which is the floor docs/reliability.md explains: at most the rows whose
response arrived in the last write's few milliseconds (or while a lock lasts).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from datetime import datetime

from bot.store import Store
from bot.store.thread import StoreThread

log = logging.getLogger(__name__)
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)


class SentMarks:
    """The batch of delivered rows not yet written, and the job that writes them."""

    def __init__(self, store: Store, thread: StoreThread) -> None:
        self.store = store
        self.thread = thread
        self._lock = threading.Lock()  # the loop adds, the store thread takes
        self._waiting: list[tuple[int, int, datetime]] = []  # not yet in a job
        self._writing: list[tuple[int, int, datetime]] = []  # taken by the running job
        self._queued = False
        self._jobs: set[asyncio.Task[None]] = set()

    def add(self, outbox_id: int, message_id: int, now: datetime) -> None:
        """Telegram accepted this row: from now on it counts as sent."""
        with self._lock:
            self._waiting.append((outbox_id, message_id, now))
            if self._queued:
                return
            self._queued = True
        job = asyncio.ensure_future(self._flush())
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)

    def unwritten(self) -> set[int]:
        """Ids delivered but not yet recorded as sent."""
        with self._lock:
            return {m[0] for m in (*self._writing, *self._waiting)}

    async def flushed(self) -> None:
        """Until every mark added so far is written (or its write gave up)."""
        while self._jobs:
            await asyncio.gather(*self._jobs, return_exceptions=True)

    async def write_now(self) -> None:
        """One more try for marks left by a write that gave up (shutdown)."""
        await self.flushed()
        if self.unwritten():
            await self._flush()

    async def _flush(self) -> None:
        try:
            await self.thread.call_each(self._write)
        except sqlite3.Error as exc:
            # The rows stay claimed and leased by this process, so nobody resends them;
            # the next mark (or shutdown) tries the batch again.
            log.error("could not record %d sent messages yet (%s); trying again",
                      len(self.unwritten()), exc)

    def _write(self) -> None:
        """In the store thread: take the waiting marks and write them in one transaction.

        A job that met a lock runs again with the same batch (plus newer marks); the
        batch is let go only once its transaction committed."""
        with self._lock:
            self._writing.extend(self._waiting)
            self._waiting.clear()
            self._queued = False
            batch = list(self._writing)
        with self.store.atomic():
            for outbox_id, message_id, at in batch:
                self.store.mark_sent(outbox_id, message_id, at)
        with self._lock:
            del self._writing[:len(batch)]
