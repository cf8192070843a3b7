"""``coach stats``, ``coach announce`` and ``coach migrate --dry-run`` as an operator runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bot.store import Store
from tests.cli.test_cli import _env, _run

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def seed(path: Path, learners: int, programme: str = "starter") -> Store:
    store = Store.open(path)
    for n in range(learners):
        store.create_user(1001 + n, 1001 + n, f"Naam{n}", "nl", "Europe/Amsterdam", NOW)
        store.update_user(1001 + n, NOW, onboarded_at=NOW, programme_id=programme, state="ready")
        store.ensure_progress(1001 + n, programme, NOW)
    return store


async def test_stats_as_json_and_csv_hold_no_person(tmp_path: Path) -> None:
    env = _env(tmp_path)
    seed(tmp_path / "data" / "coach.db", 6).close()
    code, out, err = await _run(tmp_path, "stats", "--json", env=env)
    assert code == 0, err
    data = json.loads(out)
    assert data["learners_active"] == {"value": 6}
    assert data["learners_paused"] == {"value": None}  # 0 people: under 5, withheld
    assert len(data["days"]) == 28 and data["busiest_at"] == "16:00"
    assert "Naam" not in out and "1001" not in out
    code, out, _ = await _run(tmp_path, "stats", "--csv", env=env)
    lines = out.strip().splitlines()
    assert lines[0] == "date,sent,answered" and len(lines) == 29
    code, out, _ = await _run(tmp_path, "stats", env=env)
    assert "Learners: 6 active" in out and "Per day" in out


async def test_announce_dry_run_sends_nothing_and_yes_queues_once_per_person(tmp_path: Path) -> None:
    env = _env(tmp_path)
    db = tmp_path / "data" / "coach.db"
    seed(db, 3).close()
    code, out, err = await _run(tmp_path, "announce", "Kantine <dicht>", "--dry-run", env=env)
    assert code == 0, err
    assert "📣 Kantine <dicht>" in out and "Recipients: 3" in out and "nothing sent" in out
    store = Store.open(db)
    assert store.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    store.close()
    code, out, err = await _run(tmp_path, "announce", "Kantine <dicht>", env=env)
    assert code == 1 and "--yes" in err  # no TTY and no --yes: not confirmed, nothing sent
    code, out, err = await _run(tmp_path, "announce", "Kantine <dicht>", "--yes", env=env)
    assert code == 0, err
    assert "Queued for 3 people" in out
    store = Store.open(db)
    rows = list(store.db.query("SELECT user_id, text, status FROM outbox WHERE kind = 'announcement'"))
    assert sorted(r["user_id"] for r in rows) == [1001, 1002, 1003]
    assert {r["text"] for r in rows} == {"📣 Kantine &lt;dicht&gt;"}
    assert store.queue_announcement(1, "again", NOW) is None  # a second confirm queues nothing
    store.close()


async def test_migrate_dry_run_lists_what_would_change(tmp_path: Path) -> None:
    env = _env(tmp_path)
    code, out, _ = await _run(tmp_path, "migrate", "--dry-run", env=env)
    assert code == 0 and "m001_foundation" in out and "would run" in out
    await _run(tmp_path, "migrate", env=env)
    code, out, _ = await _run(tmp_path, "migrate", "--dry-run", env=env)
    assert "0 migration(s) would run (schema up to date)" in out
