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

from bot.core.records import (
    Answer,
    Button,
    Feedback,
    Invitation,
    MentorLink,
    OutboxItem,
    Outgoing,
    Sprint,
    SprintMember,
    User,
)

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


@migrations()
def m002_mentors(db: Database) -> None:
    """Mentor links by single-use invitation, feedback, held-back weeks, summary times."""
    db.execute(
        """
        CREATE TABLE invitations (
            token TEXT PRIMARY KEY,            -- random, single use, in the deep link
            learner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            share_mode TEXT NOT NULL,          -- answers | figures: the link's default
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            used_by INTEGER,
            outcome TEXT                       -- accepted | declined
        )
        """
    )
    db.execute("CREATE INDEX invitations_learner ON invitations(learner_id)")
    db.execute(
        """
        CREATE TABLE mentor_links (
            id INTEGER PRIMARY KEY,
            learner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            mentor_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            share_mode TEXT NOT NULL,          -- answers | figures
            status TEXT NOT NULL DEFAULT 'active',  -- active | ended
            created_at TEXT NOT NULL,
            ended_at TEXT,
            ended_by INTEGER
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX mentor_links_active ON mentor_links(learner_id, mentor_id)"
        " WHERE status = 'active'"
    )
    db.execute("CREATE INDEX mentor_links_mentor ON mentor_links(mentor_id, status)")
    db.execute(
        """
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            link_id INTEGER REFERENCES mentor_links(id) ON DELETE SET NULL,
            mentor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            learner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            reaction TEXT,                     -- thumbs_up
            reply TEXT,
            reacted_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX feedback_learner ON feedback(learner_id, created_at)")
    db.execute("CREATE INDEX feedback_mentor ON feedback(mentor_id, created_at)")
    db.execute(
        """
        CREATE TABLE held_weeks (
            learner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            week_start TEXT NOT NULL,          -- Monday of the ISO week not shared
            created_at TEXT NOT NULL,
            PRIMARY KEY (learner_id, week_start)
        )
        """
    )
    for column, definition in (
        ("summary_weekday", "INTEGER NOT NULL DEFAULT 5"),
        ("summary_time", "TEXT NOT NULL DEFAULT '16:00'"),
        ("next_summary_at", "TEXT"),
        ("digest_weekday", "INTEGER NOT NULL DEFAULT 1"),
        ("digest_time", "TEXT NOT NULL DEFAULT '08:00'"),
        ("next_digest_at", "TEXT"),
    ):
        db.execute(f"ALTER TABLE users ADD COLUMN {column} {definition}")
    db.execute(
        "CREATE INDEX users_next_summary ON users(next_summary_at)"
        " WHERE next_summary_at IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX users_next_digest ON users(next_digest_at) WHERE next_digest_at IS NOT NULL"
    )


@migrations()
def m003_sprints(db: Database) -> None:
    """Teams and their learning sprints; sprint prompts and answers carry the sprint id."""
    db.execute(
        """
        CREATE TABLE teams (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            lead_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            group_chat_id INTEGER,            -- the team's Telegram group, while the bot is in it
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX teams_lead ON teams(lead_id)")
    db.execute("CREATE INDEX teams_group ON teams(group_chat_id)")
    db.execute(
        """
        CREATE TABLE sprints (
            id INTEGER PRIMARY KEY,
            team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
            programme_id TEXT,
            start_date TEXT,                  -- a Monday
            weeks INTEGER NOT NULL DEFAULT 4,
            tz TEXT NOT NULL,                 -- the lead's zone: when digests and posts go out
            join_token TEXT UNIQUE,
            status TEXT NOT NULL DEFAULT 'draft',  -- draft | active | ended
            next_event_at TEXT,               -- the next group post, digest or report
            created_at TEXT NOT NULL,
            ended_at TEXT
        )
        """
    )
    db.execute(
        "CREATE INDEX sprints_next_event ON sprints(next_event_at) WHERE next_event_at IS NOT NULL"
    )
    db.execute(
        """
        CREATE TABLE sprint_members (
            sprint_id INTEGER NOT NULL REFERENCES sprints(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            status TEXT NOT NULL,             -- joining | active | left | removed
            mode TEXT NOT NULL DEFAULT 'only',  -- only | pause_own | both
            joined_at TEXT NOT NULL,
            left_at TEXT,
            next_plan_at TEXT,                -- the member's next sprint prompt
            PRIMARY KEY (sprint_id, user_id)
        )
        """
    )
    db.execute(
        "CREATE INDEX sprint_members_next ON sprint_members(next_plan_at)"
        " WHERE next_plan_at IS NOT NULL"
    )
    db.execute("CREATE INDEX sprint_members_user ON sprint_members(user_id, status)")
    db.execute("ALTER TABLE outbox ADD COLUMN sprint_id INTEGER")
    db.execute("ALTER TABLE answers ADD COLUMN sprint_id INTEGER")
    db.execute(
        "CREATE INDEX answers_sprint ON answers(sprint_id, local_date) WHERE sprint_id IS NOT NULL"
    )


@migrations()
def m004_housekeeping(db: Database) -> None:
    """Old processed update ids are pruned by time: index that, not the whole table."""
    db.execute("CREATE INDEX processed_updates_received ON processed_updates(received_at)")


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


def _clock_time(text: str) -> time:
    hh, mm = text.split(":")
    return time(int(hh), int(mm))


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
        summary_weekday=row["summary_weekday"],
        summary_time=_clock_time(row["summary_time"]),
        next_summary_at=from_iso(row["next_summary_at"]),
        digest_weekday=row["digest_weekday"],
        digest_time=_clock_time(row["digest_time"]),
        next_digest_at=from_iso(row["next_digest_at"]),
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
        sprint_id=row["sprint_id"],
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
            elif key in ("prompt_time", "summary_time", "digest_time"):
                value = value.strftime("%H:%M")
            elif key in ("resume_on",) and value is not None:
                value = value.isoformat()
            elif key in ("next_plan_at", "onboarded_at", "next_summary_at", "next_digest_at") \
                    and value is not None:
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

    def set_position(self, user_id: int, programme_id: str, position: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE progress SET position = ?, updated_at = ? WHERE user_id = ? AND programme_id = ?",
            [position, iso(now), user_id, programme_id],
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
        sprint_id: int | None = None,
    ) -> int | None:
        """Record a message before it is sent. None when ``dedupe_key`` already exists."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO outbox (chat_id, user_id, kind, dedupe_key, programme_id,"
            " prompt_id, local_date, text, buttons, reply_to, payload, status, due_at,"
            " send_after, expires_at, claimed_by, claimed_at, attempts, created_at, sprint_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                chat_id, user_id, kind, dedupe_key, programme_id, prompt_id,
                local_date.isoformat() if local_date else None,
                message.text, _buttons_json(message.buttons), reply_to,
                json.dumps(payload) if payload else None, status, iso(due_at), iso(due_at),
                iso(expires_at) if expires_at else None, claimed_by,
                iso(now) if claimed_by else None, 1 if status == "sending" else 0, iso(now),
                sprint_id,
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

    def prompt_on(self, user_id: int, day: date, kind: str = "prompt") -> OutboxItem | None:
        """The day's (latest) delivered or planned prompt of this user."""
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind = ? AND local_date = ?"
            " AND status NOT IN ('cancelled') ORDER BY id DESC LIMIT 1",
            [user_id, kind, day.isoformat()],
        )
        return _outbox(row) if row else None

    def last_sent_prompt_on(self, user_id: int, day: date) -> OutboxItem | None:
        """The most recently delivered prompt of the day, own or sprint: what a plain
        message answers when it does not reply to a specific prompt."""
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind IN ('prompt', 'sprint_prompt')"
            " AND local_date = ? AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1",
            [user_id, day.isoformat()],
        )
        return _outbox(row) if row else None

    def latest_prompt_sent(self, user_id: int, kind: str = "prompt",
                           sprint_id: int | None = None) -> OutboxItem | None:
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind = ? AND status = 'sent'"
            " AND sprint_id IS ? ORDER BY sent_at DESC, id DESC LIMIT 1",
            [user_id, kind, sprint_id],
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

    # -- mentors -------------------------------------------------------------------

    def create_invitation(
        self, token: str, learner_id: int, share_mode: str, now: datetime, expires_at: datetime
    ) -> Invitation:
        self.db.execute(
            "INSERT INTO invitations (token, learner_id, share_mode, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [token, learner_id, share_mode, iso(now), iso(expires_at)],
        )
        invitation = self.get_invitation(token)
        assert invitation is not None
        return invitation

    def get_invitation(self, token: str) -> Invitation | None:
        row = self._one("SELECT * FROM invitations WHERE token = ?", [token])
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
            [iso(now), mentor_id, outcome, token, iso(now)],
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

    @staticmethod
    def _link(row: Mapping[str, Any]) -> MentorLink:
        return MentorLink(row["id"], row["learner_id"], row["mentor_id"], row["share_mode"],
                          row["status"])

    def get_link(self, link_id: int) -> MentorLink | None:
        row = self._one("SELECT * FROM mentor_links WHERE id = ?", [link_id])
        return self._link(row) if row else None

    def links_of_learner(self, learner_id: int) -> list[MentorLink]:
        return [self._link(r) for r in self.db.query(
            "SELECT * FROM mentor_links WHERE learner_id = ? AND status = 'active' ORDER BY id",
            [learner_id])]

    def links_of_mentor(self, mentor_id: int) -> list[MentorLink]:
        return [self._link(r) for r in self.db.query(
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

    @staticmethod
    def _feedback(row: Mapping[str, Any]) -> Feedback:
        created = from_iso(row["created_at"])
        assert created is not None
        return Feedback(row["id"], row["link_id"], row["mentor_id"], row["learner_id"],
                        row["text"], created, row["reaction"], row["reply"])

    def get_feedback(self, feedback_id: int) -> Feedback | None:
        row = self._one("SELECT * FROM feedback WHERE id = ?", [feedback_id])
        return self._feedback(row) if row else None

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
        return [self._feedback(r) for r in self.db.query(
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

    def users_due(self, column: str, now: datetime, limit: int) -> list[User]:
        """Users whose weekly summary (``next_summary_at``) or digest is due."""
        if column not in ("next_summary_at", "next_digest_at"):
            raise ValueError(column)
        rows = self.db.query(
            f"SELECT * FROM users WHERE {column} IS NOT NULL AND {column} <= ?"
            f" ORDER BY {column} LIMIT ?",
            [iso(now), limit],
        )
        return [_user(r) for r in rows]

    # -- teams and sprints ------------------------------------------------------------

    _SPRINT = ("SELECT s.*, t.name AS team_name, t.lead_id, t.group_chat_id FROM sprints s"
               " JOIN teams t ON t.id = s.team_id")

    @staticmethod
    def _sprint(row: Mapping[str, Any]) -> Sprint:
        return Sprint(
            id=row["id"], team_id=row["team_id"], team_name=row["team_name"],
            lead_id=row["lead_id"], programme_id=row["programme_id"],
            start_date=date.fromisoformat(row["start_date"]) if row["start_date"] else None,
            weeks=row["weeks"], tz=row["tz"], join_token=row["join_token"], status=row["status"],
            group_chat_id=row["group_chat_id"], next_event_at=from_iso(row["next_event_at"]),
        )

    def create_sprint_draft(self, lead_id: int, team_name: str, tz: str, now: datetime) -> Sprint:
        """A team and its sprint, in draft until the lead has chosen everything."""
        with self.db.atomic():
            team = self.db.execute(
                "INSERT INTO teams (name, lead_id, created_at) VALUES (?, ?, ?)",
                [team_name, lead_id, iso(now)],
            ).lastrowid
            sprint_id = self.db.execute(
                "INSERT INTO sprints (team_id, tz, created_at) VALUES (?, ?, ?)",
                [team, tz, iso(now)],
            ).lastrowid
        sprint = self.get_sprint(int(sprint_id or 0))
        assert sprint is not None
        return sprint

    def get_sprint(self, sprint_id: int) -> Sprint | None:
        row = self._one(f"{self._SPRINT} WHERE s.id = ?", [sprint_id])
        return self._sprint(row) if row else None

    def sprint_by_token(self, token: str) -> Sprint | None:
        row = self._one(f"{self._SPRINT} WHERE s.join_token = ?", [token])
        return self._sprint(row) if row else None

    def update_sprint(self, sprint_id: int, **fields: Any) -> Sprint:
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if isinstance(value, datetime):
                value = iso(value)
            elif isinstance(value, date):
                value = value.isoformat()
            values[key] = value
        cols = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE sprints SET {cols} WHERE id = ?", [*values.values(), sprint_id])
        sprint = self.get_sprint(sprint_id)
        assert sprint is not None
        return sprint

    def led_sprints(self, lead_id: int, statuses: tuple[str, ...] = ("draft", "active")
                    ) -> list[Sprint]:
        marks = ", ".join("?" for _ in statuses)
        return [self._sprint(r) for r in self.db.query(
            f"{self._SPRINT} WHERE t.lead_id = ? AND s.status IN ({marks}) ORDER BY s.id DESC",
            [lead_id, *statuses])]

    def sprints_due(self, now: datetime, limit: int) -> list[Sprint]:
        return [self._sprint(r) for r in self.db.query(
            f"{self._SPRINT} WHERE s.next_event_at IS NOT NULL AND s.next_event_at <= ?"
            " ORDER BY s.next_event_at LIMIT ?", [iso(now), limit])]

    def set_group(self, team_id: int, chat_id: int | None) -> None:
        self.db.execute("UPDATE teams SET group_chat_id = ? WHERE id = ?", [chat_id, team_id])

    def move_group(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: its id changed; follow it, queued posts included."""
        with self.db.atomic():
            self.db.execute("UPDATE teams SET group_chat_id = ? WHERE group_chat_id = ?",
                            [new_chat_id, old_chat_id])
            self.db.execute(
                "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND user_id IS NULL"
                " AND status IN ('pending', 'retry', 'sending')",
                [new_chat_id, old_chat_id],
            )

    def forget_group(self, chat_id: int) -> int:
        """The bot left or was removed from a group: stop posting there."""
        return int(self.db.execute(
            "UPDATE teams SET group_chat_id = NULL WHERE group_chat_id = ?", [chat_id]).rowcount)

    @staticmethod
    def _member(row: Mapping[str, Any]) -> SprintMember:
        return SprintMember(row["sprint_id"], row["user_id"], row["status"], row["mode"],
                            from_iso(row["next_plan_at"]))

    def member(self, sprint_id: int, user_id: int) -> SprintMember | None:
        row = self._one("SELECT * FROM sprint_members WHERE sprint_id = ? AND user_id = ?",
                        [sprint_id, user_id])
        return self._member(row) if row else None

    def put_member(self, sprint_id: int, user_id: int, status: str, mode: str,
                   now: datetime) -> None:
        self.db.execute(
            "INSERT INTO sprint_members (sprint_id, user_id, status, mode, joined_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sprint_id, user_id) DO UPDATE SET"
            " status = excluded.status, mode = excluded.mode, left_at = NULL",
            [sprint_id, user_id, status, mode, iso(now)],
        )

    def update_member(self, sprint_id: int, user_id: int, **fields: Any) -> None:
        values = {k: iso(v) if isinstance(v, datetime) else v for k, v in fields.items()}
        cols = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE sprint_members SET {cols} WHERE sprint_id = ? AND user_id = ?",
                        [*values.values(), sprint_id, user_id])

    def members_of(self, sprint_id: int, statuses: tuple[str, ...] = ("active",)
                   ) -> list[SprintMember]:
        marks = ", ".join("?" for _ in statuses)
        return [self._member(r) for r in self.db.query(
            f"SELECT * FROM sprint_members WHERE sprint_id = ? AND status IN ({marks})"
            " ORDER BY joined_at, user_id", [sprint_id, *statuses])]

    def memberships(self, user_id: int, statuses: tuple[str, ...] = ("joining", "active")
                    ) -> list[SprintMember]:
        marks = ", ".join("?" for _ in statuses)
        return [self._member(r) for r in self.db.query(
            f"SELECT m.* FROM sprint_members m JOIN sprints s ON s.id = m.sprint_id"
            f" WHERE m.user_id = ? AND m.status IN ({marks}) AND s.status != 'ended'"
            " ORDER BY m.joined_at DESC", [user_id, *statuses])]

    def members_to_plan(self, now: datetime, limit: int) -> list[SprintMember]:
        return [self._member(r) for r in self.db.query(
            "SELECT * FROM sprint_members WHERE next_plan_at IS NOT NULL AND next_plan_at <= ?"
            " ORDER BY next_plan_at LIMIT ?", [iso(now), limit])]

    def pauses_own_programme(self, user_id: int, day: date) -> bool:
        """True while a sprint the user chose to pause their own programme for is running."""
        return self._one(
            "SELECT 1 AS x FROM sprint_members m JOIN sprints s ON s.id = m.sprint_id"
            " WHERE m.user_id = ? AND m.status = 'active' AND m.mode = 'pause_own'"
            " AND s.status = 'active' AND s.start_date <= ?",
            [user_id, day.isoformat()],
        ) is not None

    def sprint_answers(self, sprint_id: int, first: date, last: date) -> list[Answer]:
        return [self._answer(r) for r in self.db.query(
            "SELECT * FROM answers WHERE sprint_id = ? AND local_date BETWEEN ? AND ?"
            " ORDER BY local_date, id", [sprint_id, first.isoformat(), last.isoformat()])]

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
            self.db.execute("DELETE FROM feedback WHERE mentor_id = ? OR learner_id = ?",
                            [user_id, user_id])
            self.db.execute("DELETE FROM users WHERE id = ?", [user_id])
