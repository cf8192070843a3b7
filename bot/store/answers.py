"""What learners answer, with media, flags and the queries weekly texts need."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from bot.core.records import Answer, OutboxItem
from bot.store.base import StoreBase
from bot.store.rows import iso


class AnswersStore(StoreBase):
    """Answers, tied to the prompt they answer."""

    def _answer(self, row: Mapping[str, Any]) -> Answer:
        media = tuple(
            r["media_type"]
            for r in self.db.query(
                "SELECT media_type FROM answer_media WHERE answer_id = ? ORDER BY id", [row["id"]]
            )
        )
        return Answer(
            id=row["id"],
            user_id=row["user_id"],
            outbox_id=row["outbox_id"],
            programme_id=row["programme_id"],
            prompt_id=row["prompt_id"],
            local_date=date.fromisoformat(row["local_date"]),
            kind=row["kind"],
            text=row["text"],
            value=row["value"],
            choice=row["choice"],
            skipped=bool(row["skipped"]),
            private=bool(row["private"]),
            media=media,
            sprint_id=row["sprint_id"],
            share_team=bool(row["share_team"]),
        )

    def answer_for(self, user_id: int, outbox_id: int) -> Answer | None:
        row = self._one(
            "SELECT * FROM answers WHERE user_id = ? AND outbox_id = ?", [user_id, outbox_id]
        )
        return self._answer(row) if row else None

    def get_answer(self, answer_id: int) -> Answer | None:
        row = self._one("SELECT * FROM answers WHERE id = ?", [answer_id])
        return self._answer(row) if row else None

    def save_answer(
        self,
        prompt: OutboxItem,
        user_id: int,
        kind: str,
        now: datetime,
        *,
        text: str | None = None,
        value: int | None = None,
        choice: str | None = None,
        skipped: bool = False,
    ) -> Answer:
        """Store or extend the answer to ``prompt``.

        Text is appended (a later message on the same day extends the answer); a
        button value replaces the earlier one (a learner may change their mind).
        """
        assert prompt.local_date is not None
        with self.db.atomic():
            self.db.execute(
                "INSERT OR IGNORE INTO answers (user_id, outbox_id, programme_id, prompt_id,"
                " local_date, kind, created_at, updated_at, sprint_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [user_id, prompt.id, prompt.programme_id, prompt.prompt_id,
                 prompt.local_date.isoformat(), kind, iso(now), iso(now), prompt.sprint_id],
            )
            sets = ["updated_at = ?", "skipped = ?"]
            params: list[Any] = [iso(now), int(skipped)]
            if text is not None:
                sets.append("text = CASE WHEN text IS NULL OR text = '' THEN ?"
                            " ELSE text || char(10) || ? END")
                params += [text, text]
            if value is not None:
                sets.append("value = ?")
                params.append(value)
            if choice is not None:
                sets.append("choice = ?")
                params.append(choice)
            self.db.execute(
                f"UPDATE answers SET {', '.join(sets)} WHERE user_id = ? AND outbox_id = ?",
                [*params, user_id, prompt.id],
            )
        answer = self.answer_for(user_id, prompt.id)
        assert answer is not None
        return answer

    def save_note(self, user_id: int, day: date, now: datetime, text: str | None) -> Answer:
        """Something sent with no prompt open: kept as a note, never thrown away."""
        cursor = self.db.execute(
            "INSERT INTO answers (user_id, local_date, kind, text, created_at, updated_at)"
            " VALUES (?, ?, 'note', ?, ?, ?)",
            [user_id, day.isoformat(), text, iso(now), iso(now)],
        )
        answer = self.get_answer(int(cursor.lastrowid or 0))
        assert answer is not None
        return answer

    def add_media(
        self, answer_id: int, media_type: str, file_id: str, file_unique_id: str | None,
        caption: str | None, now: datetime,
    ) -> None:
        self.db.execute(
            "INSERT INTO answer_media (answer_id, media_type, file_id, file_unique_id, caption,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [answer_id, media_type, file_id, file_unique_id, caption, iso(now)],
        )

    def mark_follow_up_sent(self, answer_id: int) -> bool:
        """True the first time only: a follow-up is asked at most once per answer."""
        cursor = self.db.execute(
            "UPDATE answers SET follow_up_sent = 1 WHERE id = ? AND follow_up_sent = 0",
            [answer_id],
        )
        return bool(cursor.rowcount)

    def latest_answer_to(self, user_id: int, programme_id: str, prompt_id: str) -> Answer | None:
        """The learner's most recent text answer to a prompt, for a check-back."""
        row = self._one(
            "SELECT * FROM answers WHERE user_id = ? AND programme_id = ? AND prompt_id = ?"
            " AND text IS NOT NULL AND text != '' ORDER BY updated_at DESC, id DESC LIMIT 1",
            [user_id, programme_id, prompt_id],
        )
        return self._answer(row) if row else None

    def answers_of(self, user_id: int) -> list[Answer]:
        return [
            self._answer(r)
            for r in self.db.query(
                "SELECT * FROM answers WHERE user_id = ? ORDER BY local_date, id", [user_id]
            )
        ]

    def set_answer_flag(self, answer_id: int, flag: str, value: bool, now: datetime) -> None:
        """Privacy and sharing flags the learner toggles under a confirmation."""
        if flag not in ("private", "discuss", "share_team"):
            raise ValueError(flag)
        self.db.execute(
            f"UPDATE answers SET {flag} = ?, updated_at = ? WHERE id = ?",
            [int(value), iso(now), answer_id],
        )

    def answer_flags(self, answer_id: int) -> dict[str, bool]:
        row = self._one("SELECT private, discuss, share_team FROM answers WHERE id = ?", [answer_id])
        return {k: bool(v) for k, v in row.items()} if row else {}

    def answers_between(self, user_id: int, first: date, last: date) -> list[Answer]:
        """Answers with a local date in [first, last], in order."""
        return [
            self._answer(r)
            for r in self.db.query(
                "SELECT * FROM answers WHERE user_id = ? AND local_date BETWEEN ? AND ?"
                " ORDER BY local_date, id",
                [user_id, first.isoformat(), last.isoformat()],
            )
        ]

    def prompt_days(self, user_id: int, first: date, last: date) -> list[date]:
        """Local days a daily prompt was delivered: the days the learner was asked."""
        return [
            date.fromisoformat(r["local_date"])
            for r in self.db.query(
                "SELECT DISTINCT local_date FROM outbox WHERE user_id = ? AND kind = 'prompt'"
                " AND status = 'sent' AND local_date BETWEEN ? AND ? ORDER BY local_date",
                [user_id, first.isoformat(), last.isoformat()],
            )
        ]

    def scale_values_before(self, user_id: int, before: date, limit: int = 8) -> list[int]:
        rows = self.db.query(
            "SELECT value FROM answers WHERE user_id = ? AND local_date < ? AND value IS NOT NULL"
            " AND private = 0 ORDER BY local_date DESC, id DESC LIMIT ?",
            [user_id, before.isoformat(), limit],
        )
        return [int(r["value"]) for r in rows][::-1]

    def sprint_answers(self, sprint_id: int, first: date, last: date) -> list[Answer]:
        return [self._answer(r) for r in self.db.query(
            "SELECT * FROM answers WHERE sprint_id = ? AND local_date BETWEEN ? AND ?"
            " ORDER BY local_date, id", [sprint_id, first.isoformat(), last.isoformat()])]
