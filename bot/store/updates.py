"""Incoming update ids, so Telegram's redeliveries are handled once."""

from __future__ import annotations

from datetime import datetime

from bot.store.base import StoreBase
from bot.store.rows import iso


class UpdatesStore(StoreBase):
    """Processed update ids."""

    def first_time_seen(self, update_id: int, now: datetime) -> bool:
        """Record an update id; False when it was processed before (a duplicate)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, received_at) VALUES (?, ?)",
            [update_id, iso(now)],
        )
        return bool(cursor.rowcount)

    def forget_updates_before(self, moment: datetime) -> int:
        cursor = self.db.execute(
            "DELETE FROM processed_updates WHERE received_at < ?", [iso(moment)]
        )
        return int(cursor.rowcount)
