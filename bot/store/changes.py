"""Schema changes after the first four migrations, one per feature, applied in this order.

They live apart from ``schema.py`` so that neither file grows past a screenful of
reading; ``bot.store`` imports this module so every change is registered before
``Store.open`` applies them. Append new migrations at the end.
"""

from __future__ import annotations

import hashlib

from sqlite_utils import Database

from bot.store.schema import migrations


@migrations()
def m011_inbox(db: Database) -> None:
    """Incoming updates are kept until their effect is stored; answers remember the
    messages they came from, so an edit finds its answer and a replay adds nothing twice.

    ``inbox`` replaces ``processed_updates`` for deduplication: a row is ``new`` while
    its handler runs, ``done`` once it ran (the payload is then dropped: only the id is
    kept, for a week), ``failed`` when it should be tried again, ``held`` while the
    learner decides about a forwarded message.
    """
    db.execute(
        """
        CREATE TABLE inbox (
            update_id INTEGER PRIMARY KEY,
            user_id INTEGER,
            kind TEXT NOT NULL,                -- message, callback_query, edited_message, ...
            payload TEXT,                      -- the update's JSON until it is done
            status TEXT NOT NULL DEFAULT 'new',  -- new | done | failed | held | dropped
            attempts INTEGER NOT NULL DEFAULT 1,
            error TEXT,
            received_at TEXT NOT NULL,
            retry_at TEXT                      -- when to try again; for 'new': when it started
        )
        """
    )
    db.execute("CREATE INDEX inbox_received ON inbox(received_at)")
    db.execute("CREATE INDEX inbox_open ON inbox(retry_at) WHERE status IN ('new', 'failed')")
    db.execute("CREATE INDEX inbox_user ON inbox(user_id)")
    db.execute(
        """
        CREATE TABLE answer_parts (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,       -- the learner's message this text came from
            text TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (chat_id, message_id)
        )
        """
    )
    db.execute("CREATE INDEX answer_parts_answer ON answer_parts(answer_id)")


@migrations()
def m008_operations(db: Database) -> None:
    """Announcements sent through the outbox, and a one-row table the health check writes."""
    db.execute(
        """
        CREATE TABLE announcements (
            id INTEGER PRIMARY KEY,
            author_id INTEGER,                 -- the admin; no foreign key: admins need no account
            audience TEXT NOT NULL,            -- 'all' or 'programme:<id>'
            text TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft',  -- draft, queued, done, cancelled
            queued INTEGER NOT NULL DEFAULT 0, -- recipients at the moment it was confirmed
            created_at TEXT NOT NULL,
            queued_at TEXT,
            done_at TEXT
        )
        """
    )
    db.execute("CREATE TABLE health (id INTEGER PRIMARY KEY, at TEXT NOT NULL)")
    db.execute("ALTER TABLE outbox ADD COLUMN announcement_id INTEGER")
    db.execute(
        "CREATE INDEX outbox_announcement ON outbox(announcement_id, status)"
        " WHERE announcement_id IS NOT NULL"
    )


def token_hash(token: str) -> str:
    """What is stored of a link token: its SHA-256, so a copy of the database opens no link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@migrations()
def m005_trust_privacy(db: Database) -> None:
    """Older weeks a learner shares with a mentor, hashed link tokens, the erase nonce,
    and indexes so the retention sweep in the tick touches only rows that are due."""
    db.execute(
        """
        CREATE TABLE link_shared_weeks (
            link_id INTEGER NOT NULL REFERENCES mentor_links(id) ON DELETE CASCADE,
            week_start TEXT NOT NULL,          -- Monday of a week from before the link
            created_at TEXT NOT NULL,
            PRIMARY KEY (link_id, week_start)
        )
        """
    )
    # Tokens in deep links are kept only as SHA-256 from now on (invitations.token and
    # sprints.join_token hold the hash): hash the ones already there.
    for row in list(db.query("SELECT token FROM invitations")):
        db.execute("UPDATE invitations SET token = ? WHERE token = ?",
                   [token_hash(row["token"]), row["token"]])
    for row in list(db.query("SELECT id, join_token FROM sprints WHERE join_token IS NOT NULL")):
        db.execute("UPDATE sprints SET join_token = ? WHERE id = ?",
                   [token_hash(row["join_token"]), row["id"]])
    db.execute("ALTER TABLE users ADD COLUMN erase_nonce TEXT")
    db.execute("ALTER TABLE users ADD COLUMN erase_nonce_until TEXT")
    db.execute("CREATE INDEX answers_created ON answers(created_at)")
    db.execute("CREATE INDEX outbox_body_kept ON outbox(created_at) WHERE text != ''")
    db.execute("CREATE INDEX feedback_created ON feedback(created_at)")
@migrations()
def m012_mentor_week(db: Database) -> None:
    """The last day each mentor's digest covered (so a moved digest day covers the days
    since), and how long a voice note is (the mentor sees "voice note (0:42)")."""
    db.execute(
        """
        CREATE TABLE mentor_weeks (
            mentor_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            covered_until TEXT NOT NULL,       -- local date: the last day of the last digest
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("ALTER TABLE answer_media ADD COLUMN duration INTEGER")


@migrations()
def m013_team(db: Database) -> None:
    """A sprint's week report waits for its members' last prompts of the week: find a
    sprint's prompts by day without reading the whole outbox."""
    db.execute(
        "CREATE INDEX outbox_sprint ON outbox(sprint_id, local_date) WHERE sprint_id IS NOT NULL"
    )


@migrations()
def m006_shifts(db: Database) -> None:
    """Rotating shifts (a JSON plan per user), one reminder per prompt, pausing itself."""
    db.execute("ALTER TABLE users ADD COLUMN shifts TEXT")
    db.execute("ALTER TABLE users ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE users ADD COLUMN auto_paused_at TEXT")


@migrations()
def m007_goals(db: Database) -> None:
    """Learning goals (kept when finished or replaced: the history is the portfolio),
    a mentor's reactions to them, and which goal an answer belongs to."""
    db.execute(
        """
        CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            sign TEXT,                         -- how the learner will notice progress
            status TEXT NOT NULL DEFAULT 'draft',  -- draft | active | done | replaced
            replaces INTEGER REFERENCES goals(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            finished_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX goals_user ON goals(user_id, status)")
    db.execute(
        """
        CREATE TABLE goal_notes (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX goal_notes_goal ON goal_notes(goal_id)")
    db.execute("CREATE INDEX goal_notes_author ON goal_notes(author_id)")
    db.execute(
        """
        CREATE TABLE answer_goals (
            answer_id INTEGER PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
            goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX answer_goals_goal ON answer_goals(goal_id)")


@migrations()
def m015_nudges(db: Database) -> None:
    """Sent prompts by time, so the one reminder per open prompt is found by an index; and
    the moment a learner came back, from which silent prompts are counted again."""
    db.execute("ALTER TABLE users ADD COLUMN silence_reset_at TEXT")
    db.execute(
        "CREATE INDEX outbox_sent_prompts ON outbox(sent_at) WHERE kind = 'prompt' AND status = 'sent'"
    )


@migrations()
def m017_portfolio(db: Database) -> None:
    """Consent codes a learner gives their school or HR, so an operator can make their
    portfolio on the server: only the SHA-256 is kept (a copy of the database opens
    nothing), single use, short-lived and revocable; gone with the learner's account."""
    db.execute(
        """
        CREATE TABLE portfolio_tokens (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,        -- SHA-256 of the code the learner was shown
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            private INTEGER NOT NULL DEFAULT 0,  -- the learner allowed private answers
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            revoked_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX portfolio_tokens_user ON portfolio_tokens(user_id)")


@migrations()
def m016_spaced(db: Database) -> None:
    """A reply to an earlier reflection brought back (spaced return) points at that
    answer, so the summary and the portfolio can show the two together. Which answer came
    back when is in the return's outbox payload; erasing the original keeps the reply."""
    db.execute(
        "ALTER TABLE answers ADD COLUMN returns_to INTEGER REFERENCES answers(id) ON DELETE SET NULL"
    )
    db.execute(
        "CREATE INDEX answers_returns_to ON answers(returns_to) WHERE returns_to IS NOT NULL"
    )
