"""``coach`` as an operator runs it: clear one-line errors, and a real run that stops cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.emulator import BotApiEmulator


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("TELEGRAM_BOT_TOKEN", "DATABASE_PATH", "TELEGRAM_BASE_URL")}
    env.update({"DATABASE_PATH": str(tmp_path / "data" / "coach.db"), **extra})
    return env


async def _run(tmp_path: Path, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_run_without_token_says_so_in_one_line(tmp_path: Path) -> None:
    code, _, err = await _run(tmp_path, "run", env=_env(tmp_path))
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in err and ".env.example" in err
    assert "coach sandbox" in err  # and how to try it without a token


async def test_invalid_setting_names_the_setting_without_traceback(tmp_path: Path) -> None:
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN="1:x", DEFAULT_TIMEZONE="Mars/Olympus")
    code, _, err = await _run(tmp_path, "run", env=env)
    assert code == 2
    assert err.strip() == (
        "Invalid setting DEFAULT_TIMEZONE: unknown time zone 'Mars/Olympus' "
        "(example: Europe/Amsterdam) (see .env.example)"
    )


async def test_migrate_creates_database_and_folder(tmp_path: Path) -> None:
    code, out, _ = await _run(tmp_path, "migrate", env=_env(tmp_path))
    assert code == 0 and "m001_foundation" in out
    assert (tmp_path / "data" / "coach.db").exists()


async def test_run_polls_answers_and_stops_gracefully_on_sigterm(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        env = _env(tmp_path, TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_BASE_URL=emu.base_url,
                   TELEGRAM_BASE_FILE_URL=emu.base_file_url, LOG_LEVEL="INFO")
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        try:
            await emu.wait_polling(timeout=30)
            user = emu.user(42, first_name="Mo")
            await user.send("/start")
            welcome = await user.next_message(timeout=30)
            assert "Doe je mee?" in welcome.text
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(proc.communicate(), 60)
        log = err.decode()
        assert proc.returncode == 0, log
        assert "stopped" in log
        assert emu.token not in log and emu.token.split(":")[1] not in log
        assert "Doe je mee" not in log  # no message texts at INFO
