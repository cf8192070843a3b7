"""``python -m bench.kill9 [--prompts 1000] [--latency 0 50 150]``: duplicates after kill -9.

For each emulated latency: 1,000 learners with a prompt due now, a real ``coach run``
process sends them, and is killed with SIGKILL once about 40 % went out; a second
``coach run`` on the same database finishes the job. The emulator (its own process)
counts how many learners got their prompt twice, and how long the restart took to take
over the dead process's rows. Not part of the test suite: a run takes about a minute
per latency (the dead process's leases must run out first).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import ROOT, TOKEN, Emulator, seed_due_prompts, seed_learners


def coach(emu: Emulator, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db),
           "TELEGRAM_BASE_URL": emu.base_url, "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
           "TICK_SECONDS": "1", "LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-c", "from bot.cli import main; raise SystemExit(main())", "run"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def statuses(db: Path) -> Counter[str]:
    conn = sqlite3.connect(db)
    try:
        return Counter(dict(conn.execute("SELECT status, count(*) FROM outbox GROUP BY status")))
    finally:
        conn.close()


async def one_run(prompts: int, latency_ms: float, kill_at: int | None = None
                  ) -> dict[str, Any]:
    emu = Emulator()
    try:
        await emu.reset()
        # Half the round trip on the way in, half on the way back, as with Telegram.
        await emu.post("/config", {"latency": [latency_ms / 1000] * 2, "before": 0.5})
        ids = range(1, prompts + 1)
        await emu.post("/users", {"ids": list(ids)})
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "coach.db"
            now = datetime.now(UTC)
            seed_learners(db, ids, now, next_plan_at=None)
            seed_due_prompts(db, ids, now)
            first = coach(emu, db)
            stats = await emu.wait_sends(kill_at or int(prompts * 0.4), timeout=180)
            first.send_signal(signal.SIGKILL)
            first.wait()
            killed_at = time.monotonic()
            at_kill = stats["ok_sends"]
            in_flight = statuses(db).get("sending", 0)
            second = coach(emu, db)
            deadline = time.monotonic() + 300
            took_over: float | None = None
            while time.monotonic() < deadline:
                now_status = statuses(db)
                if took_over is None and now_status.get("sending", 0) < in_flight:
                    took_over = time.monotonic() - killed_at
                if now_status.get("sent", 0) == prompts:
                    break
                await asyncio.sleep(0.2)
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
            final = statuses(db)
        detail = await emu.stats(detail=True)
        per_chat = Counter(int(chat) for chat, _ in detail["sends"])
        return {
            "latency_ms": latency_ms, "prompts": prompts, "sent_before_kill": at_kill,
            "claimed_at_kill": in_flight, "delivered": len(per_chat),
            "duplicates": sum(n - 1 for n in per_chat.values()),
            "takeover_s": round(took_over, 1) if took_over is not None else None,
            "final": dict(final),
        }
    finally:
        await emu.close()


async def main(prompts: int, latencies: list[float], kill_at: int | None) -> None:
    print("| latency | prompts | sent before kill | claimed at kill | delivered | duplicates |"
          " takeover after kill |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for latency in latencies:
        r = await one_run(prompts, latency, kill_at)
        print(f"| {r['latency_ms']:g} ms | {r['prompts']} | {r['sent_before_kill']} |"
              f" {r['claimed_at_kill']} | {r['delivered']} | {r['duplicates']} |"
              f" {r['takeover_s']} s |", flush=True)
        if r["final"].get("sent") != prompts:
            print(f"  not all sent: {r['final']}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.kill9", description=__doc__)
    parser.add_argument("--prompts", type=int, default=1000)
    parser.add_argument("--latency", type=float, nargs="*", default=[0, 50, 150])
    parser.add_argument("--kill-at", type=int, help="kill after this many sends (default 40 %%)")
    args = parser.parse_args()
    asyncio.run(main(args.prompts, args.latency, args.kill_at))
