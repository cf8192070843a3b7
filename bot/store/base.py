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
        # Per user too, so with updates handled concurrently another person's write
        # does not send everyone back to the database.
        self.users_written = 0
        self.user_versions: dict[int, int] = {}

    def _wrote_user(self, user_id: int) -> None:
        self.users_written += 1
        self.user_versions[user_id] = self.user_versions.get(user_id, 0) + 1

    def user_version(self, user_id: int) -> int:
        """How often this process wrote this user's row (a cache key, nothing more)."""
        return self.user_versions.get(user_id, 0)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self.db.atomic():
            yield

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        for row in self.db.query(sql, params):
            return row
        return None
