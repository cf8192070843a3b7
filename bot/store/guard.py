"""One connection, two threads: the store thread and, until every caller moved, the loop.

The bot's async code hands its store work to one thread (``bot.store.thread``); the
command line and tests call the store directly. While code moves over, a direct call
on the event loop can meet a job of the store thread. SQLite would then mix the two
into one transaction (one commits or rolls back the other's writes). This connection
prevents that: a statement, and an open transaction until it ends, holds a lock the
other thread waits for.

A module whose store calls all go through the thread says so (``STORE_THREAD_ONLY =
True``). With ``SharedConnection.strict`` (the test suite sets it), a meeting caused by
such a module's code on the loop raises ``ConcurrentUse`` instead of waiting, so a call
site that was missed there fails loudly in a test rather than quietly waiting (or,
without this lock, mixing two transactions) in production. Test code reading the
database between steps is the command line's case: it waits.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)


class ConcurrentUse(RuntimeError):
    """Two threads used the connection at once (only raised in strict mode)."""


class SharedConnection(sqlite3.Connection):
    """A ``sqlite3.Connection`` that one thread at a time may use (see the module)."""

    strict = False  # tests: raise instead of waiting
    store_thread: int | None = None  # set by the store thread when it starts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = threading.RLock()
        self._txn_hold = False  # an extra hold on the guard while a transaction is open
        self._warned = False
        self._holder = 0

    @contextmanager
    def owned(self) -> Iterator[None]:
        """Hold the connection for a whole job (the store thread does this)."""
        self._acquire()
        try:
            yield
        finally:
            self.guard.release()

    def _acquire(self) -> None:
        if self.guard.acquire(blocking=False):
            self._holder = threading.get_ident()
            return
        holder = sys._current_frames().get(self._holder)
        on_loop = sys._getframe(1) if threading.get_ident() != self.store_thread else holder
        if self.strict and _blame(on_loop):
            where = "".join(traceback.format_stack(holder)[-6:]) if holder else "?"
            raise ConcurrentUse("the database connection is in use by another thread;"
                                " call the store through the store thread from async code."
                                f" The other thread is at:\n{where}")
        if not self._warned:
            self._warned = True
            log.warning("a store call on the event loop waited for the store thread")
        self.guard.acquire()
        self._holder = threading.get_ident()

    def _settle(self) -> None:
        """After a statement: keep holding while a transaction is open, let go after."""
        if self.in_transaction and not self._txn_hold:
            self.guard.acquire()
            self._txn_hold = True
        elif not self.in_transaction and self._txn_hold:
            self._txn_hold = False
            self.guard.release()

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._acquire()
        try:
            return super().execute(*args, **kwargs)
        finally:
            self._settle()
            self.guard.release()

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._acquire()
        try:
            return super().executemany(*args, **kwargs)
        finally:
            self._settle()
            self.guard.release()

    def executescript(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._acquire()
        try:
            return super().executescript(*args, **kwargs)
        finally:
            self._settle()
            self.guard.release()


def _blame(frame: FrameType | None) -> bool:
    """Whether the code on this stack promised to use the store thread only: the first
    module (from the innermost call outward) that is a test or says STORE_THREAD_ONLY."""
    while frame is not None:
        found = frame.f_globals
        if str(found.get("__name__", "")).startswith("tests"):
            return False
        if found.get("STORE_THREAD_ONLY"):
            return True
        frame = frame.f_back
    return False
