"""When a learner gets a prompt: local time, work days, daylight saving and pauses.

All functions take an explicit UTC ``now`` and return UTC datetimes, so the store can
compare them as plain text and the tests can walk through any day of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.holidays import holiday_on
from bot.core.shifts import ShiftPlan, prompt_moment

WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)
"""ISO weekdays: 1 = Monday … 7 = Sunday (not APScheduler's 0 = Sunday)."""

DEFAULT_WORK_DAYS = frozenset({1, 2, 3, 4, 5})


@dataclass(frozen=True)
class Schedule:
    """A learner's rhythm. ``resume_on`` is the first day prompts come again."""

    tz: str
    prompt_time: time
    work_days: frozenset[int] = DEFAULT_WORK_DAYS
    paused: bool = False
    resume_on: date | None = None
    shifts: ShiftPlan | None = None  # rotating shifts: prompts follow each shift's end
    holidays: str | None = None  # the country whose public holidays are days off (NL, BE)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def paused_on(self, day: date) -> bool:
        """Paused with a resume date: paused before it. Paused without one: paused."""
        if not self.paused:
            return False
        return self.resume_on is None or day < self.resume_on


def local_date(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def at_local(day: date, at: time, tz: str) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day``.

    A time skipped by the spring change (02:30 in Amsterdam) lands one hour later,
    and an ambiguous autumn time is taken the first time it occurs (PEP 495 fold=0).
    """
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def end_of_local_day(day: date, tz: str) -> datetime:
    """The first UTC instant of the next local day: a prompt expires then, unsent."""
    return at_local(day + timedelta(days=1), time(0, 0), tz)


def works_on(day: date, schedule: Schedule) -> bool:
    """A work day: a shift starts on it, or (without shifts) one of the chosen days that
    is not a public holiday."""
    if schedule.shifts is not None:
        return schedule.shifts.shift_on(day) is not None
    return day.isoweekday() in schedule.work_days and holiday_on(day, schedule.holidays) is None


def occurrence_on(day: date, schedule: Schedule) -> datetime | None:
    """The prompt about work day ``day``, in UTC, or None when there is none.

    With shifts it follows the end of that day's shift, so a night shift's prompt
    comes the next morning but still belongs to ``day``.
    """
    if not works_on(day, schedule) or schedule.paused_on(day):
        return None
    if schedule.shifts is not None:
        return prompt_moment(day, schedule.shifts, schedule.tz)
    return at_local(day, schedule.prompt_time, schedule.tz)


def due_now(now: datetime, schedule: Schedule) -> tuple[date, datetime] | None:
    """The work day whose prompt has come and may still go out today, with its moment.

    Only a prompt that arrives on today's local date counts (yesterday's night shift
    is asked about this morning); of two, the later one (the earlier was planned).
    """
    today = local_date(now, schedule.tz)
    days = (today - timedelta(days=1), today) if schedule.shifts is not None else (today,)
    found = None
    for day in days:
        occ = occurrence_on(day, schedule)
        if occ is not None and occ <= now and local_date(occ, schedule.tz) == today:
            found = (day, occ)
    return found


def due_today(now: datetime, schedule: Schedule) -> datetime | None:
    """Today's prompt time if it has come (and today is a prompt day), else None."""
    found = due_now(now, schedule)
    return found[1] if found is not None else None


def next_occurrence(after: datetime, schedule: Schedule, horizon_days: int = 400) -> datetime | None:
    """The first prompt time strictly after ``after``; None when there is none ahead.

    None means paused without an end date or no work days: the planner then leaves
    the learner alone until a setting changes.
    """
    if not schedule.work_days and schedule.shifts is None:
        return None
    day = local_date(after, schedule.tz) - timedelta(days=1)  # a night shift's morning
    for _ in range(horizon_days + 1):
        occ = occurrence_on(day, schedule)
        if occ is not None and occ > after:
            return occ
        day += timedelta(days=1)
    return None


def next_work_day(after: date, schedule: Schedule) -> date | None:
    """The next local day with a prompt, for telling a learner when to expect one."""
    for offset in range(1, 400):
        day = after + timedelta(days=offset)
        if works_on(day, schedule) and not schedule.paused_on(day):
            return day
    return None


def week_start(day: date) -> date:
    """Monday of the ISO week of ``day``: summaries and sprints count in these weeks."""
    return day - timedelta(days=day.isoweekday() - 1)


def next_weekly(after: datetime, tz: str, weekday: int, at: time) -> datetime:
    """The first ``weekday`` (ISO) at local ``at`` strictly after ``after``: weekly summaries."""
    day = local_date(after, tz)
    for offset in range(15):
        candidate = day + timedelta(days=offset)
        if candidate.isoweekday() == weekday:
            occurrence = at_local(candidate, at, tz)
            if occurrence > after:
                return occurrence
    raise AssertionError("a weekday recurs within two weeks")  # pragma: no cover

