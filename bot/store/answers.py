"""What learners answer, with media, flags and the queries weekly texts need."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from bot.core.records import Answer, OutboxItem
from bot.core.weekly import TrendPoint
from bot.store.base import StoreBase
from bot.store.rows import from_iso, iso


class _StoredBefore(Exception):
    """The learner's message is already part of an answer (an update handled again)."""


class AnswersStore(StoreBase):
    """Answers, tied to the prompt they answer."""

    def _answer(self, row: Mapping[str, Any]) -> Answer:
        media = tuple(
            r["media_type"]
            for r in self.db.query(
                "SELECT media_type FROM answer_media WHERE answer_id = ? ORDER BY id", [row["id"]]
            )
        )
        return to_answer(row, media)

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
        source: tuple[int, int] | None = None,
        media: tuple[str, str, str | None, str | None] | None = None,
    ) -> Answer:
        """Store or extend the answer to ``prompt``.

        Text is appended (a later message on the same day extends the answer); a
        button value replaces the earlier one (a learner may change their mind).
        ``source`` (chat id, message id) is the learner's message the text came from: it
        is remembered, so an edit of that message finds this answer, and a message
        stored before is never appended twice. ``media`` (type, file id, unique id,
        caption) is stored in the same transaction.
        """
        assert prompt.local_date is not None
        try:
            with self.db.atomic():
                self.db.execute(
                    "INSERT OR IGNORE INTO answers (user_id, outbox_id, programme_id, prompt_id,"
                    " local_date, kind, created_at, updated_at, sprint_id, returns_to)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [user_id, prompt.id, prompt.programme_id, prompt.prompt_id,
                     prompt.local_date.isoformat(), kind, iso(now), iso(now), prompt.sprint_id,
                     prompt.payload.get("returns_to")],  # a reply to a spaced return
                )
                if source is not None and not self._add_part(user_id, prompt.id, source, text,
                                                             now):
                    raise _StoredBefore  # a replay: roll back, change nothing
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
                if media is not None:
                    found = self._one("SELECT id FROM answers WHERE user_id = ? AND outbox_id = ?",
                                      [user_id, prompt.id])
                    assert found is not None
                    self.add_media(found["id"], *media, now)
                rows = list(self.db.query(
                    f"UPDATE answers SET {', '.join(sets)} WHERE user_id = ? AND outbox_id = ?"
                    f" RETURNING *, {_MEDIA_TYPES} AS media_types",
                    [*params, user_id, prompt.id],
                ))
        except _StoredBefore:
            assert source is not None
            known = self.answer_of_message(*source)
            assert known is not None
            return known
        # the row as updated, with its media: no read-back on every answer
        return to_answer(rows[0], tuple(json.loads(rows[0]["media_types"])))

    def save_note(self, user_id: int, day: date, now: datetime, text: str | None,
                  source: tuple[int, int] | None = None,
                  media: tuple[str, str, str | None, str | None] | None = None) -> Answer:
        """Something sent with no prompt open: kept as a note, never thrown away."""
        if source is not None:
            known = self.answer_of_message(*source)
            if known is not None:
                return known
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO answers (user_id, local_date, kind, text, created_at, updated_at)"
                " VALUES (?, ?, 'note', ?, ?, ?)",
                [user_id, day.isoformat(), text, iso(now), iso(now)],
            )
            if source is not None:
                self.db.execute(
                    "INSERT INTO answer_parts (answer_id, chat_id, message_id, text, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [cursor.lastrowid, *source, text, iso(now), iso(now)])
            if media is not None:
                self.add_media(int(cursor.lastrowid or 0), *media, now)
        answer = self.get_answer(int(cursor.lastrowid or 0))
        assert answer is not None
        return answer

    def _add_part(self, user_id: int, outbox_id: int, source: tuple[int, int],
                  text: str | None, now: datetime) -> bool:
        """Remember which message this text came from; False when it was stored before."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO answer_parts (answer_id, chat_id, message_id, text,"
            " created_at, updated_at) SELECT id, ?, ?, ?, ?, ? FROM answers"
            " WHERE user_id = ? AND outbox_id = ?",
            [*source, text, iso(now), iso(now), user_id, outbox_id])
        return bool(cursor.rowcount)

    def answer_of_message(self, chat_id: int, message_id: int) -> Answer | None:
        """The answer a learner's message went into, if any."""
        row = self._one(
            "SELECT a.* FROM answers a JOIN answer_parts p ON p.answer_id = a.id"
            " WHERE p.chat_id = ? AND p.message_id = ?", [chat_id, message_id])
        return self._answer(row) if row else None

    def edit_answer_text(self, chat_id: int, message_id: int, text: str, now: datetime
                         ) -> Answer | None:
        """The learner edited a message: its words in the answer are replaced, in place.

        The answer's text is the parts joined in order; text from before parts were
        kept (no message id known) stays in front. None when the message is no answer.
        """
        part = self._one(
            "SELECT id, answer_id FROM answer_parts WHERE chat_id = ? AND message_id = ?",
            [chat_id, message_id])
        if part is None:
            return None
        answer_id = int(part["answer_id"])
        current = self._one("SELECT text FROM answers WHERE id = ?", [answer_id])
        parts = list(self.db.query(
            "SELECT id, text FROM answer_parts WHERE answer_id = ? ORDER BY id", [answer_id]))
        before = _joined(r["text"] for r in parts)
        after = _joined(text if r["id"] == part["id"] else r["text"] for r in parts)
        old = (current or {}).get("text") or ""
        prefix = old[: len(old) - len(before)] if before and old.endswith(before) else ""
        with self.db.atomic():
            self.db.execute(
                "UPDATE answer_parts SET text = ?, updated_at = ? WHERE id = ?",
                [text, iso(now), part["id"]])
            self.db.execute(
                "UPDATE answers SET text = ?, updated_at = ? WHERE id = ?",
                [prefix + after, iso(now), answer_id])
        return self.get_answer(answer_id)

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
        """Local days a daily prompt was delivered: the days the learner was asked (a
        sprint's prompt counts: during a sprint it is the learner's question of the day)."""
        return [
            date.fromisoformat(r["local_date"])
            for r in self.db.query(
                "SELECT DISTINCT local_date FROM outbox WHERE user_id = ?"
                " AND kind IN ('prompt', 'sprint_prompt')"
                " AND status = 'sent' AND local_date BETWEEN ? AND ? ORDER BY local_date",
                [user_id, first.isoformat(), last.isoformat()],
            )
        ]

    def trend_points_before(self, wanted: Mapping[int, tuple[date, Collection[tuple[str, str]]]],
                            limit: int = 60) -> dict[int, list[TrendPoint]]:
        """Per learner, earlier answers to one trend question: ``wanted`` maps a user id to
        (the week's first day, the question's (programme, prompt) ids, ``bot/core/trend.py``);
        oldest first, at most ``limit``, private ones included: they are the learner's own,
        and a mentor never gets earlier values. One query for a whole batch of learners."""
        rows = [(uid, before, pair) for uid, (before, pairs) in wanted.items()
                for pair in sorted(pairs)]
        if not rows:
            return {}
        found: dict[int, list[TrendPoint]] = {}
        for r in self.db.query(
                "WITH q(uid, before, programme_id, prompt_id) AS (VALUES "
                + ", ".join("(?, ?, ?, ?)" for _ in rows) + ") "
                "SELECT uid, local_date, value FROM (SELECT q.uid, a.local_date, a.value,"
                " row_number() OVER (PARTITION BY q.uid ORDER BY a.local_date DESC, a.id DESC)"
                " AS n FROM q JOIN answers a ON a.user_id = q.uid AND a.local_date < q.before"
                " AND a.programme_id = q.programme_id AND a.prompt_id = q.prompt_id"
                " AND a.value IS NOT NULL AND a.skipped = 0) WHERE n <= ? ORDER BY uid, n DESC",
                [x for uid, before, (programme, prompt) in rows
                 for x in (uid, before.isoformat(), programme, prompt)] + [limit]):
            found.setdefault(int(r["uid"]), []).append(
                TrendPoint(date.fromisoformat(r["local_date"]), int(r["value"])))
        return found

    def sprint_answers(self, sprint_id: int, first: date, last: date) -> list[Answer]:
        return [self._answer(r) for r in self.db.query(
            "SELECT * FROM answers WHERE sprint_id = ? AND local_date BETWEEN ? AND ?"
            " ORDER BY local_date, id", [sprint_id, first.isoformat(), last.isoformat()])]



# An answer's media types in stored order, as a JSON list (for RETURNING, which has no join).
_MEDIA_TYPES = ("(SELECT json_group_array(media_type) FROM (SELECT media_type FROM answer_media"
                " WHERE answer_id = answers.id ORDER BY id))")


def to_answer(row: Mapping[str, Any], media: tuple[str, ...]) -> Answer:
    """An answer row with its media types (read apart: one answer may have several)."""
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
        created_at=from_iso(row["created_at"]),
    )


def _joined(texts: Iterable[str | None]) -> str:
    """Parts of an answer as save_answer joins them: one line each, empty ones left out."""
    return "\n".join(t for t in texts if t)
