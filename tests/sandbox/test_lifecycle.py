"""The sandbox process: a restart keeps the chats, Start over erases, Ctrl-C stops it all."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from datetime import timedelta
from pathlib import Path

from aiohttp import ClientSession
from aiohttp.test_utils import TestClient, TestServer

from bot.sandbox.runner import Sandbox
from bot.sandbox.web import make_app
from tests.e2e.harness import PROGRAMMES

from .conftest import MONDAY_8_AMS


async def test_restart_keeps_chats_clock_and_personas_then_reset_erases(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    sb = Sandbox(db, PROGRAMMES, start=MONDAY_8_AMS)
    await sb.open()
    await sb.send("sanne", "/start")
    sb.add_persona("Chris", "en", "America/New_York")
    await sb.jump("sanne", "week")
    await sb.close()

    again = Sandbox(db, PROGRAMMES)  # no start: the saved clock wins
    await again.open()
    try:
        assert again.clock() == MONDAY_8_AMS + timedelta(days=7)
        assert [p.name for p in again.state.personas][-1] == "Chris"
        assert any("Doe je mee?" in (m.get("text") or "") for m in again.messages(1001))
        # New updates get new ids: the bot (which remembers the old ones) still answers.
        await again.send("sanne", "/help")
        assert "/help" in again.messages(1001)[-2]["text"]
        assert again.sim("sanne").last.message_id == again.messages(1001)[-1]["message_id"]
        assert len(again.messages(1001)) == 4
        # The mydata export arrives as a file to download.
        await again.send("sanne", "/mijngegevens")
        async with TestClient(TestServer(make_app(again))) as client:
            await client.post("/p/sanne/press", data={
                "message_id": str(again.sim("sanne").last.message_id), "data": "my:export"},
                headers={"X-Requested-With": "fetch"})
            html = await (await client.get("/p/sanne")).text()
            link = re.search(r'📄 <a href="(/file/[^"?]+)\?download=1" download="([^"]+)">', html)
            assert link, html[-2000:]
            got = await client.get(link[1] + "?download=1")
            assert got.status == 200 and b"{" in await got.read()
            assert "attachment" in got.headers["Content-Disposition"]

            await client.post("/reset")
        assert again.messages(1001) == [] and len(again.state.personas) == 3
        assert again.clock() != MONDAY_8_AMS + timedelta(days=7)
    finally:
        await again.close()


async def test_coach_sandbox_prints_its_address_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "DATABASE_PATH")}
    env["DATABASE_PATH"] = str(tmp_path / "live.db")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--port", "0", "--db", str(tmp_path / "sb.db"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        async with ClientSession() as http, http.get(found[0] + "p/joost") as page:
            assert page.status == 200 and "Joost" in await page.text()
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode == 0, err.decode()
        assert "Traceback" not in err.decode()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert not (tmp_path / "live.db").exists()  # never the live database
