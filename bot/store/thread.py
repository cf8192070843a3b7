"""The store thread: the one thread that runs the bot's SQLite work, off the event loop.

SQLite calls block: a database locked by another process (a backup, ``coach stats``, an
operator's ``sqlite3``) used to freeze the whole bot, because every call ran on the
event loop. Now async code hands a whole step of store work to this thread
(``await thread.call(fn, ...)``) and the loop goes on with everything else meanwhile.

One thread, so the connection is never used by two jobs at once and jobs run in the
order they were handed in (a message's "sent" mark before the reply to it). Each job
is one transaction: a handler step's writes land together or not at all, and a job
that met a lock can be run again from the start. A lock is waited out with short
retries and a growing pause until the job's patience (from the moment it was handed
in) runs out; then it raises, and the caller says so honestly. While it waits, one log
line a minute says so, without any message text.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from functools import partial
from typing import ParamSpec, TypeVar

from bot.store.base import StoreBase
from bot.store.guard import SharedConnection

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)

LOCK_PATIENCE = 120.0  # seconds a job may wait for another process's lock
BUSY_TIMEOUT_MS = 250  # SQLite's own wait per try; the retries below do the rest
FIRST_PAUSE, MAX_PAUSE = 0.05, 1.0
LOG_EVERY = 60.0
_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def is_locked(exc: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED (any extended code): another connection holds it."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


class StoreThread:
    """Runs sync store work in one thread that owns the connection while it runs."""

    def __init__(self, store: StoreBase, *, patience: float = LOCK_PATIENCE,
                 busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.patience = patience
        self._sleep = sleep
        self._monotonic = monotonic
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._pending = 0  # jobs handed in and not finished (for idle())
        self._idle = asyncio.Event()
        self._idle.set()
        # Since when jobs have met another process's lock (monotonic), for /healthz: set
        # by the first try that met it, cleared by the next job that gets through.
        self.waiting_since: float | None = None
        self._last_log = float("-inf")
        self._gave_up = 0  # jobs that gave up during this lock
        self._busy_ms = int(busy_timeout_ms)
        self._pool.submit(self._start, busy_timeout_ms).result()

    def _start(self, busy_timeout_ms: int) -> None:
        self.ident = threading.get_ident()
        if isinstance(self.store.db.conn, SharedConnection):
            self.store.db.conn.store_thread = self.ident
        self.store.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(*args, **kwargs)`` in the store thread, as one transaction."""
        return await self._submit(True, partial(fn, *args, **kwargs))

    async def call_since(self, since: float, fn: Callable[P, T], /, *args: P.args,
                         **kwargs: P.kwargs) -> T:
        """``call``, with the patience counted from ``since`` (``time.monotonic()``), e.g.
        when the update arrived, so waiting in line behind other work counts too."""
        return await self._submit(True, partial(fn, *args, **kwargs), since)

    async def call_each(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Like ``call``, but each statement commits on its own: for work that cannot run
        inside a transaction (a WAL checkpoint after an erasure)."""
        return await self._submit(False, partial(fn, *args, **kwargs))

    async def _submit(self, transaction: bool, job: Callable[[], T],
                      since: float | None = None) -> T:
        handed_in = self._monotonic() if since is None else since
        self._pending += 1
        self._idle.clear()
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._pool, self._run, job, transaction,
                                              handed_in)
        finally:
            self._pending -= 1
            if not self._pending:
                self._idle.set()

    async def idle(self) -> None:
        """Until every job handed in so far has finished (tests settle on this)."""
        await self._idle.wait()

    def waited(self) -> float:
        """Seconds the database has been locked for this thread's jobs (0: it is not)."""
        since = self.waiting_since
        return 0.0 if since is None else max(0.0, self._monotonic() - since)

    def _run(self, job: Callable[[], T], transaction: bool, handed_in: float) -> T:
        db = self.store.db
        conn = db.conn
        owned = conn.owned if isinstance(conn, SharedConnection) else nullcontext
        pause = FIRST_PAUSE
        while True:
            changes = conn.total_changes
            try:
                with owned():
                    if transaction:
                        with db.atomic():
                            result = job()
                    else:
                        result = job()
                    # Only a write proves the lock is gone (WAL lets reads through it).
                    free = self.waiting_since is not None and (
                        conn.total_changes != changes or self._write_lock_free())
            except sqlite3.OperationalError as exc:
                if not is_locked(exc) or (not transaction and conn.total_changes != changes):
                    raise  # (partly committed statements never run twice)
                now = self._monotonic()
                if self.waiting_since is None:
                    self.waiting_since = now
                if now - handed_in >= self.patience:
                    self._gave_up += 1
                    self._log_lock(now)
                    raise
                self._log_lock(now)
                self._sleep(min(pause, max(0.0, handed_in + self.patience - now)))
                pause = min(pause * 2, MAX_PAUSE)
            else:
                if free:
                    log.info("database lock gone after %.1f s; %d jobs had given up",
                             self._monotonic() - (self.waiting_since or 0.0), self._gave_up)
                    self.waiting_since = None
                    self._last_log = float("-inf")
                    self._gave_up = 0
                return result

    def _write_lock_free(self) -> bool:
        """After a read-only job during a lock: could this thread write now? (Asked
        without waiting, and only while a lock was seen.)"""
        db = self.store.db
        db.execute("PRAGMA busy_timeout = 0")
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            db.execute(f"PRAGMA busy_timeout = {self._busy_ms}")

    def _log_lock(self, now: float) -> None:
        """One line a minute while the lock lasts, however many jobs meet it."""
        if now - self._last_log < LOG_EVERY:
            return
        self._last_log = now
        since = self.waiting_since if self.waiting_since is not None else now
        log.warning("database locked by another process for %.0f s; store work waits up to"
                    " %.0f s, then gives up (%d jobs so far)", now - since, self.patience,
                    self._gave_up)

    def close(self) -> None:
        """Finish what was handed in, then stop the thread."""
        self._pool.shutdown(wait=True)

