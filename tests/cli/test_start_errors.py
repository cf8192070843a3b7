"""``coach run`` stops with one line, never a traceback and never the token, when the
token is wrong, Telegram cannot be reached, the base URL is malformed or the database
cannot be written; at DEBUG the token is masked in every log line and message texts stay
out unless LOG_MESSAGE_TEXTS allows them; the database is created 0600 in a 0700 folder."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import stat
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.emulator import BotApiEmulator
from tests.cli.test_cli import _env, _run

SECRET = "Geheim-antwoord-over-de-lasrobot"


def one_line(err: str) -> str:
    assert err.strip().count("\n") == 0, err
    assert "Traceback" not in err
    return err.strip()


async def test_wrong_token_stops_with_one_line_without_the_token(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        wrong = "999999:WRONG-secret-token-value"
        env = _env(tmp_path, TELEGRAM_BOT_TOKEN=wrong, TELEGRAM_BASE_URL=emu.base_url,
                   TELEGRAM_BASE_FILE_URL=emu.base_file_url, LOG_LEVEL="DEBUG")
        code, out, err = await _run(tmp_path, "run", env=env)
    assert code == 1
    lines = [line for line in err.splitlines() if "Telegram rejected the token" in line]
    assert lines, err
    assert "Traceback" not in err
    assert "WRONG-secret-token-value" not in err + out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_no_network_at_start_is_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN="1:abc",
               TELEGRAM_BASE_URL=f"http://127.0.0.1:{free_port()}/bot")
    code, _, err = await _run(tmp_path, "run", env=env)
    assert code == 1
    line = one_line(err)
    assert "Cannot reach Telegram" in line and "1:abc" not in line


@pytest.mark.parametrize("url", ["api.telegram.org/bot", "htp://x/bot", "https:///bot", "ftp://a/b"])
def test_malformed_base_url_names_the_setting(url: str) -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BASE_URL"):
        load_settings(telegram_base_url=url)


async def test_malformed_base_url_stops_coach_run_with_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN="1:abc", TELEGRAM_BASE_URL="api.telegram.org/bot")
    code, _, err = await _run(tmp_path, "run", env=env)
    assert code == 2
    assert "TELEGRAM_BASE_URL" in one_line(err)


async def test_unwritable_database_path_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        env = _env(tmp_path, TELEGRAM_BOT_TOKEN="1:abc",
                   DATABASE_PATH=str(locked / "sub" / "coach.db"))
        code, _, err = await _run(tmp_path, "run", env=env)
    finally:
        locked.chmod(0o700)
    assert code == 1
    assert "DATABASE_PATH" in one_line(err)


async def test_database_path_under_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = _env(tmp_path, TELEGRAM_BOT_TOKEN="1:abc", DATABASE_PATH=str(blocker / "coach.db"))
    code, _, err = await _run(tmp_path, "run", env=env)
    assert code == 1
    assert "DATABASE_PATH" in one_line(err)


def test_mask_and_text_filter_on_one_record() -> None:
    import logging

    from bot.logsafe import MaskingFormatter, NoMessageTexts

    record = logging.LogRecord("telegram.ext.ExtBot", logging.DEBUG, __file__, 1,
                               "Calling `sendMessage` at http://x/bot123456:SECRETPART with"
                               " parameters `%s`", ({"text": SECRET},), None)
    NoMessageTexts().filter(record)
    line = MaskingFormatter("%(message)s", ["123456:SECRETPART", "SECRETPART"]).format(record)
    assert SECRET not in line and "SECRETPART" not in line and "<token>" in line


async def test_database_is_private_and_debug_logs_mask_token_and_texts(tmp_path: Path) -> None:
    async with BotApiEmulator() as emu:
        env = _env(tmp_path, TELEGRAM_BOT_TOKEN=emu.token, TELEGRAM_BASE_URL=emu.base_url,
                   TELEGRAM_BASE_FILE_URL=emu.base_file_url, LOG_LEVEL="DEBUG",
                   TICK_SECONDS="1")
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        user = emu.user(1001, first_name="Sanne", language_code="nl")
        await user.send("/start")
        await user.next_message(timeout=30)
        await user.send(SECRET)
        await user.next_message(timeout=30)
        proc.send_signal(signal.SIGTERM)
        _, err_bytes = await asyncio.wait_for(proc.communicate(), 60)
    log = err_bytes.decode()
    assert "DEBUG" in log and "sendMessage" in log  # DEBUG really was on
    secret_part = emu.token.split(":")[1]
    assert emu.token not in log and secret_part not in log
    assert SECRET not in log and "Doe je mee" not in log
    db = tmp_path / "data" / "coach.db"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    for extra in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        if extra.exists():
            assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0
