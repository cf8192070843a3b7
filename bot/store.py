"""The SQLite store: schema, migrations and every query. The only module that knows SQL.

SQLite is the single source of truth. Times are stored as UTC text in one fixed
format (``2026-11-30T15:45:00Z``) so that indexed comparisons are plain text ones.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlite_utils import Database, Migrations

from bot.core.records import Answer, Button, OutboxItem, Outgoing, User

migrations = Migrations("werkplekcoach")

OPEN_STATUSES = ("pending", "retry")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@migrations()
def m001_foundation(db: Database) -> None:
    """Users, programme progress, the outbox, answers and processed updates.

    Mentor links, teams and sprints get their own migrations; the outbox already
    allows messages without a user (group chats) and any ``kind``.
    """
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,            -- Telegram user id
            chat_id INTEGER NOT NULL,
            first_name TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT 'nl',
            tz TEXT NOT NULL,
            prompt_time TEXT NOT NULL DEFAULT '16:00',
            work_days TEXT NOT NULL DEFAULT '1,2,3,4,5',
            state TEXT NOT NULL DEFAULT 'new',  -- onboarding step or what we wait for
            programme_id TEXT,                 -- the active programme
            onboarded_at TEXT,
            paused INTEGER NOT NULL DEFAULT 0,
            resume_on TEXT,                    -- local date prompts start again
            active INTEGER NOT NULL DEFAULT 1, -- 0 once the user blocked the bot
            next_plan_at TEXT,                 -- when the planner looks at this user again
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        "CREATE INDEX users_next_plan ON users(next_plan_at) WHERE next_plan_at IS NOT NULL"
    )
    db.execute(
        """
        CREATE TABLE progress (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            programme_id TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0, -- index of the next day's prompt
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            PRIMARY KEY (user_id, programme_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,               -- prompt, follow_up, reply, notice, summary, ...
            dedupe_key TEXT UNIQUE,           -- one row per learner+kind+date where it matters
            programme_id TEXT,
            prompt_id TEXT,
            local_date TEXT,
            text TEXT NOT NULL DEFAULT '',
            buttons TEXT,                     -- JSON rows of [label, callback data]
            reply_to INTEGER,
            payload TEXT,                     -- JSON extras for later kinds
            status TEXT NOT NULL DEFAULT 'pending',
            due_at TEXT NOT NULL,
            send_after TEXT NOT NULL,         -- due_at, or the next attempt after a retry
            expires_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            claimed_by TEXT,
            claimed_at TEXT,
            sent_at TEXT,
            message_id INTEGER,
            error TEXT,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        "CREATE INDEX outbox_due ON outbox(send_after) WHERE status IN ('pending', 'retry')"
    )
    db.execute(
        "CREATE INDEX outbox_expiry ON outbox(expires_at) "
        "WHERE status IN ('pending', 'retry') AND expires_at IS NOT NULL"
    )
    db.execute("CREATE INDEX outbox_sending ON outbox(claimed_at) WHERE status = 'sending'")
    db.execute("CREATE INDEX outbox_message ON outbox(chat_id, message_id)")
    db.execute("CREATE INDEX outbox_user_kind ON outbox(user_id, kind, local_date)")
    db.execute(
        """
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
            programme_id TEXT,
            prompt_id TEXT,
            local_date TEXT NOT NULL,
            kind TEXT NOT NULL,               -- the prompt's kind
            text TEXT,
            value INTEGER,                    -- scale answer 1..5
            choice TEXT,                      -- option id of a choice answer
            skipped INTEGER NOT NULL DEFAULT 0,
            private INTEGER NOT NULL DEFAULT 0,
            share_team INTEGER NOT NULL DEFAULT 0,
            discuss INTEGER NOT NULL DEFAULT 0,
            follow_up_sent INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (user_id, outbox_id)
        )
        """
    )
    db.execute("CREATE INDEX answers_user_date ON answers(user_id, local_date)")
    db.execute("CREATE INDEX answers_user_prompt ON answers(user_id, programme_id, prompt_id)")
    db.execute(
        """
        CREATE TABLE answer_media (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            media_type TEXT NOT NULL,          -- voice, photo, video, document, video_note, audio
            file_id TEXT NOT NULL,
            file_unique_id TEXT,
            caption TEXT,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX answer_media_answer ON answer_media(answer_id)")
    db.execute(
        """
        CREATE TABLE processed_updates (
            update_id INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL
        )
        """
    )


def _connect(path: Path) -> Database:
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    if str(path) != ":memory:":
        db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def _buttons_json(buttons: tuple[tuple[Button, ...], ...]) -> str | None:
    if not buttons:
        return None
    return json.dumps([[[b.label, b.data] for b in row] for row in buttons], ensure_ascii=False)


def _buttons_from(text: str | None) -> tuple[tuple[Button, ...], ...]:
    if not text:
        return ()
    return tuple(tuple(Button(label, data) for label, data in row) for row in json.loads(text))


def _days_text(days: frozenset[int]) -> str:
    return ",".join(str(d) for d in sorted(days))


def _user(row: Mapping[str, Any]) -> User:
    hh, mm = row["prompt_time"].split(":")
    return User(
        id=row["id"],
        chat_id=row["chat_id"],
        first_name=row["first_name"],
        language=row["language"],
        tz=row["tz"],
        prompt_time=time(int(hh), int(mm)),
        work_days=frozenset(int(d) for d in row["work_days"].split(",") if d),
        state=row["state"],
        programme_id=row["programme_id"],
        onboarded=row["onboarded_at"] is not None,
        paused=bool(row["paused"]),
        resume_on=date.fromisoformat(row["resume_on"]) if row["resume_on"] else None,
        active=bool(row["active"]),
        next_plan_at=from_iso(row["next_plan_at"]),
    )


def _outbox(row: Mapping[str, Any]) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        chat_id=row["chat_id"],
        user_id=row["user_id"],
        kind=row["kind"],
        status=row["status"],
        text=row["text"],
        buttons=_buttons_from(row["buttons"]),
        programme_id=row["programme_id"],
        prompt_id=row["prompt_id"],
        local_date=date.fromisoformat(row["local_date"]) if row["local_date"] else None,
        reply_to=row["reply_to"],
        message_id=row["message_id"],
        attempts=row["attempts"],
        due_at=from_iso(row["due_at"]),
        expires_at=from_iso(row["expires_at"]),
        sent_at=from_iso(row["sent_at"]),
        payload=json.loads(row["payload"]) if row["payload"] else {},
    )


class Store:
    """Every read and write of the bot. One instance per process and thread."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating folder and file) and bring the schema up to date."""
        db = _connect(Path(path))
        migrations.apply(db)
        return cls(db)

    def close(self) -> None:
        self.db.conn.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self.db.atomic():
            yield

    def _one(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        for row in self.db.query(sql, params):
            return row
        return None

    # -- users ---------------------------------------------------------------------

    def get_user(self, user_id: int) -> User | None:
        row = self._one("SELECT * FROM users WHERE id = ?", [user_id])
        return _user(row) if row else None

    def create_user(
        self, user_id: int, chat_id: int, first_name: str, language: str, tz: str, now: datetime
    ) -> User:
        self.db.execute(
            "INSERT OR IGNORE INTO users (id, chat_id, first_name, language, tz, state,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'new', ?, ?)",
            [user_id, chat_id, first_name, language, tz, iso(now), iso(now)],
        )
        user = self.get_user(user_id)
        assert user is not None
        return user

    def update_user(self, user_id: int, now: datetime, **fields: Any) -> User:
        """Change settings; values are converted from their core types here."""
        values: dict[str, Any] = {"updated_at": iso(now)}
        for key, value in fields.items():
            if key == "work_days":
                value = _days_text(value)
            elif key == "prompt_time":
                value = value.strftime("%H:%M")
            elif key in ("resume_on",) and value is not None:
                value = value.isoformat()
            elif key in ("next_plan_at", "onboarded_at") and value is not None:
                value = iso(value)
            elif key in ("paused", "active"):
                value = int(value)
            values[key] = value
        cols = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE users SET {cols} WHERE id = ?", [*values.values(), user_id])
        user = self.get_user(user_id)
        assert user is not None
        return user

    def users_to_plan(self, now: datetime, limit: int) -> list[User]:
        """Users whose next planning moment has come; uses the partial index only."""
        rows = self.db.query(
            "SELECT * FROM users WHERE next_plan_at IS NOT NULL AND next_plan_at <= ?"
            " ORDER BY next_plan_at LIMIT ?",
            [iso(now), limit],
        )
        return [_user(r) for r in rows]

    def count_users(self) -> int:
        row = self._one("SELECT count(*) AS n FROM users")
        return int(row["n"]) if row else 0

    # -- progress ------------------------------------------------------------------

    def position(self, user_id: int, programme_id: str) -> int:
        row = self._one(
            "SELECT position FROM progress WHERE user_id = ? AND programme_id = ?",
            [user_id, programme_id],
        )
        return int(row["position"]) if row else 0

    def ensure_progress(self, user_id: int, programme_id: str, now: datetime) -> None:
        """Start a programme at day one, or keep the place reached before a switch."""
        self.db.execute(
            "INSERT OR IGNORE INTO progress (user_id, programme_id, position, started_at,"
            " updated_at) VALUES (?, ?, 0, ?, ?)",
            [user_id, programme_id, iso(now), iso(now)],
        )

    def finish_programme(self, user_id: int, programme_id: str, now: datetime) -> None:
        self.db.execute(
            "UPDATE progress SET finished_at = coalesce(finished_at, ?)"
            " WHERE user_id = ? AND programme_id = ?",
            [iso(now), user_id, programme_id],
        )

    # -- outbox --------------------------------------------------------------------

    def enqueue(
        self,
        *,
        chat_id: int,
        user_id: int | None,
        kind: str,
        message: Outgoing,
        due_at: datetime,
        now: datetime,
        dedupe_key: str | None = None,
        expires_at: datetime | None = None,
        programme_id: str | None = None,
        prompt_id: str | None = None,
        local_date: date | None = None,
        reply_to: int | None = None,
        payload: dict[str, Any] | None = None,
        status: str = "pending",
        claimed_by: str | None = None,
    ) -> int | None:
        """Record a message before it is sent. None when ``dedupe_key`` already exists."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO outbox (chat_id, user_id, kind, dedupe_key, programme_id,"
            " prompt_id, local_date, text, buttons, reply_to, payload, status, due_at,"
            " send_after, expires_at, claimed_by, claimed_at, attempts, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                chat_id, user_id, kind, dedupe_key, programme_id, prompt_id,
                local_date.isoformat() if local_date else None,
                message.text, _buttons_json(message.buttons), reply_to,
                json.dumps(payload) if payload else None, status, iso(due_at), iso(due_at),
                iso(expires_at) if expires_at else None, claimed_by,
                iso(now) if claimed_by else None, 1 if status == "sending" else 0, iso(now),
            ],
        )
        return cursor.lastrowid if cursor.rowcount else None

    def set_message(self, outbox_id: int, message: Outgoing) -> None:
        """Fill in the rendered text once the row id (used in button data) is known."""
        self.db.execute(
            "UPDATE outbox SET text = ?, buttons = ? WHERE id = ?",
            [message.text, _buttons_json(message.buttons), outbox_id],
        )

    def get_outbox(self, outbox_id: int) -> OutboxItem | None:
        row = self._one("SELECT * FROM outbox WHERE id = ?", [outbox_id])
        return _outbox(row) if row else None

    def claim_due(self, now: datetime, worker: str, limit: int) -> list[OutboxItem]:
        """Atomically move due rows to ``sending`` for this worker.

        One UPDATE … RETURNING under SQLite's write lock: a second dispatcher (another
        process) can never claim the same row.
        """
        rows = self.db.execute(
            "UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_at = ?,"
            " attempts = attempts + 1"
            " WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'retry')"
            " AND send_after <= ? ORDER BY send_after LIMIT ?)"
            " AND status IN ('pending', 'retry')"
            " RETURNING *",
            [worker, iso(now), iso(now), limit],
        )
        cols = [c[0] for c in rows.description]
        return sorted((_outbox(dict(zip(cols, r, strict=True))) for r in rows.fetchall()),
                      key=lambda item: (item.due_at or now, item.id))

    def mark_sent(self, outbox_id: int, message_id: int, now: datetime) -> None:
        """Record delivery; a delivered daily prompt moves the learner's progress on.

        Progress moves on delivery, not on planning, so an expired prompt is asked
        again on the next work day instead of being skipped.
        """
        with self.db.atomic():
            self.db.execute(
                "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, error = NULL,"
                " claimed_by = NULL WHERE id = ?",
                [message_id, iso(now), outbox_id],
            )
            self.db.execute(
                "UPDATE progress SET updated_at = ?, position = max(position,"
                " (SELECT json_extract(o.payload, '$.position') + 1 FROM outbox o WHERE o.id = ?))"
                " WHERE (user_id, programme_id) = (SELECT user_id, programme_id FROM outbox"
                " WHERE id = ? AND kind = 'prompt' AND payload IS NOT NULL)",
                [iso(now), outbox_id, outbox_id],
            )

    def mark_retry(self, outbox_id: int, when: datetime, error: str) -> None:
        self.db.execute(
            "UPDATE outbox SET status = 'retry', send_after = ?, error = ?, claimed_by = NULL"
            " WHERE id = ?",
            [iso(when), error, outbox_id],
        )

    def mark_failed(self, outbox_id: int, error: str, status: str = "failed") -> None:
        self.db.execute(
            "UPDATE outbox SET status = ?, error = ?, claimed_by = NULL WHERE id = ?",
            [status, error, outbox_id],
        )

    def expire_due(self, now: datetime) -> int:
        """Unsent rows past their day are expired, never sent late."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'expired', error = 'past its local day'"
            " WHERE status IN ('pending', 'retry') AND expires_at IS NOT NULL"
            " AND expires_at <= ?",
            [iso(now)],
        )
        return int(cursor.rowcount)

    def release_claims(self, worker: str) -> int:
        """Give this worker's unfinished claims back, on a graceful shutdown."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'pending', claimed_by = NULL"
            " WHERE status = 'sending' AND claimed_by = ?",
            [worker],
        )
        return int(cursor.rowcount)

    def recover_stale(self, older_than: datetime, worker: str) -> int:
        """Claims left by a process that died are retried (at least once, not lost).

        This worker's own claims are in flight, however old they look.
        """
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'retry', claimed_by = NULL,"
            " error = 'claim of a stopped process'"
            " WHERE status = 'sending' AND claimed_at <= ? AND claimed_by IS NOT ?",
            [iso(older_than), worker],
        )
        return int(cursor.rowcount)

    def cancel_open_prompts(self, user_id: int, reason: str) -> int:
        """Drop planned prompts after a settings change; the planner plans anew."""
        cursor = self.db.execute(
            "UPDATE outbox SET status = 'cancelled', error = ?"
            " WHERE user_id = ? AND kind = 'prompt' AND status IN ('pending', 'retry')",
            [reason, user_id],
        )
        return int(cursor.rowcount)

    def bring_forward(self, outbox_id: int, now: datetime) -> None:
        """Send a planned row now (the learner asked for today's prompt early)."""
        self.db.execute(
            "UPDATE outbox SET send_after = ? WHERE id = ? AND status IN ('pending', 'retry')",
            [iso(now), outbox_id],
        )

    def outbox_by_message(self, chat_id: int, message_id: int) -> OutboxItem | None:
        row = self._one(
            "SELECT * FROM outbox WHERE chat_id = ? AND message_id = ?", [chat_id, message_id]
        )
        return _outbox(row) if row else None

    def prompt_on(self, user_id: int, day: date) -> OutboxItem | None:
        """The day's (latest) delivered or planned prompt of this user."""
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind = 'prompt' AND local_date = ?"
            " AND status NOT IN ('cancelled') ORDER BY id DESC LIMIT 1",
            [user_id, day.isoformat()],
        )
        return _outbox(row) if row else None

    def latest_prompt_sent(self, user_id: int) -> OutboxItem | None:
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind = 'prompt' AND status = 'sent'"
            " ORDER BY sent_at DESC, id DESC LIMIT 1",
            [user_id],
        )
        return _outbox(row) if row else None

    def outbox_counts(self) -> dict[str, int]:
        return {
            r["status"]: r["n"]
            for r in self.db.query("SELECT status, count(*) AS n FROM outbox GROUP BY status")
        }

    def outbox_for(self, user_id: int) -> list[OutboxItem]:
        return [
            _outbox(r)
            for r in self.db.query("SELECT * FROM outbox WHERE user_id = ? ORDER BY id", [user_id])
        ]

    # -- answers -------------------------------------------------------------------

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
                " local_date, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [user_id, prompt.id, prompt.programme_id, prompt.prompt_id,
                 prompt.local_date.isoformat(), kind, iso(now), iso(now)],
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

    # -- updates -------------------------------------------------------------------

    def first_time_seen(self, update_id: int, now: datetime) -> bool:
        """Record an update id; False when it was processed before (a duplicate)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, received_at) VALUES (?, ?)",
            [update_id, iso(now)],
        )
        return bool(cursor.rowcount)

    def forget_updates_before(self, moment: datetime) -> int:
        cursor = self.db.execute(
            "DELETE FROM processed_updates WHERE received_at < ?", [iso(moment)]
        )
        return int(cursor.rowcount)

    # -- privacy -------------------------------------------------------------------

    def export_user(self, user_id: int) -> dict[str, Any]:
        """Everything stored about a user (AVG art. 15), as plain JSON-able data."""
        def rows(sql: str) -> list[dict[str, Any]]:
            return list(self.db.query(sql, [user_id]))

        return {
            "user": rows("SELECT * FROM users WHERE id = ?"),
            "progress": rows("SELECT * FROM progress WHERE user_id = ?"),
            "answers": rows("SELECT * FROM answers WHERE user_id = ? ORDER BY id"),
            "answer_media": rows(
                "SELECT m.* FROM answer_media m JOIN answers a ON a.id = m.answer_id"
                " WHERE a.user_id = ? ORDER BY m.id"
            ),
            "messages": rows(
                "SELECT id, kind, programme_id, prompt_id, local_date, text, status, sent_at"
                " FROM outbox WHERE user_id = ? ORDER BY id"
            ),
        }

    def erase_user(self, user_id: int) -> None:
        """Delete a user and, by cascade, everything that belongs to them (AVG art. 17)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM outbox WHERE user_id = ?", [user_id])
            self.db.execute("DELETE FROM users WHERE id = ?", [user_id])
