"""The sandbox's time control: jump ahead while running every tick the bot would have run.

The live bot ticks every few seconds; a tick at a moment when nothing is due does
nothing. So instead of ticking through empty time, the clock goes from one due moment
(from the store's wake-up times) to the next, and at least every ``max_step``, with a
tick at each stop. Prompts, expiries, summaries and digests then happen in the order
and at the moments they would have, and a week takes a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock

MAX_STEP = timedelta(hours=1)
LONGEST_JUMP = timedelta(days=62)


class TimeError(ValueError):
    """A jump the sandbox cannot make (backwards, or too far); ``str()`` is a catalog key."""


@dataclass
class TimeControl:
    """Moves ``clock`` forward through every due moment, awaiting ``tick`` at each."""

    clock: FakeClock
    tick: Callable[[], Awaitable[None]]
    next_due: Callable[[datetime], datetime | None]
    max_step: timedelta = MAX_STEP

    async def advance_to(self, target: datetime, stop: Callable[[], bool] | None = None) -> int:
        """Tick at every due moment in ``(now, target]``; return how many ticks ran.

        ``stop`` is asked after each tick; when it says yes the clock stays there (used
        by "next prompt": jump until the prompt has arrived).
        """
        if target < self.clock():
            raise TimeError("sandbox.time_backwards")
        if target - self.clock() > LONGEST_JUMP:
            raise TimeError("sandbox.time_too_far")
        await self.tick()  # whatever is due right now goes first, as on the live bot
        ticks = 1
        while self.clock() < target:
            now = self.clock()
            step = min(target, now + self.max_step)
            due = self.next_due(now)
            if due is not None and now < due < step:
                step = due
            self.clock.set(step)
            await self.tick()
            ticks += 1
            if stop is not None and stop():
                break
        return ticks


def local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


def at_local(day: date, clock_time: time, tz: str) -> datetime:
    """The UTC-aware moment of ``clock_time`` on ``day`` in ``tz`` (DST gaps resolved by zoneinfo)."""
    return datetime.combine(day, clock_time, tzinfo=ZoneInfo(tz))


def next_weekday_at(now: datetime, tz: str, isoweekday: int, clock_time: time) -> datetime:
    """The first ``isoweekday`` at ``clock_time`` local that is after ``now`` (today counts)."""
    today = local(now, tz).date()
    for offset in range(8):
        day = today + timedelta(days=offset)
        if day.isoweekday() == isoweekday:
            moment = at_local(day, clock_time, tz)
            if moment > now:
                return moment
    raise AssertionError("a weekday comes within eight days")


def next_work_day(now: datetime, tz: str, work_days: Iterable[int],
                  start: time = time(8, 0)) -> datetime:
    """The start of the next work day after today (local), e.g. tomorrow 08:00."""
    days = set(work_days) or {1, 2, 3, 4, 5}
    today = local(now, tz).date()
    for offset in range(1, 9):
        day = today + timedelta(days=offset)
        if day.isoweekday() in days:
            return at_local(day, start, tz)
    raise AssertionError("a work day comes within eight days")


def parse_local(text: str, tz: str) -> datetime:
    """A ``datetime-local`` form value (``2026-12-04T16:00``) in ``tz``."""
    try:
        naive = datetime.fromisoformat(text.strip())
    except ValueError:
        raise TimeError("sandbox.time_invalid") from None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(tz))
