"""Backups while the bot runs, restores that never replace a running bot's file, one bot per database."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

from bot.runlock import hold, in_use
from bot.store import Store
from tests.cli.test_cli import _env, _run

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def users(path: Path) -> list[str]:
    store = Store.open(path)
    try:
        return [r["first_name"] for r in store.db.query("SELECT first_name FROM users ORDER BY id")]
    finally:
        store.close()


async def test_backup_is_a_consistent_private_copy_taken_while_the_database_is_open(tmp_path: Path) -> None:
    env = _env(tmp_path)
    live = tmp_path / "data" / "coach.db"
    store = Store.open(live)  # the "running bot": an open connection in WAL mode
    for n in range(50):
        store.create_user(1000 + n, 1000 + n, f"Naam{n}", "nl", "Europe/Amsterdam", NOW)
    code, out, err = await _run(tmp_path, "backup", "backups/one.db", env=env)
    store.create_user(2000, 2000, "Later", "nl", "Europe/Amsterdam", NOW)
    store.close()
    assert code == 0, err
    copy = tmp_path / "backups" / "one.db"
    assert "Backup written" in out and copy.exists()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert users(copy) == [f"Naam{n}" for n in range(50)]  # everything up to then, nothing after


async def test_restore_refuses_a_running_bot_and_keeps_the_current_file(tmp_path: Path) -> None:
    env = _env(tmp_path)
    live = tmp_path / "data" / "coach.db"
    store = Store.open(live)
    store.create_user(1, 1, "Voor", "nl", "Europe/Amsterdam", NOW)
    store.close()
    assert (await _run(tmp_path, "backup", "b.db", env=env))[0] == 0
    store = Store.open(live)
    store.update_user(1, NOW, first_name="Na")
    store.close()
    with hold(live):  # as `coach run` holds it
        code, _, err = await _run(tmp_path, "restore", "b.db", env=env)
    assert code == 1 and "Stop the bot first" in err
    assert users(live) == ["Na"]
    code, out, err = await _run(tmp_path, "restore", "b.db", env=env)
    assert code == 0, err
    assert "Restored" in out and "kept as" in out
    assert users(live) == ["Voor"]
    kept = list((tmp_path / "data").glob("coach.db.before-restore-*"))
    assert len(kept) == 1 and users(kept[0]) == ["Na"]


async def test_restore_refuses_a_file_that_is_not_ours(tmp_path: Path) -> None:
    (tmp_path / "junk.db").write_bytes(b"not a database at all")
    code, _, err = await _run(tmp_path, "restore", "junk.db", env=_env(tmp_path))
    assert code == 1 and "not a healthy Werkplekcoach database" in err


async def test_a_second_coach_run_on_one_database_is_refused_in_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN="123:abc")
    live = tmp_path / "data" / "coach.db"
    with hold(live):
        assert in_use(live)
        code, _, err = await _run(tmp_path, "run", env=env)
    assert code == 1 and err.strip().count("\n") == 0
    assert "Not started" in err and "Only one bot may run" in err and "123:abc" not in err
    assert not in_use(live)  # released with the process that held it
