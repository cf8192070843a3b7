"""What the lived rhythm of a learner needs: when the day's prompt was answered."""

from __future__ import annotations

from datetime import datetime

from bot.store.base import StoreBase
from bot.store.rows import from_iso


class LivedStore(StoreBase):
    """Small reads about a learner's day, for timing weekly messages."""

    def answered_at(self, user_id: int, outbox_id: int) -> datetime | None:
        """When the answer to this prompt last changed (a skip counts), or None."""
        row = self._one(
            "SELECT updated_at FROM answers WHERE user_id = ? AND outbox_id = ?"
            " AND (skipped = 1 OR text IS NOT NULL OR value IS NOT NULL OR choice IS NOT NULL"
            " OR EXISTS (SELECT 1 FROM answer_media m WHERE m.answer_id = answers.id))",
            [user_id, outbox_id],
        )
        return from_iso(row["updated_at"]) if row else None

    def finished_at(self, user_id: int, programme_id: str) -> datetime | None:
        """When the learner was told this programme is complete (None: not finished)."""
        row = self._one(
            "SELECT finished_at FROM progress WHERE user_id = ? AND programme_id = ?",
            [user_id, programme_id],
        )
        return from_iso(row["finished_at"]) if row else None

    def finished_programmes(self, user_id: int) -> set[str]:
        return {r["programme_id"] for r in self.db.query(
            "SELECT programme_id FROM progress WHERE user_id = ? AND finished_at IS NOT NULL",
            [user_id])}
