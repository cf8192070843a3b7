"""The inbox: every incoming update is written down before anything else is done with it.

An update is handled once (Telegram may deliver it twice) and never lost: its row stays
``new`` while the handler runs and becomes ``done`` only afterwards. A handler that
fails leaves ``failed`` with the update's JSON, and the tick tries it again; a process
killed mid-way leaves ``new``, which is tried again too. Once done, the payload (which
may hold a learner's words) is dropped and only the id is kept, for deduplication.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.store.base import StoreBase
from bot.store.rows import iso

# What receive_update() says about an update.
NEW, DUPLICATE, AGAIN = "new", "duplicate", "again"


class UpdatesStore(StoreBase):
    """Incoming updates: received, done, failed (to be tried again) or held."""

    def receive_update(
        self, update_id: int, user_id: int | None, kind: str, payload: dict[str, Any],
        now: datetime,
    ) -> str:
        """Record an update before it is handled.

        ``NEW`` the first time; ``DUPLICATE`` when it was handled (or is held) already;
        ``AGAIN`` when an earlier try did not finish, so this one handles it.
        """
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO inbox (update_id, user_id, kind, payload, status,"
                " received_at) VALUES (?, ?, ?, ?, 'new', ?)",
                [update_id, user_id, kind, json.dumps(payload), iso(now)],
            )
            if cursor.rowcount:
                return NEW
            again = self.db.execute(
                "UPDATE inbox SET status = 'new', attempts = attempts + 1, retry_at = ?"
                " WHERE update_id = ? AND status IN ('new', 'failed')",
                [iso(now), update_id],
            )
            return AGAIN if again.rowcount else DUPLICATE

    def finish_update(self, update_id: int) -> None:
        """The handler ran to its end: forget the payload, keep the id."""
        self.finish_updates([update_id])

    def finish_updates(self, update_ids: Sequence[int]) -> None:
        """``finish_update`` for a batch: one statement (these are written in batches)."""
        self.db.conn.executemany(
            "UPDATE inbox SET status = 'done', payload = NULL, error = NULL, retry_at = NULL"
            " WHERE update_id = ? AND status = 'new'",
            [[update_id] for update_id in update_ids],
        )

    def fail_update(self, update_id: int, error: str, retry_at: datetime | None) -> int:
        """The handler failed. With ``retry_at`` it is tried again then; without, it is
        dropped (its payload too). Returns the number of tries so far (0: unknown id)."""
        if retry_at is None:
            self.db.execute(
                "UPDATE inbox SET status = 'dropped', payload = NULL, error = ?"
                " WHERE update_id = ?", [error, update_id])
        else:
            self.db.execute(
                "UPDATE inbox SET status = 'failed', error = ?, retry_at = ? WHERE update_id = ?",
                [error, iso(retry_at), update_id])
        row = self._one("SELECT attempts FROM inbox WHERE update_id = ?", [update_id])
        return int(row["attempts"]) if row else 0

    def hold_update(self, update_id: int) -> None:
        """Kept aside until the learner decides (a forwarded message)."""
        self.db.execute("UPDATE inbox SET status = 'held' WHERE update_id = ?", [update_id])

    def held_update(self, update_id: int, user_id: int) -> dict[str, Any] | None:
        """The payload of this user's held update, or None."""
        row = self._one(
            "SELECT payload FROM inbox WHERE update_id = ? AND user_id = ? AND status = 'held'",
            [update_id, user_id])
        return json.loads(row["payload"]) if row and row["payload"] else None

    def release_held(self, update_id: int) -> None:
        self.db.execute(
            "UPDATE inbox SET status = 'done', payload = NULL WHERE update_id = ?", [update_id])

    def updates_to_retry(self, now: datetime, stuck_before: datetime, limit: int = 50
                         ) -> list[dict[str, Any]]:
        """Failed updates whose time has come, and ``new`` ones older than
        ``stuck_before`` (their process stopped half-way), oldest first."""
        rows = self.db.query(
            "SELECT update_id, payload FROM inbox WHERE payload IS NOT NULL AND"
            " ((status = 'failed' AND retry_at <= ?)"
            " OR (status = 'new' AND coalesce(retry_at, received_at) <= ?))"
            " ORDER BY update_id LIMIT ?",
            [iso(now), iso(stuck_before), limit],
        )
        return [json.loads(r["payload"]) for r in rows]

    def inbox_status(self, update_id: int) -> tuple[str, int] | None:
        """(status, tries so far) of an update, or None when it was never recorded."""
        row = self._one("SELECT status, attempts FROM inbox WHERE update_id = ?", [update_id])
        return (str(row["status"]), int(row["attempts"])) if row else None

    def forget_updates_before(self, moment: datetime) -> int:
        """Handled update ids older than a week: Telegram never redelivers that late.

        A forwarded message nobody decided about in a week is let go too (its text with it).
        """
        self.db.execute(
            "UPDATE inbox SET status = 'dropped', payload = NULL WHERE status = 'held'"
            " AND received_at < ?", [iso(moment)])
        cursor = self.db.execute(
            "DELETE FROM inbox WHERE received_at < ? AND status IN ('done', 'dropped')",
            [iso(moment)],
        )
        return int(cursor.rowcount)
