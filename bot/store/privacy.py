"""Export and erasure of everything stored about one person."""

from __future__ import annotations

from typing import Any

from bot.store.base import StoreBase


class PrivacyStore(StoreBase):
    """A person's right to see and erase their data."""

    def export_user(self, user_id: int) -> dict[str, Any]:
        """Everything stored about a user (AVG art. 15), as plain JSON-able data."""
        def rows(sql: str) -> list[dict[str, Any]]:
            return list(self.db.query(sql, [user_id] * sql.count("?")))

        return {
            "user": rows("SELECT * FROM users WHERE id = ?"),
            "progress": rows("SELECT * FROM progress WHERE user_id = ?"),
            "answers": rows("SELECT * FROM answers WHERE user_id = ? ORDER BY id"),
            "answer_media": rows(
                "SELECT m.* FROM answer_media m JOIN answers a ON a.id = m.answer_id"
                " WHERE a.user_id = ? ORDER BY m.id"
            ),
            "mentor_links": rows(
                "SELECT * FROM mentor_links WHERE learner_id = ? OR mentor_id = ?"
            ),
            "feedback": rows("SELECT * FROM feedback WHERE learner_id = ? ORDER BY id"),
            "sprints": rows("SELECT * FROM sprint_members WHERE user_id = ?"),
            "messages": rows(
                "SELECT id, kind, programme_id, prompt_id, local_date, text, status, sent_at"
                " FROM outbox WHERE user_id = ? ORDER BY id"
            ),
        }

    def erase_user(self, user_id: int) -> None:
        """Delete a user and, by cascade, everything that belongs to them (AVG art. 17)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM outbox WHERE user_id = ?", [user_id])
            self.db.execute("DELETE FROM inbox WHERE user_id = ?", [user_id])
            self.db.execute("DELETE FROM feedback WHERE mentor_id = ? OR learner_id = ?",
                            [user_id, user_id])
            self.db.execute("DELETE FROM users WHERE id = ?", [user_id])
