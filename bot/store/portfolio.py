"""Consent codes for ``coach portfolio``: the learner makes one in the chat, an operator
uses it once on the server. Only the code's SHA-256 is stored (``token_hash``)."""

from __future__ import annotations

from datetime import datetime

from bot.store.base import StoreBase
from bot.store.changes import token_hash
from bot.store.rows import from_iso, iso


class PortfolioStore(StoreBase):
    """A learner's consent, checked and used up in one place."""

    def create_portfolio_token(self, token: str, user_id: int, private: bool, now: datetime,
                               expires_at: datetime) -> None:
        """A new code ends the learner's earlier open ones: one code out at a time, so a
        code handed to the wrong person is undone by making a new one."""
        with self.db.atomic():
            self.revoke_portfolio_tokens(user_id, now)
            self.db.execute(
                "INSERT INTO portfolio_tokens (token, user_id, private, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [token_hash(token), user_id, int(private), iso(now), iso(expires_at)])

    def portfolio_token_state(self, token: str, user_id: int,
                              now: datetime) -> tuple[str, bool]:
        """``ok``, ``unknown`` (wrong code or another learner's), ``used``, ``revoked`` or
        ``expired``, and whether the code allows private answers. Reads only: the code is
        used up by ``use_portfolio_token``."""
        row = self._one("SELECT * FROM portfolio_tokens WHERE token = ? AND user_id = ?",
                        [token_hash(token), user_id])
        if row is None:
            return "unknown", False
        expires = from_iso(row["expires_at"])
        state = ("used" if row["used_at"] else "revoked" if row["revoked_at"]
                 else "expired" if expires is None or expires <= now else "ok")
        return state, bool(row["private"])

    def use_portfolio_token(self, token: str, user_id: int, now: datetime) -> bool:
        """Single use: True only for the one call that uses an open, valid code."""
        cursor = self.db.execute(
            "UPDATE portfolio_tokens SET used_at = ? WHERE token = ? AND user_id = ?"
            " AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
            [iso(now), token_hash(token), user_id, iso(now)])
        return bool(cursor.rowcount == 1)

    def revoke_portfolio_tokens(self, user_id: int, now: datetime) -> int:
        """The learner takes back every open code; returns how many were open."""
        cursor = self.db.execute(
            "UPDATE portfolio_tokens SET revoked_at = ? WHERE user_id = ?"
            " AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
            [iso(now), user_id, iso(now)])
        return int(cursor.rowcount)
