"""B3 weekly: N learners with a week of answers (half with a scale chart); their weekly
summaries planned, rendered and the charts drawn, with the event loop's lag measured."""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bench.common import LoopLag, Report, iso, seed_learners

SCALE = "w1-zeker"  # leren-op-je-werk's trend question (trend: zeker)


def _seed_week(db: Path, n: int, now: datetime) -> None:
    """Mon..Fri of this week: a sent prompt and an answer each day; even ids answer the
    trend question (a scale asked every week), and did so in the two weeks before, so
    their summary comes with a chart of three weekly points."""
    from zoneinfo import ZoneInfo

    today = now.astimezone(ZoneInfo("Europe/Amsterdam")).date()
    monday = today - timedelta(days=today.isoweekday() - 1)
    days = [monday + timedelta(days=k) for k in range(5)]
    stamp = iso(now)
    tz = ZoneInfo("Europe/Amsterdam")
    asked = {d: iso(datetime.combine(d, time(9, 0), tz)) for d in days}
    answered = {d: iso(datetime.combine(d, time(9, 30), tz)) for d in days}
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE users SET next_summary_at = ?", [iso(now - timedelta(minutes=30))])
        conn.executemany(
            "INSERT INTO outbox (id, chat_id, user_id, kind, dedupe_key, programme_id, prompt_id,"
            " local_date, text, status, due_at, send_after, attempts, sent_at, message_id,"
            " created_at) VALUES (?, ?, ?, 'prompt', ?, 'leren-op-je-werk', ?, ?, 'Vraag',"
            " 'sent', ?, ?, 1, ?, ?, ?)",
            ((u * 10 + k, u, u, f"prompt:{u}:{d}", SCALE if u % 2 == 0 else "w1-di",
              d.isoformat(), asked[d], asked[d], asked[d], k + 1, stamp)
             for u in range(1, n + 1) for k, d in enumerate(days)))
        conn.executemany(
            "INSERT INTO answers (user_id, outbox_id, programme_id, prompt_id, local_date, kind,"
            " text, value, created_at, updated_at) VALUES (?, ?, 'leren-op-je-werk', ?, ?, ?,"
            " ?, ?, ?, ?)",
            ((u, u * 10 + k, SCALE if u % 2 == 0 else "w1-di", d.isoformat(),
              "scale" if u % 2 == 0 else "open", None if u % 2 == 0 else "Geleerd: vragen.",
              (k % 5) + 1 if u % 2 == 0 else None, answered[d], answered[d])
             for u in range(1, n + 1) for k, d in enumerate(days)))
        earlier = [monday - timedelta(days=7 * w - 3) for w in (1, 2)]  # Thursdays before
        conn.executemany(
            "INSERT INTO answers (user_id, programme_id, prompt_id, local_date, kind, value,"
            " created_at, updated_at) VALUES (?, 'leren-op-je-werk', ?, ?, 'scale', ?, ?, ?)",
            ((u, SCALE, d.isoformat(), 3, iso(datetime.combine(d, time(9, 30), tz)),
              iso(datetime.combine(d, time(9, 30), tz)))
             for u in range(2, n + 1, 2) for d in earlier))
    conn.close()


async def run(report: Report, quick: bool) -> None:
    from zoneinfo import ZoneInfo

    from bench.programmes import PROGRAMMES
    from bot.planning import weekly
    from bot.store import Store

    n = 1000 if quick else 10_000
    # Friday 16:30 in Amsterdam of this week: the summaries (due 16:00) are due, the week
    # is complete, whatever day the benchmark runs on.
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Amsterdam")).date()
    friday = today + timedelta(days=5 - today.isoweekday())
    now = datetime.combine(friday, time(16, 30), ZoneInfo("Europe/Amsterdam")).astimezone(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "b3.db"
        seed_learners(db, range(1, n + 1), now, next_plan_at=None)
        _seed_week(db, n, now)
        store = Store.open(db)
        import bot.telegram.dispatch
        import bot.telegram.services  # noqa: F401  (imported before the clock starts)
        with LoopLag() as lag:
            await asyncio.sleep(0.05)
            started = clock.perf_counter()
            planned = await _plan(store, PROGRAMMES, now, weekly)
            plan_wall = clock.perf_counter() - started
            await asyncio.sleep(0.05)
        charts = [row for row in store.db.query(
            "SELECT payload FROM outbox WHERE kind = 'chart'")]
        sample = charts[:40] if quick else charts[:400]
        with LoopLag() as idle_lag:  # the machine's own noise: nothing runs but the timer
            await asyncio.sleep(3.0)
        drawn, draw_wall, draw_lag = await _draw_timed(sample)
        thread_lag = None
        drawing = _drawing()
        if drawing is not None:  # the same sample in the chart thread, for comparison
            drawing._no_process = True
            try:
                _, thread_wall, thread_lag = await _draw_timed(sample)
            finally:
                drawing._no_process = False
        store.close()
    report.add("B3", f"weekly: {n} summaries planned and rendered", plan_wall, "s",
               planned=planned, target="<= 10 s at 10,000")
    report.add("B3", f"charts drawn (a sample of {drawn})", draw_wall / max(drawn, 1) * 1000,
               "ms/chart", charts=len(charts))
    report.add("B3", "event-loop lag max while planning", lag.max_ms, "ms",
               target="<= 100 ms")
    report.add("B3", "event-loop lag max while drawing charts", draw_lag.max_ms, "ms",
               target="<= 100 ms")
    if thread_lag is not None:
        report.add("B3", "the same charts drawn in a thread: lag max", thread_lag.max_ms, "ms",
                   ms_per_chart=round(thread_wall / max(drawn, 1) * 1000, 1))
    report.add("B3", "event-loop lag max while idle (machine noise, 3 s)", idle_lag.max_ms,
               "ms")


async def _plan(store: Any, programmes: Any, now: datetime, weekly: Any) -> int:
    """The tick's weekly planning as the bot runs it: budgeted passes if the code has them,
    in the store thread if the code has one (then the loop only waits for each slice)."""
    import inspect

    from bot.telegram import services

    budgeted = getattr(services, "plan_in_slices", None)
    if budgeted is None:  # before: one blocking call
        return int(weekly.plan_weekly(store, programmes, now))

    def plan(budget: float) -> int:
        return int(weekly.plan_weekly(store, programmes, now, budget=budget))

    def more() -> bool:
        return bool(weekly.weekly_due(store, now))

    if "thread" not in inspect.signature(budgeted).parameters:  # slices on the loop
        return int(await budgeted(plan, more))
    from bot.store.thread import StoreThread

    return int(await budgeted(plan, more, StoreThread(store)))


def _drawing() -> Any:
    try:
        from bot.telegram import drawing
    except ImportError:  # before: charts in dispatch's thread only
        return None
    return drawing


async def _draw_timed(rows: list[dict[str, Any]]) -> tuple[int, float, LoopLag]:
    with LoopLag() as lag:
        started = clock.perf_counter()
        drawn = await _draw(rows)
        wall = clock.perf_counter() - started
        await asyncio.sleep(0.05)
    return drawn, wall, lag


async def _draw(rows: list[dict[str, Any]]) -> int:
    """The charts as the dispatcher draws them: in a worker thread if the code does so."""
    import json

    from bot.telegram import dispatch

    draw = getattr(dispatch, "draw_chart", None)
    for row in rows:
        spec = json.loads(str(row["payload"]))
        if draw is None:
            from bot.messages.charts import scale_chart_png

            scale_chart_png(**spec["chart"])
            await asyncio.sleep(0)
        else:
            await draw(spec)
    return len(rows)
