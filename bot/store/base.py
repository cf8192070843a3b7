"""What every part of the store shares: the one connection and a transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database


class StoreBase:
    """The connection, held once; each part of the store adds its own queries on top."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # Bumped by every write to a user row in this process: a copy read earlier in
        # the same update is still good while this has not moved (see current_user).
        self.users_written = 0

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self.db.atomic():
            yield

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        for row in self.db.query(sql, params):
            return row
        return None
