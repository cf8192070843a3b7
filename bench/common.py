"""Shared pieces of the benchmarks: the emulator process, seeding, loop lag, results.

The bot under test runs in this process (its CPU is ``time.process_time()`` here); the
emulator runs in a child process and reports its own CPU, so the two are never mixed.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TOKEN = "123456:TEST-TOKEN"
PROGRAMME = "leren-op-je-werk"


class Emulator:
    """The emulator child process and a client for its control port."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.emu"], cwd=ROOT, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        api, control = self.proc.stdout.readline().split()
        self.base_url = f"http://127.0.0.1:{api}/bot"
        self.base_file_url = f"http://127.0.0.1:{api}/file/bot"
        self._control = f"http://127.0.0.1:{control}"
        self._session: aiohttp.ClientSession | None = None

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def post(self, path: str, body: Any) -> Any:
        session = await self._http()
        async with session.post(self._control + path, json=body) as response:
            return await response.json()

    async def stats(self, detail: bool = False) -> dict[str, Any]:
        session = await self._http()
        async with session.get(self._control + "/stats",
                               params={"detail": "1" if detail else "0"}) as response:
            result: dict[str, Any] = await response.json()
            return result

    async def reset(self, latency: tuple[float, float] = (0.0, 0.0)) -> None:
        await self.post("/reset", {})
        await self.post("/config", {"latency": list(latency)})

    async def wait_sends(self, count: int, timeout: float) -> dict[str, Any]:
        """Poll (every 20 ms, cheap) until ``count`` successful sends arrived."""
        deadline = time.monotonic() + timeout
        while True:
            stats = await self.stats()
            if stats["ok_sends"] >= count or time.monotonic() > deadline:
                return stats
            await asyncio.sleep(0.02)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


class LoopLag:
    """How late the event loop runs a 10 ms timer: the longest block, while it runs."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(self.interval)
            self.samples.append(max(0.0, loop.time() - start - self.interval))

    def __enter__(self) -> LoopLag:
        self._task = asyncio.ensure_future(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()

    @property
    def max_ms(self) -> float:
        return max(self.samples, default=0.0) * 1000


@contextmanager
def cpu_timer() -> Iterator[dict[str, float]]:
    """Wall and CPU seconds of this process for the block."""
    out: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    yield out
    out["wall"] = time.perf_counter() - wall
    out["cpu"] = time.process_time() - cpu


def p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def seed_learners(path: Path, ids: range, now: datetime, *, next_plan_at: datetime | None,
                  prompt_sent_today: bool = False, prompt_time: str = "16:00") -> None:
    """Onboarded learners straight into SQLite (the store's API would take minutes at 100k).

    With ``prompt_sent_today`` each gets today's prompt as already delivered, so a
    typed message is an answer to it.
    """
    from bot.store import Store

    Store.open(path).close()  # the schema
    conn = sqlite3.connect(path)
    stamp = iso(now)
    plan = iso(next_plan_at) if next_plan_at else None
    with conn:
        conn.executemany(
            "INSERT INTO users (id, chat_id, first_name, language, tz, prompt_time, state,"
            " programme_id, onboarded_at, next_plan_at, created_at, updated_at)"
            " VALUES (?, ?, ?, 'nl', 'Europe/Amsterdam', ?, 'ready', ?, ?, ?, ?, ?)",
            ((i, i, f"L{i}", prompt_time, PROGRAMME, stamp, plan, stamp, stamp) for i in ids))
        conn.executemany(
            "INSERT INTO progress (user_id, programme_id, position, started_at, updated_at)"
            " VALUES (?, ?, 1, ?, ?)", ((i, PROGRAMME, stamp, stamp) for i in ids))
        if prompt_sent_today:
            day = now.astimezone(_amsterdam()).date().isoformat()
            conn.executemany(
                "INSERT INTO outbox (chat_id, user_id, kind, dedupe_key, programme_id,"
                " prompt_id, local_date, text, status, due_at, send_after, attempts, sent_at,"
                " message_id, created_at) VALUES (?, ?, 'prompt', ?, ?, 'p1', ?, 'Vraag',"
                " 'sent', ?, ?, 1, ?, 1, ?)",
                ((i, i, f"prompt:{i}:{day}", PROGRAMME, day, stamp, stamp, stamp, stamp)
                 for i in ids))
    conn.close()


def seed_due_prompts(path: Path, ids: range, now: datetime) -> None:
    """One pending prompt per learner, due now (what the planner writes at 16:00)."""
    conn = sqlite3.connect(path)
    day = now.astimezone(_amsterdam()).date().isoformat()
    stamp = iso(now)
    expires = iso(now + timedelta(hours=6))
    with conn:
        conn.executemany(
            "INSERT INTO outbox (chat_id, user_id, kind, dedupe_key, programme_id, prompt_id,"
            " local_date, text, buttons, payload, status, due_at, send_after, expires_at,"
            " attempts, created_at) VALUES (?, ?, 'prompt', ?, ?, 'p2', ?, ?, ?, ?, 'pending',"
            " ?, ?, ?, 0, ?)",
            ((i, i, f"prompt:{i}:{day}", PROGRAMME, day,
              "<b>Dag 2</b>\nWat heb je vandaag geleerd van een collega?",
              json.dumps([[["Overslaan", f"a:{i}:skip"]]]), json.dumps({"position": 1}),
              stamp, stamp, expires, stamp) for i in ids))
    conn.close()


def _amsterdam() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Amsterdam")


def coach_settings(emu: Emulator, db: Path, **extra: Any) -> Any:
    from bot.config import load_settings

    return load_settings(telegram_bot_token=TOKEN, database_path=db,
                         telegram_base_url=emu.base_url,
                         telegram_base_file_url=emu.base_file_url, tick_seconds=600, **extra)


def has_setting(name: str) -> bool:
    """Whether this version of the bot has the setting (older ones, compared against,
    may not; their settings were a pydantic model)."""
    from bot.config import Settings

    fields = getattr(Settings, "model_fields", None) or Settings.__dataclass_fields__
    return name in fields


@asynccontextmanager
async def running(app: Any, poll: bool = True) -> Any:
    """Initialise and start a PTB Application (and its polling), stop it afterwards."""
    from telegram import Update

    await app.initialize()
    await app.start()
    if poll:
        await app.updater.start_polling(poll_interval=0, timeout=1,
                                        allowed_updates=Update.ALL_TYPES)
    try:
        yield app
    finally:
        if poll:
            await app.updater.stop()
        await app.stop()
        await app.shutdown()


@dataclass
class Report:
    """Rows of one run: printed as a table and written as JSON."""

    quick: bool
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, bench: str, what: str, value: float, unit: str,
            baseline: float | None = None, baseline_name: str = "", target: str = "",
            **extra: Any) -> None:
        ratio = value / baseline if baseline else None
        self.rows.append({"bench": bench, "what": what, "value": round(value, 4), "unit": unit,
                          "baseline": round(baseline, 4) if baseline else None,
                          "baseline_name": baseline_name,
                          "ratio": round(ratio, 3) if ratio else None, "target": target,
                          **extra})
        print(f"  {bench:3} {what:58} {value:10.3f} {unit:8}"
              + (f" | {baseline_name} {baseline:.3f} ratio {ratio:.2f}" if ratio else "")
              + (f" | target {target}" if target else ""), flush=True)

    def write(self) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "bot"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
        now = datetime.now(UTC)
        data = {
            "date": now.isoformat(timespec="seconds"),
            "commit": commit + ("-dirty" if dirty else ""),
            "quick": self.quick,
            "machine": {"platform": platform.platform(), "python": platform.python_version(),
                        "cpus": os.cpu_count(), "load_avg": os.getloadavg(),
                        "processor": platform.processor() or platform.machine()},
            "rows": self.rows,
        }
        path = RESULTS / f"{now.strftime('%Y%m%dT%H%M%S')}-{commit}.json"
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return path
