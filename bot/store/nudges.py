"""Queries for reminders and for pausing by itself: open prompts, and answered-or-not runs."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.records import OutboxItem
from bot.store.base import StoreBase
from bot.store.rows import iso, to_outbox

WINDOW = timedelta(hours=12)  # a prompt older than this is past its day anyway


class NudgesStore(StoreBase):
    """Which prompts still wait for an answer, and who has been silent for a while."""

    def reminder_candidates(self, now: datetime, after: timedelta, limit: int) -> list[OutboxItem]:
        """Sent prompts without an answer or a reminder, of learners who want reminders."""
        cut = now - after
        rows = self.db.query(
            "SELECT o.* FROM outbox o JOIN users u ON u.id = o.user_id"
            " WHERE o.kind = 'prompt' AND o.status = 'sent' AND o.sent_at <= ? AND o.sent_at > ?"
            " AND (o.expires_at IS NULL OR o.expires_at > ?)"
            " AND u.reminders = 1 AND u.active = 1 AND u.paused = 0"
            " AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.outbox_id = o.id)"
            " AND NOT EXISTS (SELECT 1 FROM outbox r WHERE r.dedupe_key = 'reminder:' || o.id)"
            " ORDER BY o.sent_at LIMIT ?",
            [iso(cut), iso(cut - WINDOW), iso(now), limit],
        )
        return [to_outbox(r) for r in rows]

    def recent_prompts_answered(self, user_id: int, count: int) -> list[bool]:
        """For the latest ``count`` sent prompts, newest first: was each answered (or skipped)?

        Only prompts since the learner last came back count (``silence_reset_at``)."""
        rows = self.db.query(
            "SELECT EXISTS (SELECT 1 FROM answers a WHERE a.outbox_id = o.id) AS answered"
            " FROM outbox o JOIN users u ON u.id = o.user_id"
            " WHERE o.user_id = ? AND o.kind = 'prompt' AND o.status = 'sent'"
            " AND (u.silence_reset_at IS NULL OR o.sent_at > u.silence_reset_at)"
            " ORDER BY o.sent_at DESC, o.id DESC LIMIT ?",
            [user_id, count],
        )
        return [bool(r["answered"]) for r in rows]
