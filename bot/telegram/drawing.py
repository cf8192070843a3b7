"""Charts drawn off the event loop: in a worker process, so they never lag the loop.

A chart is 50-200 ms of matplotlib. Drawn in a worker thread it still held the
interpreter's lock in long stretches: B3 measured the event loop up to ~105 ms late
while 400 charts were drawn (target 100 ms). One worker process, started with the
first chart (a second of importing matplotlib there, none of it in the bot), draws
them one at a time, so a broadcast of summaries never takes both cores either. Where
a process cannot be started the chart worker thread does it, as before. A portfolio's
drawing (``off_loop``) stays in that thread: its work is not a plain function of data.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")
_process: ProcessPoolExecutor | None = None
_no_process = False


def _pool() -> Executor:
    global _process
    if _no_process:
        return _THREAD
    if _process is None:
        _process = ProcessPoolExecutor(max_workers=1,
                                       mp_context=multiprocessing.get_context("spawn"))
    return _process


async def draw_chart(payload: dict[str, Any]) -> bytes | None:
    """The PNG a row's payload asks for (``chart`` or ``team_chart``), drawn in the chart
    worker; None when the row is no chart."""
    global _process, _no_process
    for key in ("chart", "team_chart"):
        if key in payload:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(_pool(), _draw, key, payload[key])
            except (BrokenProcessPool, OSError):
                log.warning("the chart process stopped; charts are drawn in a thread now")
                _process, _no_process = None, True
                return await loop.run_in_executor(_THREAD, _draw, key, payload[key])
    return None


async def off_loop(work: Callable[..., T], *args: Any) -> T:
    """Other drawing (a portfolio's charts and pages) in the chart thread, so it never
    blocks replies and never takes both cores either."""
    return await asyncio.get_running_loop().run_in_executor(_THREAD, partial(work, *args))


def _draw(key: str, spec: dict[str, Any]) -> bytes:
    """In the worker: matplotlib is imported here (a second of work the first time)."""
    from bot.messages.charts import answers_per_day_png, scale_chart_png

    return scale_chart_png(**spec) if key == "chart" else answers_per_day_png(**spec)
