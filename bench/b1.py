"""B1 updates: answers per second (each stored and confirmed) against a bare PTB echo bot,
and how long a reply waits while a broadcast of prompts is going out."""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import (
    TOKEN,
    Emulator,
    Report,
    coach_settings,
    cpu_timer,
    has_setting,
    p95,
    running,
    seed_due_prompts,
    seed_learners,
)


def coach_app(emu: Emulator, db: Path, lifted: bool, **settings: Any) -> tuple[Any, Any]:
    from bench.programmes import PROGRAMMES
    from bot.store import Store
    from bot.telegram.app import build_application

    store = Store.open(db)
    has_rate = has_setting("telegram_rate_limit")
    if lifted and has_rate:
        settings["telegram_rate_limit"] = 0
    app = build_application(coach_settings(emu, db, **settings), store, PROGRAMMES,
                            run_ticks=False)
    if lifted and not has_rate:
        app.bot._rate_limiter = None  # what "limiter lifted" meant before the setting
    return app, store


def echo_app(emu: Emulator) -> Any:
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = (ApplicationBuilder().token(TOKEN).base_url(emu.base_url)
           .base_file_url(emu.base_file_url).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def _answers(emu: Emulator, app: Any, ids: list[int], per: int) -> dict[str, float]:
    await emu.reset()
    items = [[uid, f"Antwoord {k}"] for k in range(per) for uid in ids]
    async with running(app):
        await emu.wait_sends(0, 0)
        emu_before = (await emu.stats())["cpu"]
        with cpu_timer() as t:
            await emu.post("/send", {"items": items})
            stats = await emu.wait_sends(len(items), timeout=300)
        emu_cpu = stats["cpu"] - emu_before
    return {"rate": stats["ok_sends"] / t["wall"], "cpu_ms": t["cpu"] / len(items) * 1000,
            "emu_cpu": emu_cpu / t["wall"], "sent": stats["ok_sends"]}


async def run(report: Report, quick: bool) -> None:
    learners, per = (200, 10) if quick else (500, 10)
    ids = list(range(1, learners + 1))
    now = datetime.now(UTC)
    async with _emulator() as emu:
        await emu.post("/users", {"ids": ids})
        with tempfile.TemporaryDirectory() as tmp:
            echo = await _answers(emu, echo_app(emu), ids, per)
            db = Path(tmp) / "b1.db"
            seed_learners(db, range(1, learners + 1), now, next_plan_at=None,
                          prompt_sent_today=True)
            app, store = coach_app(emu, db, lifted=True)
            coach = await _answers(emu, app, ids, per)
            stored = _stored_lines(db)
            store.close()
        n = learners * per
        report.add("B1", f"answers/s, {n} answers, limiter lifted", coach["rate"], "msg/s",
                   echo["rate"], "echo bot", target="ratio >= 1.0", stored=stored, confirmed=coach["sent"])
        report.add("B1", "bot CPU per answer", coach["cpu_ms"], "ms", echo["cpu_ms"], "echo bot")
        report.add("B1", "emulator CPU during coach run", coach["emu_cpu"], "cores",
                   target="< 0.2 (else the emulator is the wall)")
        if stored != n:
            print(f"  !! only {stored} of {n} answers stored")
        await latency(report, emu, quick)


async def latency(report: Report, emu: Emulator, quick: bool) -> None:
    """Learners answer (5/s) while N prompts are broadcast at the shipped 30/s.

    5/s, not more: PTB handles updates one at a time and each reply waits for Telegram's
    answer (50-150 ms here), so one process takes at most ~8 updates/s at this latency.
    """
    from bot.telegram.services import KEY

    broadcast, window = (3000, 8.0) if quick else (10_000, 20.0)
    answering = list(range(1, 301))
    first = 100_001
    now = datetime.now(UTC)
    await emu.post("/users", {"ids": list(range(first, first + broadcast))})
    await emu.reset(latency=(0.05, 0.15))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b1l.db"
        seed_learners(db, range(1, 301), now, next_plan_at=None, prompt_sent_today=True)
        seed_learners(db, range(first, first + broadcast), now, next_plan_at=None)
        seed_due_prompts(db, range(first, first + broadcast), now)
        app, store = coach_app(emu, db, lifted=False)
        async with running(app):
            svc = app.bot_data[KEY]
            sending = asyncio.ensure_future(svc.dispatcher.send_due())
            await asyncio.sleep(1.0)  # the broadcast is under way
            before = (await emu.stats())["ok_sends"]
            loop = asyncio.get_running_loop()
            start = loop.time()
            k = 0
            while loop.time() - start < window:
                await emu.post("/send", {"items": [[answering[k % len(answering)], "Antwoord"]]})
                k += 1
                await asyncio.sleep(0.2)
            elapsed = loop.time() - start
            during = (await emu.stats())["ok_sends"] - before
            # every answer confirmed (or give up after 60 s)
            for _ in range(3000):
                stats = await emu.stats(detail=True)
                replied = {c for c, _ in stats["sends"] if c <= 300}
                if len(replied) >= min(k, len(answering)):
                    break
                await asyncio.sleep(0.02)
            sending.cancel()
            await asyncio.gather(sending, return_exceptions=True)
            await svc.dispatcher.drain()
        store.close()
    lat = _reply_latencies(stats)
    report.add("B1", f"reply latency p95 while {broadcast} prompts broadcast", p95(lat), "s",
               target="<= 1 s", answers=k, replies=len(lat))
    report.add("B1", "reply latency max", max(lat, default=float("nan")), "s")
    report.add("B1", "broadcast rate during the replies", during / elapsed,
               "msg/s", target="30/s in all (replies included)")


def _reply_latencies(stats: dict[str, Any]) -> list[float]:
    """For each pushed answer: the first bot message to that chat after it."""
    sends: dict[int, list[float]] = {}
    for chat, at in stats["sends"]:
        sends.setdefault(chat, []).append(at)
    out = []
    used: dict[int, int] = {}
    for chat, pushed in stats["pushes"]:
        times = sends.get(chat, [])
        i = used.get(chat, 0)
        while i < len(times) and times[i] < pushed:
            i += 1
        if i < len(times):
            out.append(times[i] - pushed)
            used[chat] = i + 1
    return out


def _stored_lines(db: Path) -> int:
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT coalesce(sum(length(text) - length(replace(text, char(10), ''))"
                       " + 1), 0) FROM answers WHERE text IS NOT NULL").fetchone()
    conn.close()
    return int(row[0])


class _emulator:
    async def __aenter__(self) -> Emulator:
        self.emu = Emulator()
        return self.emu

    async def __aexit__(self, *exc: object) -> None:
        await self.emu.close()
