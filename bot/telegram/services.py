"""What every handler needs, kept in ``bot_data`` under one typed key."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from telegram.ext import CallbackContext, ExtBot

from bot.clock import Clock
from bot.config import Settings
from bot.core import retention
from bot.core.programme import Audience, Programme
from bot.planning import announcements, daily, nudges, sprints, weekly
from bot.store import Store
from bot.store.thread import StoreThread
from bot.telegram.dispatch import Dispatcher

KEY = "services"
log = logging.getLogger(__name__)
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)
P = ParamSpec("P")
T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    store: Store
    programmes: Mapping[str, Programme]
    clock: Clock
    dispatcher: Dispatcher
    _tick_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Hands failed incoming updates to the handlers again (set by the app).
    retry_updates: Callable[[datetime], Awaitable[int]] | None = None
    last_tick_at: datetime | None = None  # for /healthz
    # An update's JSON as received, when the getUpdates client kept it (else None).
    raw_update: Callable[[int], dict[str, Any] | None] = lambda _: None
    tick_observer: Callable[[float], None] | None = None  # seconds per tick, for /metrics

    def now(self) -> datetime:
        return self.clock()

    @property
    def thread(self) -> StoreThread:
        """The store thread (the dispatcher's, so sends and handlers share one order)."""
        return self.dispatcher.thread

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run sync store work in the store thread, as one transaction, and await it.

        How async code reaches the database: ``await s.call(s.store.get_user, user_id)``,
        or better one function doing a whole step's reads and writes (one hop, one
        transaction). A lock held by another process then delays only this step."""
        return await self.thread.call(fn, *args, **kwargs)

    async def _retention(self) -> None:
        """Answers and message texts older than ``RETENTION_MONTHS`` go, a batch per tick."""
        before = retention.cutoff(self.now(), self.settings.retention_months)
        _retention_log(await self.call(self.store.apply_retention, before))

    def learner_programmes(self) -> list[Programme]:
        learner = [p for p in self.programmes.values() if p.audience == Audience.LEARNER]
        return sorted(learner, key=lambda p: (p.order, p.id))

    async def tick(self) -> None:
        """Plan, then send: one short pass, never two at once in this process."""
        async with self._tick_lock:
            started = time.perf_counter()
            if self.retry_updates is not None:
                await self.retry_updates(self.now())
            await plan_in_slices(
                lambda budget: daily.plan_due(self.store, self.programmes, self.now(), budget,
                                             self.settings.self_pause_after),
                lambda: bool(self.store.users_to_plan(self.now(), 1)), self.thread)
            await self.call(nudges.plan_reminders, self.store, self.settings, self.now())
            await plan_in_slices(
                lambda budget: weekly.plan_weekly(self.store, self.programmes, self.now(),
                                                  budget),
                lambda: weekly.weekly_due(self.store, self.now()), self.thread)
            await self.call(self._plan_rest, self.now())
            await self._retention()
            await self.dispatcher.send_due()
            self.last_tick_at = self.now()
            if self.tick_observer is not None:
                self.tick_observer(time.perf_counter() - started)


    def _plan_rest(self, now: datetime) -> None:
        """In the store thread: the planners that are one short pass each."""
        sprints.plan_members(self.store, self.programmes, now)
        sprints.plan_events(self.store, self.programmes, now)
        announcements.report_finished(self.store, now, self.settings.default_language)


PLAN_BUDGET = 0.2  # seconds of planning before other store work gets a turn
SLICE_PAUSE = 0.01  # seconds the loop has for everything else between two slices


async def plan_in_slices(plan: Callable[[float], int], more: Callable[[], bool],
                         thread: StoreThread | None = None) -> int:
    """Run a planner in slices of ``PLAN_BUDGET`` until nothing is due.

    With ``thread`` each slice (and the check for more) runs in the store thread, so the
    event loop is not held at all; the budget still matters there: a reply's store work
    handed in meanwhile runs between two slices instead of after the whole backlog.
    Without it (tests, benchmarks of the loop) the slices run on the loop, yielding in
    between."""
    total = 0
    while True:
        if thread is None:
            total += plan(PLAN_BUDGET)
            if not more():
                return total
        else:
            looked, again = await thread.call(_slice, plan, more)
            total += looked
            if not again:
                return total
        # A real pause, not sleep(0): after sleep(0) the planner is first in the ready
        # queue again, and a reply's wake-up chain needs several loop turns to finish.
        await asyncio.sleep(SLICE_PAUSE)


def _slice(plan: Callable[[float], int], more: Callable[[], bool]) -> tuple[int, bool]:
    return plan(PLAN_BUDGET), more()


def _retention_log(removed: dict[str, int]) -> None:
    if any(removed.values()):
        log.info("retention: removed %(answers)d answers, %(feedback)d feedback, "
                 "%(messages)d message texts, %(codes)d portfolio codes", removed)


def services(context: CallbackContext[ExtBot[None], dict, dict, dict]) -> Services:  # type: ignore[type-arg]
    svc = context.application.bot_data[KEY]
    assert isinstance(svc, Services)
    return svc
