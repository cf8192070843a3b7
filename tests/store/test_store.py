"""The store on a real SQLite file: schema, pragmas, idempotence, and tick-cheap queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.records import Outgoing
from bot.store import Store, iso, migrations

NOW = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "nested" / "coach.db")
    yield s  # type: ignore[misc]
    s.close()


def test_open_creates_folder_wal_foreign_keys_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "coach.db"
    first = Store.open(path)
    first.close()
    again = Store.open(path)
    assert path.exists()
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert again.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    applied = [m.name for m in migrations.applied(again.db)]
    assert applied[:4] == ["m001_foundation", "m002_mentors", "m003_sprints", "m004_housekeeping"]
    assert "m011_inbox" in applied
    assert not migrations.pending(again.db), "every migration applied once, none left"
    assert len(applied) == len(set(applied))
    assert {"users", "progress", "outbox", "answers", "answer_media",
            "inbox", "answer_parts"} <= set(again.db.table_names())
    again.close()


def _plan(store: Store, sql: str, params: list[object]) -> str:
    rows = store.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return " | ".join(str(r[-1]) for r in rows)


def test_tick_queries_use_indexes_not_full_scans(store: Store) -> None:
    """A tick must stay cheap with 100,000 learners: no full-table scan per tick."""
    now = iso(NOW)
    plans = {
        "plan": _plan(store, "SELECT * FROM users WHERE next_plan_at IS NOT NULL AND "
                      "next_plan_at <= ? ORDER BY next_plan_at LIMIT 500", [now]),
        "claim": _plan(store, "SELECT id FROM outbox WHERE status IN ('pending', 'retry') AND "
                       "send_after <= ? ORDER BY send_after LIMIT 30", [now]),
        "expire": _plan(store, "UPDATE outbox SET status = 'expired' WHERE status IN "
                        "('pending', 'retry') AND expires_at IS NOT NULL AND expires_at <= ?",
                        [now]),
        "stale": _plan(store, "UPDATE outbox SET status = 'retry' WHERE status = 'sending' "
                       "AND claimed_at <= ?", [now]),
        "reply": _plan(store, "SELECT * FROM outbox WHERE chat_id = ? AND message_id = ?",
                       [1, 2]),
    }
    for name, plan in plans.items():
        assert "USING" in plan and "SCAN users" not in plan and "SCAN outbox" not in plan, (
            name, plan)


def test_enqueue_is_idempotent_per_dedupe_key(store: Store) -> None:
    store.create_user(1, 1, "A", "nl", "Europe/Amsterdam", NOW)
    first = store.enqueue(chat_id=1, user_id=1, kind="prompt", message=Outgoing("x"),
                          due_at=NOW, now=NOW, dedupe_key="prompt:1:2026-11-30")
    second = store.enqueue(chat_id=1, user_id=1, kind="prompt", message=Outgoing("y"),
                           due_at=NOW, now=NOW, dedupe_key="prompt:1:2026-11-30")
    assert first is not None and second is None
    assert [r["text"] for r in store.db.query("SELECT text FROM outbox")] == ["x"]


def test_claim_is_exclusive_and_expiry_wins_over_late_sending(store: Store) -> None:
    store.create_user(1, 1, "A", "nl", "Europe/Amsterdam", NOW)
    store.enqueue(chat_id=1, user_id=1, kind="prompt", message=Outgoing("x"), due_at=NOW,
                  now=NOW, expires_at=NOW + timedelta(hours=7))
    assert len(store.claim_due(NOW, "a", 10)) == 1
    assert store.claim_due(NOW, "b", 10) == []
    assert store.release_claims("a") == 1
    assert store.expire_due(NOW + timedelta(hours=8)) == 1
    assert store.claim_due(NOW + timedelta(hours=8), "b", 10) == []


def test_erase_removes_everything_of_the_user_only(store: Store) -> None:
    for uid in (1, 2):
        store.create_user(uid, uid, "A", "nl", "Europe/Amsterdam", NOW)
        store.ensure_progress(uid, "starter", NOW)
        oid = store.enqueue(chat_id=uid, user_id=uid, kind="prompt", message=Outgoing("x"),
                            due_at=NOW, now=NOW, local_date=NOW.date())
        item = store.get_outbox(oid or 0)
        assert item is not None
        answer = store.save_answer(item, uid, "open", NOW, text="geheim")
        store.add_media(answer.id, "voice", "f", None, None, NOW)
    store.erase_user(1)
    export = store.export_user(1)
    assert all(not rows for rows in export.values())
    assert len(store.export_user(2)["answers"]) == 1
    assert len(store.export_user(2)["answer_media"]) == 1


def test_old_update_ids_are_forgotten_and_a_migrated_group_is_followed(store: Store) -> None:
    assert store.receive_update(1, None, "message", {}, NOW - timedelta(days=8)) == "new"
    store.finish_update(1)
    assert store.receive_update(2, None, "message", {}, NOW) == "new"
    store.finish_update(2)
    assert store.receive_update(2, None, "message", {}, NOW) == "duplicate"
    assert store.receive_update(3, None, "message", {"x": 1}, NOW) == "new"
    assert store.receive_update(3, None, "message", {"x": 1}, NOW) == "again"  # not finished
    assert store.receive_update(4, None, "message", {"text": "doorgestuurd"},
                                NOW - timedelta(days=8)) == "new"
    store.hold_update(4)  # a forward nobody decided about
    assert store.forget_updates_before(NOW - timedelta(days=7)) == 2
    assert store.inbox_status(4) is None
    assert store.receive_update(1, None, "message", {}, NOW) == "new"  # a week-old id is new again

    store.create_user(9, 9, "Lead", "nl", "Europe/Amsterdam", NOW)
    sprint = store.create_sprint_draft(9, "Lijn 3", "Europe/Amsterdam", NOW)
    store.set_group(sprint.team_id, -100)
    oid = store.enqueue(chat_id=-100, user_id=None, kind="group_post", message=Outgoing("x"),
                        due_at=NOW, now=NOW)
    store.move_group(-100, -1009)
    moved = store.get_sprint(sprint.id)
    assert moved is not None and moved.group_chat_id == -1009
    item = store.get_outbox(oid or 0)
    assert item is not None and item.chat_id == -1009
    assert store.forget_group(-1009) == 1
    gone = store.get_sprint(sprint.id)
    assert gone is not None and gone.group_chat_id is None
