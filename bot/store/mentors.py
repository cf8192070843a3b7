"""Mentor invitations, links, feedback and weeks a learner held back."""

from __future__ import annotations

from datetime import date, datetime

from bot.core.records import Feedback, Invitation, MentorLink
from bot.store.base import StoreBase
from bot.store.changes import token_hash
from bot.store.rows import from_iso, iso, to_feedback, to_link


class MentorsStore(StoreBase):
    """Everything between a learner and their mentors."""

    def create_invitation(
        self, token: str, learner_id: int, share_mode: str, now: datetime, expires_at: datetime
    ) -> Invitation:
        """Only the token's hash is stored: the link itself is shown once, to the learner."""
        self.db.execute(
            "INSERT INTO invitations (token, learner_id, share_mode, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [token_hash(token), learner_id, share_mode, iso(now), iso(expires_at)],
        )
        invitation = self.get_invitation(token)
        assert invitation is not None
        return invitation

    def get_invitation(self, token: str) -> Invitation | None:
        row = self._one("SELECT * FROM invitations WHERE token = ?", [token_hash(token)])
        if row is None:
            return None
        expires = from_iso(row["expires_at"])
        assert expires is not None
        return Invitation(row["token"], row["learner_id"], row["share_mode"], expires,
                          from_iso(row["used_at"]), row["used_by"], row["outcome"])

    def use_invitation(self, token: str, mentor_id: int, outcome: str, now: datetime) -> bool:
        """Single use: True only for the one call that consumes an unused, valid token."""
        cursor = self.db.execute(
            "UPDATE invitations SET used_at = ?, used_by = ?, outcome = ?"
            " WHERE token = ? AND used_at IS NULL AND expires_at > ?",
            [iso(now), mentor_id, outcome, token_hash(token), iso(now)],
        )
        return bool(cursor.rowcount)

    def create_link(self, learner_id: int, mentor_id: int, share_mode: str, now: datetime) -> int:
        """A new active link, or the one that already exists between these two."""
        existing = self._one(
            "SELECT id FROM mentor_links WHERE learner_id = ? AND mentor_id = ?"
            " AND status = 'active'",
            [learner_id, mentor_id],
        )
        if existing:
            return int(existing["id"])
        cursor = self.db.execute(
            "INSERT INTO mentor_links (learner_id, mentor_id, share_mode, created_at)"
            " VALUES (?, ?, ?, ?)",
            [learner_id, mentor_id, share_mode, iso(now)],
        )
        return int(cursor.lastrowid or 0)

    def get_link(self, link_id: int) -> MentorLink | None:
        row = self._one("SELECT * FROM mentor_links WHERE id = ?", [link_id])
        return to_link(row) if row else None

    def links_of_learner(self, learner_id: int) -> list[MentorLink]:
        return [to_link(r) for r in self.db.query(
            "SELECT * FROM mentor_links WHERE learner_id = ? AND status = 'active' ORDER BY id",
            [learner_id])]

    def links_of_mentor(self, mentor_id: int) -> list[MentorLink]:
        return [to_link(r) for r in self.db.query(
            "SELECT * FROM mentor_links WHERE mentor_id = ? AND status = 'active' ORDER BY id",
            [mentor_id])]

    def end_link(self, link_id: int, by: int, now: datetime) -> bool:
        cursor = self.db.execute(
            "UPDATE mentor_links SET status = 'ended', ended_at = ?, ended_by = ?"
            " WHERE id = ? AND status = 'active'",
            [iso(now), by, link_id],
        )
        return bool(cursor.rowcount)

    def set_share_mode(self, link_id: int, share_mode: str) -> None:
        self.db.execute("UPDATE mentor_links SET share_mode = ? WHERE id = ?",
                        [share_mode, link_id])

    def add_feedback(
        self, link: MentorLink, text: str, now: datetime
    ) -> Feedback:
        cursor = self.db.execute(
            "INSERT INTO feedback (link_id, mentor_id, learner_id, text, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [link.id, link.mentor_id, link.learner_id, text, iso(now)],
        )
        feedback = self.get_feedback(int(cursor.lastrowid or 0))
        assert feedback is not None
        return feedback

    def get_feedback(self, feedback_id: int) -> Feedback | None:
        row = self._one("SELECT * FROM feedback WHERE id = ?", [feedback_id])
        return to_feedback(row) if row else None

    def react_to_feedback(
        self, feedback_id: int, now: datetime, *, reaction: str | None = None,
        reply: str | None = None,
    ) -> None:
        self.db.execute(
            "UPDATE feedback SET reaction = coalesce(?, reaction), reply = CASE WHEN ? IS NULL"
            " THEN reply WHEN reply IS NULL THEN ? ELSE reply || char(10) || ? END,"
            " reacted_at = ? WHERE id = ?",
            [reaction, reply, reply, reply, iso(now), feedback_id],
        )

    def feedback_for(self, learner_id: int, since: datetime, until: datetime) -> list[Feedback]:
        return [to_feedback(r) for r in self.db.query(
            "SELECT * FROM feedback WHERE learner_id = ? AND created_at >= ? AND created_at < ?"
            " ORDER BY id", [learner_id, iso(since), iso(until)])]

    def hold_week(self, learner_id: int, week_start: date, now: datetime) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO held_weeks (learner_id, week_start, created_at)"
            " VALUES (?, ?, ?)",
            [learner_id, week_start.isoformat(), iso(now)],
        )

    def release_week(self, learner_id: int, week_start: date) -> None:
        self.db.execute("DELETE FROM held_weeks WHERE learner_id = ? AND week_start = ?",
                        [learner_id, week_start.isoformat()])

    def is_held(self, learner_id: int, week_start: date) -> bool:
        return self._one(
            "SELECT 1 AS x FROM held_weeks WHERE learner_id = ? AND week_start = ?",
            [learner_id, week_start.isoformat()],
        ) is not None

    # -- the mentor's week (bot/core/mentorweek.py) ------------------------------------

    def covered_until(self, mentor_id: int) -> date | None:
        """The last local day the mentor's last digest covered."""
        row = self._one("SELECT covered_until FROM mentor_weeks WHERE mentor_id = ?",
                        [mentor_id])
        return date.fromisoformat(row["covered_until"]) if row else None

    def set_covered_until(self, mentor_id: int, day: date, now: datetime) -> None:
        self.db.execute(
            "INSERT INTO mentor_weeks (mentor_id, covered_until, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (mentor_id) DO UPDATE SET covered_until = excluded.covered_until,"
            " updated_at = excluded.updated_at",
            [mentor_id, day.isoformat(), iso(now)],
        )

    def first_prompt_day(self, user_id: int) -> date | None:
        """The local day of the learner's first delivered daily prompt: when they began."""
        row = self._one(
            "SELECT min(local_date) AS day FROM outbox WHERE user_id = ? AND kind = 'prompt'"
            " AND status = 'sent'", [user_id])
        return date.fromisoformat(row["day"]) if row and row["day"] else None

    def media_of(self, answer_id: int) -> list[tuple[str, str, int | None]]:
        """(type, file id, seconds) of each file sent with an answer, in order."""
        return [(r["media_type"], r["file_id"], r["duration"]) for r in self.db.query(
            "SELECT media_type, file_id, duration FROM answer_media WHERE answer_id = ?"
            " ORDER BY id", [answer_id])]

    def set_media_length(self, answer_id: int, file_id: str, seconds: int | None) -> None:
        """How long a voice note is, for "🎙 spraakbericht (0:42)" in the mentor's digest."""
        if seconds is not None:
            self.db.execute("UPDATE answer_media SET duration = ? WHERE answer_id = ?"
                            " AND file_id = ?", [seconds, answer_id, file_id])
