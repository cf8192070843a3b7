"""``coach backup`` next to a real ``coach run``: a consistent, private copy of what the
running bot just stored; ``coach restore`` refuses while it runs and works once it stopped,
leaving every file it writes readable by its owner only."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import stat
import sys
from pathlib import Path

from bot.emulator import BotApiEmulator
from tests.cli.test_cli import _env, _run


def names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT first_name FROM users ORDER BY id")]


async def test_backup_while_coach_run_runs_and_restore_only_after_it_stopped(
        tmp_path: Path) -> None:
    live = tmp_path / "data" / "coach.db"
    copy = tmp_path / "backups" / "copy.db"
    async with BotApiEmulator() as emu:
        env = _env(tmp_path, TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_BASE_URL=emu.base_url,
                   TELEGRAM_BASE_FILE_URL=emu.base_file_url)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await emu.wait_polling(timeout=30)
            user = emu.user(42, first_name="Mo")
            await user.send("/start")
            await user.next_message(timeout=30)
            code, _, err = await _run(tmp_path, "backup", str(copy), env=env)
            assert code == 0, err
            assert names(copy) == ["Mo"]  # what the running bot just stored
            assert stat.S_IMODE(copy.stat().st_mode) == 0o600
            code, _, err = await _run(tmp_path, "restore", str(copy), env=env)
            assert code == 1 and "Not restored" in err and "Traceback" not in err
        finally:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0
    code, _, err = await _run(tmp_path, "restore", str(copy), env=env)
    assert code == 0, err
    assert names(live) == ["Mo"]
    kept = list(live.parent.glob("coach.db.before-restore-*"))
    assert len(kept) == 1
    for path in (live, kept[0]):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
