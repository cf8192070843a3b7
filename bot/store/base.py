"""What every part of the store shares: the one connection and a transaction."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database
from sqlite_utils.utils import dedupe_keys


class LeanDatabase(Database):
    """sqlite-utils' ``Database`` without ``query()``'s savepoint guard where it is known
    that the statement returns rows.

    ``query()`` runs every statement inside SAVEPOINT/RELEASE so that one which turns out
    to return no rows can be undone before it refuses it. A SELECT, and a write ending in
    RETURNING, return rows by their grammar, and SQLite undoes a failed statement by
    itself; for them the guard was two or three more statements each: two thirds of the
    statements of a stored answer (see docs/benchmarks.md). Anything else keeps it."""

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
              ) -> Generator[dict[str, Any], None, None]:
        select = sql[:6].upper() == "SELECT"
        if not select and not _RETURNING.search(sql):
            return super().query(sql, params)
        if self._tracer:
            self._tracer(sql, params)
        cursor = self.conn.execute(sql, params if params is not None else ())
        keys = dedupe_keys(d[0] for d in cursor.description)
        # a write's rows are fetched at once, so the write is complete when this returns
        rows = cursor if select else cursor.fetchall()
        return (dict(zip(keys, row, strict=True)) for row in rows)


_RETURNING = re.compile(r"\bRETURNING\b[^'\"]*$", re.IGNORECASE)  # outside quotes, at the end


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
