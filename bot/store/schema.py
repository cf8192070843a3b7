"""The schema as numbered migrations, and how every connection is opened."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from bot.store.base import LeanDatabase
from bot.store.guard import SharedConnection

migrations = Migrations("werkplekcoach")


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


def private_file(path: Path) -> None:
    """Create missing folders 0700 and the database file 0600 before SQLite opens it
    (SQLite gives its -wal and -shm files the database file's permissions)."""
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def connect(path: Path) -> Database:
    if str(path) != ":memory:":
        private_file(path)
    conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None,
                           check_same_thread=False, factory=SharedConnection)
    db = LeanDatabase(conn)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")  # erased text is overwritten, not left in free pages
    db.execute("PRAGMA busy_timeout = 10000")
    if str(path) != ":memory:":
        db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    return db


def file_check(conn: sqlite3.Connection) -> tuple[set[str], bool]:
    """The tables of a database file and whether SQLite finds it whole (for restores)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return tables, conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
