"""What keeps the learner in control: older weeks shared per link, open invitations that
can be revoked, the one-time nonce behind "erase everything", and retention."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.store.base import StoreBase
from bot.store.rows import from_iso, iso


class TrustStore(StoreBase):
    """Small, explicit permissions: each one is a row the learner created themselves."""

    # -- older weeks, shared with one mentor ------------------------------------------

    def shared_weeks(self, link_id: int) -> list[date]:
        return [date.fromisoformat(r["week_start"]) for r in self.db.query(
            "SELECT week_start FROM link_shared_weeks WHERE link_id = ? ORDER BY week_start",
            [link_id])]

    def share_week(self, link_id: int, week_start: date, now: datetime) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO link_shared_weeks (link_id, week_start, created_at)"
            " VALUES (?, ?, ?)", [link_id, week_start.isoformat(), iso(now)])

    def unshare_week(self, link_id: int, week_start: date) -> None:
        self.db.execute("DELETE FROM link_shared_weeks WHERE link_id = ? AND week_start = ?",
                        [link_id, week_start.isoformat()])

    def answer_days_before(self, user_id: int, before: datetime, limit: int) -> list[date]:
        """Local days with an answer written before ``before``, newest first."""
        return [date.fromisoformat(r["local_date"]) for r in self.db.query(
            "SELECT DISTINCT local_date FROM answers WHERE user_id = ? AND created_at < ?"
            " ORDER BY local_date DESC LIMIT ?", [user_id, iso(before), limit])]

    # -- open invitations ---------------------------------------------------------------

    def open_invitations(self, learner_id: int, now: datetime) -> list[dict[str, Any]]:
        """Unused, unexpired invitations: ``ref`` (the row id, for a button) and details."""
        return [
            {"ref": r["ref"], "share_mode": r["share_mode"],
             "expires_at": from_iso(r["expires_at"])}
            for r in self.db.query(
                "SELECT rowid AS ref, share_mode, expires_at FROM invitations"
                " WHERE learner_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY rowid",
                [learner_id, iso(now)])
        ]

    def revoke_invitation(self, learner_id: int, ref: int, now: datetime) -> bool:
        """The learner takes an open invitation back; the link stops working at once."""
        cursor = self.db.execute(
            "UPDATE invitations SET used_at = ?, outcome = 'revoked'"
            " WHERE rowid = ? AND learner_id = ? AND used_at IS NULL",
            [iso(now), ref, learner_id])
        return bool(cursor.rowcount)

    # -- the erase confirmation -------------------------------------------------------

    def set_erase_nonce(self, user_id: int, nonce: str, until: datetime) -> None:
        self.db.execute("UPDATE users SET erase_nonce = ?, erase_nonce_until = ? WHERE id = ?",
                        [nonce, iso(until), user_id])

    def take_erase_nonce(self, user_id: int, nonce: str, now: datetime) -> bool:
        """True once, for the nonce last shown to this user and only while it is fresh."""
        cursor = self.db.execute(
            "UPDATE users SET erase_nonce = NULL, erase_nonce_until = NULL"
            " WHERE id = ? AND erase_nonce = ? AND erase_nonce_until > ?",
            [user_id, nonce, iso(now)])
        return bool(cursor.rowcount)

    def forget_private_chat(self, chat_id: int) -> None:
        """After erasure: the last reply ("all erased") was sent without a user; drop it."""
        self.db.execute(
            "DELETE FROM outbox WHERE chat_id = ? AND user_id IS NULL AND status IN"
            " ('sent', 'failed', 'expired')", [chat_id])

    # -- retention --------------------------------------------------------------------

    def apply_retention(self, before: datetime, limit: int = 500) -> dict[str, int]:
        """Remove answers (with their parts and media, by cascade), feedback and portfolio
        codes from before ``before``, and empty the text of messages created before it that are no
        longer waiting to be sent. At most ``limit`` rows of each per call, over indexes,
        so the tick stays short; the next tick goes on."""
        cut = iso(before)
        answers = self.db.execute(
            "DELETE FROM answers WHERE id IN (SELECT id FROM answers WHERE created_at < ?"
            " LIMIT ?)", [cut, limit]).rowcount
        feedback = self.db.execute(
            "DELETE FROM feedback WHERE id IN (SELECT id FROM feedback WHERE created_at < ?"
            " LIMIT ?)", [cut, limit]).rowcount
        bodies = self.db.execute(
            "UPDATE outbox SET text = '', buttons = NULL, payload = NULL WHERE id IN"
            " (SELECT id FROM outbox WHERE text != '' AND created_at < ?"
            " AND status NOT IN ('pending', 'retry', 'sending') LIMIT ?)", [cut, limit]).rowcount
        codes = self.db.execute(  # a portfolio code's record of consent, long expired
            "DELETE FROM portfolio_tokens WHERE rowid IN (SELECT rowid FROM portfolio_tokens"
            " WHERE expires_at < ? LIMIT ?)", [cut, limit]).rowcount
        return {"answers": answers, "feedback": feedback, "messages": bodies, "codes": codes}
