"""Announcements: a text for many people, queued as outbox rows in one statement.

One row per recipient, keyed ``announce:<id>:<user>``, so a confirmation pressed twice or
a restart in the middle never sends anyone the same announcement twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.base import StoreBase
from bot.store.rows import from_iso, iso

EXPIRES_AFTER = timedelta(days=3)  # an announcement that cannot go out in three days is stale


@dataclass(frozen=True)
class Announcement:
    id: int
    author_id: int | None
    audience: str
    text: str
    status: str
    queued: int
    created_at: datetime | None


@dataclass(frozen=True)
class AnnouncementReport:
    sent: int
    blocked: int
    failed: int
    waiting: int


def _audience_sql(audience: str) -> tuple[str, list[str]]:
    """Who gets it: active, not paused, signed up — everyone or one programme's learners."""
    where = "active = 1 AND paused = 0 AND onboarded_at IS NOT NULL"
    if audience.startswith("programme:"):
        return where + " AND programme_id = ?", [audience.removeprefix("programme:")]
    return where, []


class AnnouncementsStore(StoreBase):
    """Draft, queue and follow up announcements."""

    def audience_size(self, audience: str) -> int:
        where, params = _audience_sql(audience)
        row = self._one(f"SELECT COUNT(*) AS n FROM users WHERE {where}", params)
        return int((row or {}).get("n") or 0)

    def create_announcement(self, author_id: int | None, audience: str, text: str,
                            now: datetime) -> Announcement:
        cursor = self.db.execute(
            "INSERT INTO announcements (author_id, audience, text, created_at) VALUES (?, ?, ?, ?)",
            [author_id, audience, text, iso(now)],
        )
        found = self.get_announcement(int(cursor.lastrowid or 0))
        assert found is not None
        return found

    def get_announcement(self, announcement_id: int) -> Announcement | None:
        row = self._one("SELECT * FROM announcements WHERE id = ?", [announcement_id])
        if row is None:
            return None
        return Announcement(row["id"], row["author_id"], row["audience"], row["text"],
                            row["status"], row["queued"], from_iso(row["created_at"]))

    def queue_announcement(self, announcement_id: int, html: str, now: datetime) -> int | None:
        """Queue a draft for its audience; None when it was not a draft (pressed twice)."""
        with self.db.atomic():
            claimed = self.db.execute(
                "UPDATE announcements SET status = 'queued', queued_at = ? WHERE id = ?"
                " AND status = 'draft'", [iso(now), announcement_id]).rowcount
            if not claimed:
                return None
            announcement = self.get_announcement(announcement_id)
            assert announcement is not None
            where, params = _audience_sql(announcement.audience)
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO outbox (chat_id, user_id, kind, dedupe_key, text, status,"
                " due_at, send_after, expires_at, attempts, created_at, announcement_id)"
                " SELECT chat_id, id, 'announcement', 'announce:' || ? || ':' || id, ?, 'pending',"
                f" ?, ?, ?, 0, ?, ? FROM users WHERE {where}",
                [announcement_id, html, iso(now), iso(now), iso(now + EXPIRES_AFTER), iso(now),
                 announcement_id, *params],
            )
            queued = int(cursor.rowcount)
            self.db.execute("UPDATE announcements SET queued = ? WHERE id = ?",
                            [queued, announcement_id])
        return queued

    def cancel_announcement(self, announcement_id: int) -> bool:
        return bool(self.db.execute(
            "UPDATE announcements SET status = 'cancelled' WHERE id = ? AND status = 'draft'",
            [announcement_id]).rowcount)

    def announcement_report(self, announcement_id: int) -> AnnouncementReport:
        counts = {(r["status"], r["blocked"]): r["n"] for r in self.db.query(
            "SELECT status, error LIKE 'forbidden:%' AS blocked, COUNT(*) AS n FROM outbox"
            " WHERE announcement_id = ? GROUP BY status, blocked", [announcement_id])}
        sent = sum(n for (status, _), n in counts.items() if status == "sent")
        blocked = sum(n for (status, b), n in counts.items() if status != "sent" and b)
        waiting = sum(n for (status, _), n in counts.items()
                      if status in ("pending", "retry", "sending"))
        failed = sum(counts.values()) - sent - blocked - waiting
        return AnnouncementReport(sent, blocked, failed, waiting)

    def announcements_in_flight(self) -> list[Announcement]:
        rows = self.db.query("SELECT id FROM announcements WHERE status = 'queued' ORDER BY id")
        return [a for r in rows if (a := self.get_announcement(r["id"])) is not None]

    def finish_announcement(self, announcement_id: int, now: datetime) -> bool:
        """Mark done once; True only for the call that did it (so one report is sent)."""
        return bool(self.db.execute(
            "UPDATE announcements SET status = 'done', done_at = ? WHERE id = ? AND status = 'queued'",
            [iso(now), announcement_id]).rowcount)

    def waiting_draft(self, author_id: int, since: datetime) -> Announcement | None:
        """The admin's draft that still waits for its text (started after ``since``)."""
        row = self._one(
            "SELECT id FROM announcements WHERE author_id = ? AND status = 'draft' AND text = ''"
            " AND created_at >= ? ORDER BY id DESC LIMIT 1", [author_id, iso(since)])
        return self.get_announcement(row["id"]) if row else None

    def set_announcement_text(self, announcement_id: int, text: str) -> None:
        self.db.execute("UPDATE announcements SET text = ? WHERE id = ? AND status = 'draft'",
                        [text, announcement_id])
