"""The sandbox's time control runs every tick the skipped time needed, in order."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.clock import FakeClock
from bot.sandbox.clockwork import (
    TimeControl,
    TimeError,
    next_weekday_at,
    next_work_day,
    parse_local,
)

START = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 08:00 in Amsterdam


def control(due: list[datetime], max_step: timedelta = timedelta(hours=1)) -> tuple[
        TimeControl, list[datetime]]:
    clock = FakeClock(START)
    ticks: list[datetime] = []

    async def tick() -> None:
        ticks.append(clock())
        due[:] = [d for d in due if d > clock()]  # what was due is done

    def next_due(now: datetime) -> datetime | None:
        later = [d for d in due if d > now]
        return min(later) if later else None

    return TimeControl(clock, tick, next_due, max_step), ticks


async def test_every_due_moment_gets_its_own_tick_in_order() -> None:
    moments = [START + timedelta(minutes=m) for m in (525, 60 * 24 + 525, 17, 40, 41)]
    tc, ticks = control(list(moments))
    await tc.advance_to(START + timedelta(days=2))
    for moment in moments:
        assert moment in ticks, f"no tick at {moment}"
    assert ticks == sorted(ticks), "ticks ran out of order"
    assert ticks[0] == START and ticks[-1] == START + timedelta(days=2)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) <= timedelta(hours=1), "empty time is still ticked through hourly"


async def test_a_moment_made_due_by_a_tick_is_not_skipped() -> None:
    """A tick can plan something new (the planner sets the next prompt): it is seen next."""
    clock = FakeClock(START)
    due = [START + timedelta(minutes=30)]
    ticks: list[datetime] = []

    async def tick() -> None:
        ticks.append(clock())
        if clock() == START + timedelta(minutes=30):
            due.append(START + timedelta(minutes=31))  # e.g. the chart after the summary

    tc = TimeControl(clock, tick, lambda now: min((d for d in due if d > now), default=None))
    await tc.advance_to(START + timedelta(hours=3))
    assert START + timedelta(minutes=31) in ticks


async def test_stop_keeps_the_clock_where_the_wanted_thing_happened() -> None:
    target = START + timedelta(hours=9, minutes=45)
    tc, ticks = control([target])
    await tc.advance_to(START + timedelta(days=14), stop=lambda: ticks[-1] == target)
    assert tc.clock() == target


async def test_time_only_goes_forward_and_not_too_far() -> None:
    tc, _ = control([])
    with pytest.raises(TimeError, match="time_backwards"):
        await tc.advance_to(START - timedelta(minutes=1))
    with pytest.raises(TimeError, match="time_too_far"):
        await tc.advance_to(START + timedelta(days=400))


def test_jump_targets_in_the_persons_time_zone() -> None:
    ams = "Europe/Amsterdam"
    assert next_weekday_at(START, ams, 5, time(16)) == datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    # Monday 08:00 exactly is "now": the next one is a week later.
    assert next_weekday_at(START, ams, 1, time(8)) == datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
    friday_evening = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
    assert next_work_day(friday_evening, ams, {1, 2, 3, 4, 5}) == datetime(
        2026, 12, 7, 7, 0, tzinfo=UTC)
    assert next_work_day(friday_evening, ams, {1, 2, 3, 4, 5, 6}) == datetime(
        2026, 12, 5, 7, 0, tzinfo=UTC)
    # Across the start of summer time the wall clock stays 08:00.
    before_dst = datetime(2027, 3, 26, 12, 0, tzinfo=UTC)
    assert next_weekday_at(before_dst, ams, 1, time(8)) == datetime(2027, 3, 29, 6, 0, tzinfo=UTC)
    assert next_weekday_at(START, "America/New_York", 5, time(16)) == datetime(
        2026, 12, 4, 21, 0, tzinfo=UTC)
    assert parse_local("2026-12-04T16:00", ams) == datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    with pytest.raises(TimeError):
        parse_local("vrijdag", ams)
