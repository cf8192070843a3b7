"""What every handler needs, kept in ``bot_data`` under one typed key."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from telegram.ext import CallbackContext, ExtBot

from bot.clock import Clock
from bot.config import Settings
from bot.core import retention
from bot.core.programme import Audience, Programme
from bot.planning import announcements, daily, nudges, sprints, weekly
from bot.store import Store
from bot.telegram.dispatch import Dispatcher

KEY = "services"
log = logging.getLogger(__name__)


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
    tick_observer: Callable[[float], None] | None = None  # seconds per tick, for /metrics

    def now(self) -> datetime:
        return self.clock()

    def _retention(self) -> None:
        """Answers and message texts older than ``RETENTION_MONTHS`` go, a batch per tick."""
        before = retention.cutoff(self.now(), self.settings.retention_months)
        _retention_log(self.store.apply_retention(before))

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
                lambda: bool(self.store.users_to_plan(self.now(), 1)))
            nudges.plan_reminders(self.store, self.settings, self.now())
            await plan_in_slices(
                lambda budget: weekly.plan_weekly(self.store, self.programmes, self.now(),
                                                  budget),
                lambda: weekly.weekly_due(self.store, self.now()))
            sprints.plan_members(self.store, self.programmes, self.now())
            sprints.plan_events(self.store, self.programmes, self.now())
            announcements.report_finished(self.store, self.now(), self.settings.default_language)
            self._retention()
            await self.dispatcher.send_due()
            self.last_tick_at = self.now()
            if self.tick_observer is not None:
                self.tick_observer(time.perf_counter() - started)


PLAN_BUDGET = 0.2  # seconds of planning before the event loop gets a turn
SLICE_PAUSE = 0.01  # seconds the loop has for everything else between two slices


async def plan_in_slices(plan: Callable[[float], int], more: Callable[[], bool]) -> int:
    """Run a planner in slices of ``PLAN_BUDGET``, yielding to the event loop in between,
    until nothing is due: a backlog of 100,000 overdue learners is cleared as fast as
    before, but replies and sends go on between slices."""
    total = 0
    while True:
        total += plan(PLAN_BUDGET)
        if not more():
            return total
        # A real pause, not sleep(0): after sleep(0) the planner is first in the ready
        # queue again, and a reply's wake-up chain needs several loop turns to finish.
        await asyncio.sleep(SLICE_PAUSE)


def _retention_log(removed: dict[str, int]) -> None:
    if any(removed.values()):
        log.info("retention: removed %(answers)d answers, %(feedback)d feedback, "
                 "%(messages)d message texts", removed)


def services(context: CallbackContext[ExtBot[None], dict, dict, dict]) -> Services:  # type: ignore[type-arg]
    svc = context.application.bot_data[KEY]
    assert isinstance(svc, Services)
    return svc
