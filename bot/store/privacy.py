"""Export and erasure of everything stored about one person."""

from __future__ import annotations

import html
from typing import Any

from bot.store.base import StoreBase

QUOTE_START = 40  # digests quote a shortened answer: its start is enough to find the copy


class PrivacyStore(StoreBase):
    """A person's right to see and erase their data."""

    def export_user(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Everything stored about a user (AVG art. 15): per table, every row that is theirs
        or names them — as learner, as mentor, as lead, as author — in plain JSON-able data.
        ``tests/e2e/test_export.py`` scans every table to prove nothing is missing."""
        def rows(sql: str) -> list[dict[str, Any]]:
            return list(self.db.query(sql, [user_id] * sql.count("?")))

        mine = "SELECT id FROM answers WHERE user_id = ?"
        links = "SELECT id FROM mentor_links WHERE learner_id = ? OR mentor_id = ?"
        teams = "SELECT id FROM teams WHERE lead_id = ?"
        user = self._one("SELECT chat_id FROM users WHERE id = ?", [user_id])
        chat = user["chat_id"] if user else user_id
        return {
            "users": rows("SELECT * FROM users WHERE id = ?"),
            "progress": rows("SELECT * FROM progress WHERE user_id = ?"),
            "answers": rows("SELECT * FROM answers WHERE user_id = ? ORDER BY local_date, id"),
            "answer_parts": rows(f"SELECT * FROM answer_parts WHERE answer_id IN ({mine})"
                                 " ORDER BY id"),
            "answer_media": rows(f"SELECT * FROM answer_media WHERE answer_id IN ({mine})"
                                 " ORDER BY id"),
            "mentor_links": rows(f"SELECT * FROM mentor_links WHERE id IN ({links})"),
            "link_shared_weeks": rows(
                f"SELECT * FROM link_shared_weeks WHERE link_id IN ({links})"),
            "invitations": rows(
                "SELECT rowid AS ref, learner_id, share_mode, created_at, expires_at, used_at,"
                " used_by, outcome FROM invitations WHERE learner_id = ? OR used_by = ?"),
            "feedback": rows("SELECT * FROM feedback WHERE learner_id = ? OR mentor_id = ?"
                             " ORDER BY id"),
            "held_weeks": rows("SELECT * FROM held_weeks WHERE learner_id = ?"),
            "teams": rows("SELECT * FROM teams WHERE lead_id = ?"),
            "sprints": rows(f"SELECT id, team_id, programme_id, start_date, weeks, tz, status,"
                            f" created_at, ended_at FROM sprints WHERE team_id IN ({teams})"
                            " OR id IN (SELECT sprint_id FROM sprint_members WHERE user_id = ?)"),
            "sprint_members": rows("SELECT * FROM sprint_members WHERE user_id = ?"),
            "outbox": list(self.db.query(
                "SELECT * FROM outbox WHERE user_id = ? OR (user_id IS NULL AND chat_id = ?)"
                " ORDER BY id", [user_id, chat])),
            "inbox": rows("SELECT * FROM inbox WHERE user_id = ? ORDER BY update_id"),
            "announcements": rows("SELECT * FROM announcements WHERE author_id = ?"),
            "goals": rows("SELECT * FROM goals WHERE user_id = ? ORDER BY id"),
            "goal_notes": rows("SELECT * FROM goal_notes WHERE author_id = ? OR goal_id IN"
                               " (SELECT id FROM goals WHERE user_id = ?) ORDER BY id"),
            "answer_goals": rows(f"SELECT * FROM answer_goals WHERE answer_id IN ({mine})"),
            "portfolio_tokens": rows(  # the code's hash stays out, like an invitation's
                "SELECT id, user_id, private, created_at, expires_at, used_at, revoked_at"
                " FROM portfolio_tokens WHERE user_id = ? ORDER BY id"),
        }

    def _traces(self, user_id: int) -> tuple[list[str], set[int], set[int]]:
        """What of this person may be copied into other people's messages: their name and
        their words (whole, per part, and the start a digest quotes), and who could have
        received such a copy: linked people, sprint co-members and leads, team groups (and
        those people's chats, for messages sent before they had an account)."""
        words: set[str] = set()
        user = self._one("SELECT first_name FROM users WHERE id = ?", [user_id])
        if user and len(user["first_name"].strip()) >= 2:
            words.add(user["first_name"].strip())
        for sql in (
            "SELECT text FROM answers WHERE user_id = ? AND text IS NOT NULL",
            "SELECT p.text FROM answer_parts p JOIN answers a ON a.id = p.answer_id"
            " WHERE a.user_id = ? AND p.text IS NOT NULL",
            "SELECT m.caption AS text FROM answer_media m JOIN answers a ON a.id = m.answer_id"
            " WHERE a.user_id = ? AND m.caption IS NOT NULL",
            "SELECT text FROM feedback WHERE mentor_id = ?",
            "SELECT reply AS text FROM feedback WHERE learner_id = ? AND reply IS NOT NULL",
            "SELECT text FROM goals WHERE user_id = ?",
            "SELECT text FROM goal_notes WHERE author_id = ?",
        ):
            for row in self.db.query(sql, [user_id]):
                for piece in (row["text"], *row["text"].splitlines()):
                    piece = piece.strip()
                    if len(piece) >= 4:
                        words.update({piece, piece[:QUOTE_START]})
        needles = sorted(words | {html.escape(w, quote=False) for w in words}, key=len)
        people: set[int] = set()
        for row in self.db.query(
            "SELECT learner_id AS a, mentor_id AS b FROM mentor_links"
            " WHERE learner_id = ? OR mentor_id = ?", [user_id, user_id]):
            people.update({row["a"], row["b"]})
        sprints = [r["id"] for r in self.db.query(
            "SELECT s.id FROM sprints s JOIN teams t ON t.id = s.team_id WHERE t.lead_id = ?"
            " UNION SELECT sprint_id FROM sprint_members WHERE user_id = ?", [user_id, user_id])]
        groups: set[int] = set()
        for sprint_id in sprints:
            for row in self.db.query(
                "SELECT t.lead_id, t.group_chat_id FROM sprints s JOIN teams t"
                " ON t.id = s.team_id WHERE s.id = ?", [sprint_id]):
                if row["lead_id"] is not None:
                    people.add(row["lead_id"])
                if row["group_chat_id"] is not None:
                    groups.add(row["group_chat_id"])
            people.update(r["user_id"] for r in self.db.query(
                "SELECT user_id FROM sprint_members WHERE sprint_id = ?", [sprint_id]))
        people.discard(user_id)
        marks = ", ".join("?" for _ in people) or "NULL"
        groups.update(r["chat_id"] for r in self.db.query(  # sent before they had an account
            f"SELECT chat_id FROM users WHERE id IN ({marks})", [*people]))
        return needles, people, groups

    def erase_user(self, user_id: int) -> int:
        """Delete a user and everything that belongs to them (AVG art. 17), and redact every
        copy in other people's messages: a delivered message that quotes or names them keeps
        no body; one not yet sent that does is cancelled. Returns how many copies were
        redacted. ``secure_delete`` overwrites the freed space and a checkpoint empties
        the write-ahead log, so the words do not linger in the file either."""
        with self.db.atomic():
            needles, people, groups = self._traces(user_id)
            tag = f":{user_id}"
            redacted = 0
            marks = ", ".join("?" for _ in people) or "NULL"
            group_marks = ", ".join("?" for _ in groups) or "NULL"
            for row in list(self.db.query(
                    "SELECT id, status, text, buttons, payload FROM outbox WHERE user_id IN"
                    f" ({marks}) OR (user_id IS NULL AND chat_id IN ({group_marks}))",
                    [*people, *groups])):
                body = "\n".join(str(row[c] or "") for c in ("text", "buttons", "payload"))
                if not (tag in (row["buttons"] or "") or tag in (row["payload"] or "")
                        or any(n in body for n in needles)):
                    continue
                redacted += 1
                self.db.execute(
                    "UPDATE outbox SET text = '', buttons = NULL, payload = NULL,"
                    " status = CASE WHEN status IN ('pending', 'retry') THEN 'expired'"
                    " ELSE status END, error = CASE WHEN status IN ('pending', 'retry')"
                    " THEN 'erased' ELSE error END WHERE id = ?", [row["id"]])
            for row in list(self.db.query(
                    "SELECT update_id, payload FROM inbox WHERE payload IS NOT NULL"
                    f" AND user_id IN ({marks})", [*people])):
                if any(n in row["payload"] for n in needles) or tag in row["payload"]:
                    self.db.execute(
                        "UPDATE inbox SET payload = NULL, status = CASE WHEN status = 'done'"
                        " THEN status ELSE 'dropped' END WHERE update_id = ?",
                        [row["update_id"]])
            self.db.execute("UPDATE invitations SET used_by = NULL WHERE used_by = ?",
                            [user_id])
            self.db.execute("UPDATE announcements SET author_id = NULL WHERE author_id = ?",
                            [user_id])
            self.db.execute("DELETE FROM outbox WHERE user_id = ?", [user_id])
            self.db.execute("DELETE FROM inbox WHERE user_id = ?", [user_id])
            self.db.execute("DELETE FROM feedback WHERE mentor_id = ? OR learner_id = ?",
                            [user_id, user_id])
            self.db.execute("DELETE FROM users WHERE id = ?", [user_id])
            self._wrote_user(user_id)
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return redacted
