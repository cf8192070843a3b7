"""Shift rules as properties: any cycle, any start, across both DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.schedule import Schedule, due_now, local_date, next_occurrence
from bot.core.shifts import DEFAULT_DELAY, KNOWN_CYCLES, NIGHT, ShiftPlan, parse_cycle, prompt_moment

AMS = "Europe/Amsterdam"
ZONES = st.sampled_from([AMS, "America/New_York", "Asia/Kolkata", "Australia/Sydney"])
# around the last Sunday of October 2026 and of March 2027 (both DST changes in Europe)
DAYS = st.one_of(st.dates(date(2026, 10, 20), date(2026, 11, 3)),
                 st.dates(date(2027, 3, 20), date(2027, 4, 3)))
CYCLES = st.text(alphabet="ELN-", min_size=1, max_size=21).filter(lambda c: c.strip("-") != "")


def local(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz))


@settings(max_examples=150, deadline=None)
@given(cycle=CYCLES, first=DAYS, day=DAYS, tz=ZONES)
def test_a_prompt_exactly_on_shift_days_after_the_shift_and_never_at_night(
        cycle: str, first: date, day: date, tz: str) -> None:
    plan = ShiftPlan(cycle=cycle, first_day=first)
    moment = prompt_moment(day, plan, tz)
    assert (moment is None) == (plan.shift_on(day) is None)
    if moment is None:
        return
    span = plan.span(day, tz)
    assert span is not None
    start, end = span
    assert start < end <= moment <= end + timedelta(minutes=DEFAULT_DELAY)
    at = local(moment, tz).time()
    ended_at_night = not time(6, 0) <= local(end, tz).time() < time(23, 0)
    assert ended_at_night or time(6, 0) <= at < time(23, 0)
    if plan.shift_on(day) == NIGHT:
        assert local_date(moment, tz) == day + timedelta(days=1)  # asked the next morning


@settings(max_examples=25, deadline=None)
@given(cycle=CYCLES, first=DAYS, tz=ZONES)
def test_a_planner_ticking_every_quarter_gets_one_prompt_per_shift_day(
        cycle: str, first: date, tz: str) -> None:
    plan = ShiftPlan(cycle=cycle, first_day=first)
    schedule = Schedule(tz, time(16, 0), shifts=plan)
    begin = datetime.combine(first, time(0, 0), tzinfo=ZoneInfo(tz)).astimezone(UTC)
    planned: dict[date, datetime] = {}
    now = begin
    while now < begin + timedelta(days=14):
        found = due_now(now, schedule)
        if found is not None:
            day, moment = found
            assert moment <= now and local_date(moment, tz) == local_date(now, tz)
            planned.setdefault(day, moment)
        now += timedelta(minutes=30)
    expected = {first + timedelta(days=n) for n in range(13) if plan.shift_on(first + timedelta(days=n))}
    edges = {first - timedelta(days=1), first + timedelta(days=13)}  # the cycle runs on both sides
    assert expected <= set(planned) <= expected | edges
    moments = [planned[d] for d in sorted(planned)]
    assert moments == sorted(moments)  # one per shift day, in order


@settings(max_examples=60, deadline=None)
@given(cycle=CYCLES, first=DAYS, tz=ZONES, minutes=st.integers(0, 60 * 24 * 14))
def test_the_next_prompt_is_the_first_shift_moment_after_now(
        cycle: str, first: date, tz: str, minutes: int) -> None:
    plan = ShiftPlan(cycle=cycle, first_day=first)
    schedule = Schedule(tz, time(16, 0), shifts=plan)
    now = datetime.combine(first, time(0, 0), tzinfo=ZoneInfo(tz)).astimezone(UTC) + timedelta(
        minutes=minutes)
    upcoming = next_occurrence(now, schedule)
    assert upcoming is not None and upcoming > now
    day = local_date(now, tz) - timedelta(days=1)
    candidates = [m for n in range(len(cycle) + 3)
                  if (m := prompt_moment(day + timedelta(days=n), plan, tz)) is not None and m > now]
    assert upcoming == min(candidates)


def test_a_late_shift_is_asked_at_a_quarter_past_ten_and_a_night_shift_next_morning() -> None:
    plan = ShiftPlan(cycle=KNOWN_CYCLES["2224"], first_day=date(2026, 11, 30))
    asked = [prompt_moment(date(2026, 11, 30) + timedelta(days=n), plan, AMS) for n in range(10)]
    shown = [local(m, AMS).strftime("%a %H:%M") if m else "-" for m in asked]
    assert shown == ["Mon 14:15", "Tue 14:15", "Wed 22:15", "Thu 22:15", "Sat 06:15", "Sun 06:15",
                     "-", "-", "-", "-"]


def test_a_shift_that_would_be_asked_after_eleven_is_asked_at_its_end() -> None:
    plan = ShiftPlan(cycle="L", first_day=date(2026, 11, 30), times={"L": (time(15, 0), time(22, 50))})
    moment = prompt_moment(date(2026, 11, 30), plan, AMS)
    assert moment is not None and local(moment, AMS).strftime("%H:%M") == "22:50"


def test_the_night_shift_over_the_october_change_ends_an_hour_later_in_utc() -> None:
    plan = ShiftPlan(cycle="N", first_day=date(2026, 10, 24))
    before = plan.span(date(2026, 10, 24), AMS)  # Sat 22:00 → Sun 06:00, the clocks go back
    assert before is not None and before[1] - before[0] == timedelta(hours=9)
    moment = prompt_moment(date(2026, 10, 24), plan, AMS)
    assert moment is not None and local(moment, AMS).strftime("%a %H:%M") == "Sun 06:15"


def test_weekly_told_shifts_and_typed_cycles() -> None:
    told = ShiftPlan(told={date(2026, 12, 7): "N", date(2026, 12, 8): "-"})
    assert told.weekly and told.shift_on(date(2026, 12, 7)) == "N"
    assert told.shift_on(date(2026, 12, 8)) is None and told.shift_on(date(2026, 12, 9)) is None
    assert parse_cycle("V V L L N N - - - -") == "EELLNN----"
    assert parse_cycle("vvllnn----") == "EELLNN----"
    assert parse_cycle("hallo") is None and parse_cycle("----") is None
