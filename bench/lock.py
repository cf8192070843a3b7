"""``python -m bench.lock [--seconds 20 90]``: a real ``coach run`` while another process
holds the database's write lock.

For each lock length: 40 learners who can answer and 300 prompts due (10 s of sends at
30/s). Once the first prompts went out, a ``sqlite3``-like process (Python's sqlite3 in
a child process) takes ``BEGIN IMMEDIATE`` and holds it. Meanwhile one learner answers
every second and ``/healthz`` is asked every half second. Reports what an operator and
a learner would see: health codes and how fast they came, prompts that still arrived
during the lock (claimed before it), answers sent, recorded and confirmed once the lock
ended, and the bot's log lines about the lock. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from bench.common import ROOT, TOKEN, Emulator, seed_due_prompts, seed_learners

ANSWERING = range(1, 41)
PROMPTED = range(1001, 1301)
HOLD = ("import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True)\n"
        "time.sleep(float(sys.argv[2])); c.execute('ROLLBACK')\n")


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


async def one_run(seconds: float, port: int) -> dict[str, Any]:
    emu = Emulator()
    try:
        await emu.reset()
        await emu.post("/users", {"ids": [*ANSWERING, *PROMPTED]})
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "coach.db"
            log = Path(tmp) / "coach.log"
            now = datetime.now(UTC)
            seed_learners(db, ANSWERING, now, next_plan_at=None, prompt_sent_today=True)
            seed_learners(db, PROMPTED, now, next_plan_at=None)
            seed_due_prompts(db, PROMPTED, now)
            env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "DATABASE_PATH": str(db),
                   "TELEGRAM_BASE_URL": emu.base_url, "TELEGRAM_BASE_FILE_URL":
                   emu.base_file_url, "TICK_SECONDS": "1", "HEALTH_PORT": str(port)}
            with log.open("w") as out:
                bot = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                       stdout=out, stderr=out)
            await emu.wait_sends(30, timeout=30)
            holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), str(seconds)],
                                      stdout=subprocess.PIPE, text=True)
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            locked_at = time.monotonic()
            at_lock = (await emu.stats())["ok_sends"]
            health: list[tuple[int, float]] = []
            answers = 0
            async with aiohttp.ClientSession() as http:
                next_answer = locked_at
                while holder.poll() is None:
                    if time.monotonic() >= next_answer:
                        uid = ANSWERING[answers % len(ANSWERING)]
                        await emu.post("/send", {"items": [[uid, f"Antwoord {answers}"]]})
                        answers += 1
                        next_answer += 1.0
                    started = time.monotonic()
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                        json.loads(await r.text())
                        health.append((r.status, time.monotonic() - started))
                    await asyncio.sleep(0.5)
            held = time.monotonic() - locked_at
            during = (await emu.stats())["ok_sends"] - at_lock
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                done = count(db, "SELECT count(*) FROM inbox WHERE status = 'done'")
                sent = count(db, "SELECT count(*) FROM outbox WHERE kind = 'prompt'"
                                 " AND status = 'sent'")
                if done >= answers and sent >= len(ANSWERING) + len(PROMPTED):
                    break
                await asyncio.sleep(0.2)
            cleared = time.monotonic() - locked_at - held
            recorded = count(db, "SELECT count(*) FROM inbox")
            # a learner's second answer that day extends the first: count confirmations
            confirmed = count(db, "SELECT count(*) FROM outbox WHERE kind = 'reply'"
                                  " AND status = 'sent'")
            not_arrived = count(db, "SELECT count(*) FROM inbox WHERE status != 'done'")
            bot.send_signal(signal.SIGTERM)
            bot.wait(timeout=30)
            lines = log.read_text().splitlines()
        codes = [code for code, _ in health]
        return {
            "lock_s": round(held, 1), "healthz_200": codes.count(200),
            "healthz_503": codes.count(503),
            "healthz_max_ms": round(1000 * max(t for _, t in health)),
            "prompts_during_lock": during, "answers_sent": answers,
            "updates_recorded": recorded, "updates_handled": done,
            "confirmations_sent": confirmed, "updates_not_done": not_arrived,
            "prompts_sent": sent, "cleared_after_lock_s": round(cleared, 1),
            "lock_log_lines": sum("locked by another process" in line for line in lines),
            "tracebacks": sum("Traceback" in line for line in lines),
        }
    finally:
        await emu.close()


async def main(lengths: list[float], port: int) -> None:
    for seconds in lengths:
        print(json.dumps(await one_run(seconds, port)), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.lock", description=__doc__)
    parser.add_argument("--seconds", type=float, nargs="*", default=[20, 90])
    parser.add_argument("--port", type=int, default=18089)
    args = parser.parse_args()
    asyncio.run(main(args.seconds, args.port))
