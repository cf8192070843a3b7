"""Small writes that must not hold anyone up, recorded in batches: "sent" and "done".

A send's "sent" mark, and an update's "done" mark once its handlers ran, used to be one
write each on the event loop. Now each mark goes into a batch that the store thread
writes as one transaction: the first mark hands a job to the store thread, and every
mark that arrives before that job starts joins it. So a batch holds what arrived
during the previous write (a few ms; one row when the bot is quiet), no timer is
involved, and because the store thread runs jobs in order, anything handed to it after
a mark (the learner's reply to that message, a read of the row) sees it written.

Until its batch is written a sent row stays ``sending``, claimed by this process, its
lease renewed, so no other process resends it; ``unwritten`` lets the dispatcher report
it as sent meanwhile. A write that gave up (a lock longer than the patience) is tried
again a second later, until it lands. After a ``kill -9`` the unwritten marks are lost
like the in-flight sends are, which is the floor docs/reliability.md explains: the rows
whose response arrived during the last write's few milliseconds (or during a lock).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Generic, TypeVar

from bot.store import Store
from bot.store.thread import StoreThread

log = logging.getLogger(__name__)
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)

M = TypeVar("M")
RETRY_AFTER = 1.0  # seconds before a write that gave up is tried again


class Marks(Generic[M]):
    """A batch of marks not yet written, and the job that writes them."""

    what = "marks"

    def __init__(self, thread: StoreThread, write: Callable[[list[M]], None]) -> None:
        self.thread = thread
        self._write_batch = write
        self._lock = threading.Lock()  # the loop adds, the store thread takes
        self._waiting: list[M] = []  # not yet in a job
        self._writing: list[M] = []  # taken by the running job (kept until it committed)
        self._queued = False
        self._jobs: set[asyncio.Task[None]] = set()
        self._last_error = float("-inf")

    def add(self, mark: M) -> None:
        with self._lock:
            self._waiting.append(mark)
            if self._queued:
                return
            self._queued = True
        self._start()

    def _start(self) -> None:
        job = asyncio.ensure_future(self._flush())
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)

    def pending(self) -> list[M]:
        with self._lock:
            return [*self._writing, *self._waiting]

    async def flushed(self) -> None:
        """Until every mark added so far is written (or its write gave up)."""
        while self._jobs:
            await asyncio.gather(*self._jobs, return_exceptions=True)

    async def write_now(self) -> None:
        """One more try for marks left by a write that gave up (shutdown)."""
        await self.flushed()
        if self.pending():
            await self._flush(again=False)

    async def _flush(self, again: bool = True) -> None:
        try:
            await self.thread.call_each(self._write)
        except sqlite3.Error as exc:
            now = asyncio.get_running_loop().time()
            if now - self._last_error >= 60:  # one line a minute while it lasts
                self._last_error = now
                log.error("could not record %d %s yet (%s); trying again every %.0f s",
                          len(self.pending()), self.what, exc, RETRY_AFTER)
            if again:
                asyncio.get_running_loop().call_later(RETRY_AFTER, self._again)

    def _again(self) -> None:
        with self._lock:
            if self._queued or not (self._writing or self._waiting):
                return
            self._queued = True
        self._start()

    def _write(self) -> None:
        """In the store thread: take the waiting marks and write them in one transaction.

        A job that met a lock runs again with the same batch (plus newer marks); the
        batch is let go only once its transaction committed."""
        with self._lock:
            self._writing.extend(self._waiting)
            self._waiting.clear()
            self._queued = False
            batch = list(self._writing)
        with self.thread.store.atomic():
            self._write_batch(batch)
        with self._lock:
            del self._writing[:len(batch)]


class SentMarks(Marks[tuple[int, int, datetime]]):
    """Telegram accepted these rows: from ``add`` on they count as sent."""

    what = "sent messages"

    def __init__(self, store: Store, thread: StoreThread) -> None:
        super().__init__(thread, store.mark_sent_many)

    def unwritten(self) -> set[int]:
        """Ids delivered but not yet recorded as sent."""
        return {m[0] for m in self.pending()}


class DoneMarks(Marks[int]):
    """Updates whose handlers all ran: done, even while the database is locked."""

    what = "handled updates"

    def __init__(self, store: Store, thread: StoreThread) -> None:
        super().__init__(thread, store.finish_updates)
