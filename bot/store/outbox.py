"""Every message the bot sends: planned, claimed, sent, retried or expired."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Required, TypedDict, Unpack

from bot.core.records import OutboxItem, Outgoing
from bot.store.base import StoreBase
from bot.store.rows import buttons_json, iso, to_outbox


class NewRow(TypedDict, total=False):
    """A message to record: what ``enqueue`` takes (``message`` is its text and buttons)."""

    chat_id: Required[int]
    user_id: Required[int | None]
    kind: Required[str]
    message: Required[Outgoing]
    due_at: Required[datetime]
    now: Required[datetime]
    dedupe_key: str | None
    expires_at: datetime | None
    programme_id: str | None
    prompt_id: str | None
    local_date: date | None
    reply_to: int | None
    payload: dict[str, Any] | None
    status: str
    claimed_by: str | None
    sprint_id: int | None


BODY_NOT_KEPT = ("link", "erased")  # kinds whose text is dropped once delivered


class OutboxStore(StoreBase):
    """The outbox: a row per message before it is sent, so nothing is lost or sent twice."""

    def enqueue(self, **row: Unpack[NewRow]) -> int | None:
        """Record a message before it is sent. None when ``dedupe_key`` already exists."""
        stored = self._insert(row, returning="id")
        return None if stored is None else int(stored["id"])

    def enqueue_item(self, **row: Unpack[NewRow]) -> OutboxItem | None:
        """``enqueue``, returning the row as stored: one statement, no read-back (a
        reply's row is recorded and sent at once, on every answer)."""
        stored = self._insert(row, returning="*")
        return None if stored is None else to_outbox(stored)

    def _insert(self, row: NewRow, returning: str) -> dict[str, Any] | None:
        status, claimed_by = row.get("status", "pending"), row.get("claimed_by")
        expires_at, day, payload = row.get("expires_at"), row.get("local_date"), row.get("payload")
        found = list(self.db.query(
            "INSERT OR IGNORE INTO outbox (chat_id, user_id, kind, dedupe_key, programme_id,"
            " prompt_id, local_date, text, buttons, reply_to, payload, status, due_at,"
            " send_after, expires_at, claimed_by, claimed_at, attempts, created_at, sprint_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            f" RETURNING {returning}",
            [
                row["chat_id"], row["user_id"], row["kind"], row.get("dedupe_key"),
                row.get("programme_id"), row.get("prompt_id"), day.isoformat() if day else None,
                row["message"].text, buttons_json(row["message"].buttons), row.get("reply_to"),
                json.dumps(payload) if payload else None, status, iso(row["due_at"]),
                iso(row["due_at"]), iso(expires_at) if expires_at else None, claimed_by,
                iso(row["now"]) if claimed_by else None, 1 if status == "sending" else 0,
                iso(row["now"]), row.get("sprint_id"),
            ],
        ))
        return found[0] if found else None

    def set_message(self, outbox_id: int, message: Outgoing) -> None:
        """Fill in the rendered text once the row id (used in button data) is known."""
        self.db.execute(
            "UPDATE outbox SET text = ?, buttons = ? WHERE id = ?",
            [message.text, buttons_json(message.buttons), outbox_id],
        )

    def get_outbox(self, outbox_id: int) -> OutboxItem | None:
        row = self._one("SELECT * FROM outbox WHERE id = ?", [outbox_id])
        return to_outbox(row) if row else None

    def claim_due(self, now: datetime, worker: str, limit: int) -> list[OutboxItem]:
        """Atomically move due rows to ``sending`` for this worker.

        One UPDATE … RETURNING under SQLite's write lock: a second dispatcher (another
        process) can never claim the same row.
        """
        rows = self.db.execute(
            "UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_at = ?,"
            " attempts = attempts + 1"
            " WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'retry')"
            " AND send_after <= ? ORDER BY send_after, id LIMIT ?)"
            " AND status IN ('pending', 'retry')"
            " RETURNING *",
            [worker, iso(now), iso(now), limit],
        )
        cols = [c[0] for c in rows.description]
        return sorted((to_outbox(dict(zip(cols, r, strict=True))) for r in rows.fetchall()),
                      key=lambda item: (item.due_at or now, item.id))

    def mark_sent(self, outbox_id: int, message_id: int, now: datetime) -> None:
        """Record delivery; a delivered daily prompt moves the learner's progress on.

        Progress moves on delivery, not on planning, so an expired prompt is asked
        again on the next work day instead of being skipped. A message that carries a
        secret (a link token) or names someone who erased their data keeps no body once
        it is delivered (kinds in ``BODY_NOT_KEPT``).
        """
        self.mark_sent_many([(outbox_id, message_id, now)])

    def mark_sent_many(self, marks: Sequence[tuple[int, int, datetime]]) -> None:
        """``mark_sent`` for a batch (outbox id, message id, when): two statements for the
        whole batch, since one is written after every few sends."""
        secret = f"kind IN ({', '.join('?' for _ in BODY_NOT_KEPT)})"
        with self.db.atomic():
            self.db.conn.executemany(
                "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, error = NULL,"
                f" claimed_by = NULL, text = CASE WHEN {secret} THEN '' ELSE text END,"
                f" buttons = CASE WHEN {secret} THEN NULL ELSE buttons END WHERE id = ?",
                [[message_id, iso(now), *BODY_NOT_KEPT, *BODY_NOT_KEPT, outbox_id]
                 for outbox_id, message_id, now in marks],
            )
            self.db.conn.executemany(
                "UPDATE progress SET updated_at = ?, position = max(position,"
                " (SELECT json_extract(o.payload, '$.position') + 1 FROM outbox o WHERE o.id = ?))"
                " WHERE (user_id, programme_id) = (SELECT user_id, programme_id FROM outbox"
                " WHERE id = ? AND kind = 'prompt' AND payload IS NOT NULL)",
                [[iso(now), outbox_id, outbox_id] for outbox_id, _, now in marks],
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

    def renew_claims(self, worker: str, now: datetime) -> int:
        """Renew this worker's leases: its rows in flight are not a dead process's."""
        cursor = self.db.execute(
            "UPDATE outbox SET claimed_at = ? WHERE status = 'sending' AND claimed_by = ?",
            [iso(now), worker],
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
        return to_outbox(row) if row else None

    def prompt_on(self, user_id: int, day: date, kind: str = "prompt") -> OutboxItem | None:
        """The day's (latest) delivered or planned prompt of this user."""
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind = ? AND local_date = ?"
            " AND status NOT IN ('cancelled') ORDER BY id DESC LIMIT 1",
            [user_id, kind, day.isoformat()],
        )
        return to_outbox(row) if row else None

    def last_sent_prompt_on(self, user_id: int, day: date) -> OutboxItem | None:
        """The most recently delivered prompt of the day, own or sprint, or the look-back
        that followed it: what a plain message answers when it replies to nothing."""
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind IN ('prompt', 'sprint_prompt',"
            " 'spaced')"
            " AND local_date = ? AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1",
            [user_id, day.isoformat()],
        )
        return to_outbox(row) if row else None

    def latest_prompt_sent(self, user_id: int, kind: str = "prompt",
                           sprint_id: int | None = None) -> OutboxItem | None:
        row = self._one(
            "SELECT * FROM outbox WHERE user_id = ? AND kind = ? AND status = 'sent'"
            " AND sprint_id IS ? ORDER BY sent_at DESC, id DESC LIMIT 1",
            [user_id, kind, sprint_id],
        )
        return to_outbox(row) if row else None

    def outbox_counts(self) -> dict[str, int]:
        return {
            r["status"]: r["n"]
            for r in self.db.query("SELECT status, count(*) AS n FROM outbox GROUP BY status")
        }

    def outbox_for(self, user_id: int) -> list[OutboxItem]:
        return [
            to_outbox(r)
            for r in self.db.query("SELECT * FROM outbox WHERE user_id = ? ORDER BY id", [user_id])
        ]
