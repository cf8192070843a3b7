"""B2 broadcast: N prompts due at once, sent and recorded; against a bare PTB send loop."""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.b1 import coach_app
from bench.common import (
    TOKEN,
    Emulator,
    Report,
    cpu_timer,
    has_setting,
    running,
    seed_due_prompts,
    seed_learners,
)

LATENCY = (0.05, 0.15)  # Telegram's answer time as seen from a server in Europe
FIRST = 200_001


async def run(report: Report, quick: bool) -> None:
    total, window = (1000, 6.0) if quick else (10_000, 20.0)
    ids = list(range(FIRST, FIRST + total))
    emu = Emulator()
    try:
        await emu.post("/users", {"ids": ids})
        base = await _send_loop(emu, ids)
        coach = await _coach(emu, ids, lifted=True)
        report.add("B2", f"broadcast {total} prompts, limiter lifted", coach["rate"], "msg/s",
                   base["rate"], "bare send loop", target=">= 1000 msg/s",
                   lost=coach["lost"], doubled=coach["doubled"], unsent_rows=coach["unsent"])
        report.add("B2", "bot CPU per message", coach["cpu_ms"], "ms", base["cpu_ms"],
                   "bare send loop")
        report.add("B2", "lost / doubled chats (limiter lifted)", coach["lost"] + coach["doubled"],
                   "chats", target="0")
        report.add("B2", "emulator CPU during coach run", coach["emu_cpu"], "cores")
        if has_setting("telegram_http_client"):
            httpx = await _coach(emu, ids, lifted=True, telegram_http_client="httpx")
            report.add("B2", "  the same over PTB's httpx client", httpx["rate"], "msg/s",
                       base["rate"], "bare send loop")
            report.add("B2", "  bot CPU per message, aiohttp ÷ httpx", coach["cpu_ms"], "ms",
                       httpx["cpu_ms"], "httpx")
        shipped = await _coach(emu, ids, lifted=False, window=window)
        report.add("B2", f"broadcast at the default rate ({window:.0f} s window)",
                   shipped["rate"], "msg/s", target=">= 29 msg/s, <= 30")
    finally:
        await emu.close()


async def _send_loop(emu: Emulator, ids: list[int]) -> dict[str, float]:
    """The baseline: PTB's default ApplicationBuilder bot, sends in parallel, no storage."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.ext import ApplicationBuilder

    await emu.reset(LATENCY)
    app = (ApplicationBuilder().token(TOKEN).base_url(emu.base_url)
           .base_file_url(emu.base_file_url).build())
    text = "<b>Dag 2</b>\nWat heb je vandaag geleerd van een collega?"
    gate = asyncio.Semaphore(256)  # PTB's default connection pool for the app's bot

    async def one(chat: int) -> None:
        async with gate:
            await app.bot.send_message(
                chat, text, parse_mode="HTML",
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("Overslaan", callback_data=f"a:{chat}:skip")]]))

    async with running(app, poll=False):
        with cpu_timer() as t:
            await asyncio.gather(*(one(c) for c in ids))
    return {"rate": len(ids) / t["wall"], "cpu_ms": t["cpu"] / len(ids) * 1000}


async def _coach(emu: Emulator, ids: list[int], lifted: bool,
                 window: float | None = None, **settings: Any) -> dict[str, Any]:
    from bot.telegram.services import KEY

    await emu.reset(LATENCY)
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b2.db"
        seed_learners(db, range(ids[0], ids[-1] + 1), now, next_plan_at=None)
        seed_due_prompts(db, range(ids[0], ids[-1] + 1), now)
        app, store = coach_app(emu, db, lifted=lifted, **settings)
        async with running(app, poll=False):
            svc = app.bot_data[KEY]
            emu_before = (await emu.stats())["cpu"]
            with cpu_timer() as t:
                if window is None:
                    await svc.dispatcher.send_due()
                else:
                    sending = asyncio.ensure_future(svc.dispatcher.send_due())
                    await asyncio.sleep(1.0)  # past the limiter's first burst
                    start = (await emu.stats())["ok_sends"]
                    await asyncio.sleep(window)
                    sent = (await emu.stats())["ok_sends"] - start
                    sending.cancel()
                    await asyncio.gather(sending, return_exceptions=True)
                    await svc.dispatcher.drain()
            stats = await emu.stats(detail=window is None)
        store.close()
        unsent = _unsent(db)
    if window is not None:
        return {"rate": sent / window}
    per_chat: dict[int, int] = {}
    for chat, _ in stats["sends"]:
        per_chat[chat] = per_chat.get(chat, 0) + 1
    return {
        "rate": stats["ok_sends"] / t["wall"], "cpu_ms": t["cpu"] / len(ids) * 1000,
        "emu_cpu": (stats["cpu"] - emu_before) / t["wall"],
        "lost": sum(1 for c in ids if per_chat.get(c, 0) == 0),
        "doubled": sum(1 for n in per_chat.values() if n > 1), "unsent": unsent,
    }


def _unsent(db: Path) -> int:
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT count(*) FROM outbox WHERE kind = 'prompt'"
                       " AND status != 'sent'").fetchone()
    conn.close()
    return int(row[0])
