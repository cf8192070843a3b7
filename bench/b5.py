"""B5 start: ``coach run`` to its first getUpdates, and its RSS, against a bare echo bot."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, TOKEN, Emulator, Report, median

ECHO = """
import sys
from telegram.ext import ApplicationBuilder, MessageHandler, filters
async def echo(update, context):
    await update.message.reply_text(update.message.text)
app = ApplicationBuilder().token(sys.argv[1]).base_url(sys.argv[2]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling()
"""


async def _start(emu: Emulator, command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch to the first getUpdates, and RSS (MB) a second after that."""
    await emu.reset()
    started = time.time()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while (first := (await emu.stats())["first_get_updates"]) is None:
            if time.time() - started > 30:
                raise RuntimeError(f"{command[:3]} did not poll within 30 s")
            await asyncio.sleep(0.01)
        await asyncio.sleep(1.0)
        rss = _rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return first - started, rss


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run(report: Report, quick: bool) -> None:
    emu = Emulator()
    runs = 2 if quick else 3
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN,
                   "TELEGRAM_BASE_URL": emu.base_url, "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
                   "DATABASE_PATH": str(Path(tmp) / "b5.db"), "LOG_LEVEL": "WARNING"}
            coach = [sys.executable, "-m", "bot", "run"]
            echo = [sys.executable, "-c", ECHO, TOKEN, emu.base_url]
            c = [await _start(emu, coach, env) for _ in range(runs)]
            e = [await _start(emu, echo, env) for _ in range(runs)]
    finally:
        await emu.close()
    report.add("B5", "start: launch to first getUpdates", median([x[0] for x in c]), "s",
               median([x[0] for x in e]), "echo bot", target="ratio <= 1.5")
    report.add("B5", "RSS after start (idle)", median([x[1] for x in c]), "MB",
               median([x[1] for x in e]), "echo bot", target="ratio <= 1.3")
