"""One running bot per database: a lock file beside it, held for as long as the bot runs.

Two ``coach run`` on one token fight over getUpdates (Telegram answers 409 Conflict) and
two on one database would plan everything twice; ``coach restore`` must never replace the
file under a running bot. ``flock`` is released by the kernel when the process dies, even
by ``kill -9``, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class InUse(Exception):
    """Another process holds the database; ``pid`` says which, when it wrote it down."""

    def __init__(self, path: Path, pid: str) -> None:
        super().__init__(f"{path} is in use by another coach process (pid {pid or 'unknown'})")
        self.pid = pid


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextmanager
def hold(database: Path) -> Iterator[None]:
    """Hold the lock of ``database`` or raise ``InUse`` at once (never wait)."""
    path = lock_path(database)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the database's folder
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode(errors="replace").strip()
            raise InUse(database, pid) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def in_use(database: Path) -> bool:
    try:
        with hold(database):
            return False
    except InUse:
        return True
