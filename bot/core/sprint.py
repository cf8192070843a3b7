"""Learning sprints: a team follows one programme together, day by day. Pure functions.

No I/O, no clock, no catalog: every function takes the dates it needs.

Rules:

- A sprint **starts on a Monday** and lasts ``weeks`` weeks (1..``MAX_WEEKS``). Its days
  are the work days **Monday–Friday**, counted from the start: Monday of week 1 is day
  index 0, Friday of week 1 is index 4, Monday of week 2 is index 5, and so on. Saturdays
  and Sundays are no sprint days. The sprint **ends on the Friday of its last week**.
- **Synchronised days**: sprint day ``index`` asks the programme's day ``index`` prompt.
  "Today" is each member's *local* date (their own time zone), so everyone gets the
  same day's prompt at their own time, even when it is already tomorrow in UTC or
  still yesterday for someone else. Callers pass ``local_date(now, member.tz)``.
- **A late joiner** starts at the sprint's current day: a member who joins on Wednesday
  of week 2 gets day index 7, not day 0. Nothing is caught up; the days before are
  simply not theirs (``first_day_from`` says which day comes next for them).
- **The last day** (the last Friday) asks the retrospective instead of the programme's
  prompt: ``prompt_for`` returns None that day and ``SprintDay.is_last`` is True.
- **A sprint longer than its programme** (for example after ``extend``): days beyond the
  programme's last day have no programme prompt (``prompt_for`` returns None, and
  ``current_week_theme`` returns None for weeks beyond the programme's weeks).
- **Extending** adds one week, up to ``MAX_WEEKS``; the last day moves with it.
- **Default length**: the programme's number of weeks, clamped to 2..6.
- **A week's report waits** (``report_wait``): the Friday digest and the final report
  are due at 17:00 but wait until every member's last prompt of the week has been sent
  and answered or has expired, so a retrospective at 17:00 or a member in another time
  zone is in it. Whatever is still open at ``REPORT_DEADLINE`` the next morning stays
  out. When the wait ends late in the evening (from ``QUIET_FROM``), the report waits
  for that morning rather than waking the lead.
- **Default start**: ``next_monday(today)``, the first Monday *strictly after* today.
  On a Monday that is the Monday a week later: a sprint announced today gives the team
  time to join, and today's prompt time may already have passed for some members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.programme import Programme, Prompt, Texts

DAYS_PER_WEEK = 5  # Monday to Friday
MIN_DEFAULT_WEEKS = 2
MAX_DEFAULT_WEEKS = 6
MAX_WEEKS = 8  # extending stops here
QUIET_FROM = time(21, 0)  # a report that is ready this late waits for the morning
REPORT_DEADLINE = time(8, 0)  # the next morning: the report goes out, open prompts or not
RECHECK = timedelta(minutes=10)


@dataclass(frozen=True)
class SprintDay:
    """One work day of a sprint. ``index`` and ``week`` are 0-based."""

    index: int
    week: int
    is_last: bool


def _check(start: date, weeks: int) -> None:
    if start.isoweekday() != 1:
        raise ValueError(f"a sprint starts on a Monday, not on {start.isoformat()}")
    if weeks < 1:
        raise ValueError(f"a sprint lasts at least one week, not {weeks}")


def sprint_end(start: date, weeks: int) -> date:
    """The last day of the sprint: the Friday of its last week."""
    _check(start, weeks)
    return start + timedelta(days=7 * (weeks - 1) + DAYS_PER_WEEK - 1)


def sprint_days(weeks: int) -> int:
    """How many sprint days a sprint of ``weeks`` weeks has."""
    return weeks * DAYS_PER_WEEK


def sprint_day(start: date, weeks: int, day: date) -> SprintDay | None:
    """The sprint day of the (local) date ``day``; None before the start, after the end
    and on Saturday or Sunday."""
    end = sprint_end(start, weeks)
    if day < start or day > end or day.isoweekday() > DAYS_PER_WEEK:
        return None
    week = (day - start).days // 7
    return SprintDay(index=week * DAYS_PER_WEEK + day.weekday(), week=week, is_last=day == end)


def date_of(start: date, weeks: int, index: int) -> date | None:
    """The date of sprint day ``index``; None outside the sprint."""
    _check(start, weeks)
    if not 0 <= index < sprint_days(weeks):
        return None
    week, weekday = divmod(index, DAYS_PER_WEEK)
    return start + timedelta(days=7 * week + weekday)


def first_day_from(start: date, weeks: int, day: date) -> tuple[date, SprintDay] | None:
    """The first sprint day on or after ``day`` (a member's local date), or None when the
    sprint is over. A late joiner starts here: today if today is a sprint day, else the
    next one (Monday, after joining at the weekend)."""
    end = sprint_end(start, weeks)
    current = max(day, start)
    while current <= end:
        found = sprint_day(start, weeks, current)
        if found is not None:
            return current, found
        current += timedelta(days=1)
    return None


def prompt_for(programme: Programme, start: date, weeks: int, day: date) -> Prompt | None:
    """The programme's prompt for the sprint day of ``day`` (the member's local date).

    None on a day that is no sprint day, on the last day (the retrospective replaces the
    prompt: check ``sprint_day(...).is_last``) and beyond the programme's last day."""
    found = sprint_day(start, weeks, day)
    if found is None or found.is_last:
        return None
    days = programme.days
    return days[found.index] if found.index < len(days) else None


def sprint_week(start: date, weeks: int, day: date) -> int | None:
    """The 0-based sprint week of ``day``, weekends included: from the start Monday up to
    and including the last Friday. None outside that span."""
    end = sprint_end(start, weeks)
    if day < start or day > end:
        return None
    return (day - start).days // 7


def current_week_theme(programme: Programme, start: date, weeks: int, day: date) -> Texts | None:
    """The theme of the programme's week that the sprint is in on ``day`` (week ``w`` of
    the sprint is week ``w`` of the programme); None outside the sprint and for sprint
    weeks beyond the programme's weeks."""
    week = sprint_week(start, weeks, day)
    if week is None or week >= len(programme.weeks):
        return None
    return programme.weeks[week].theme


def extend(weeks: int) -> int:
    """One week more, up to ``MAX_WEEKS``."""
    return min(MAX_WEEKS, max(1, weeks) + 1)


def can_extend(weeks: int) -> bool:
    return weeks < MAX_WEEKS


def default_weeks(programme: Programme) -> int:
    """The programme's number of weeks, clamped to 2..6."""
    return min(MAX_DEFAULT_WEEKS, max(MIN_DEFAULT_WEEKS, len(programme.weeks)))


def next_monday(today: date) -> date:
    """The first Monday strictly after ``today`` (on a Monday: a week later)."""
    return today + timedelta(days=7 - today.weekday())


def report_wait(now: datetime, waiting: bool, quiet_from: datetime, deadline: datetime
                ) -> datetime | None:
    """When to look again at a week's report that is due; None: send it now.

    ``waiting``: some member's prompt of the week is still to be sent or answered.
    ``quiet_from`` and ``deadline`` are that evening's ``QUIET_FROM`` and the next
    morning's ``REPORT_DEADLINE`` in the sprint's time zone."""
    if now >= deadline:
        return None
    if now >= quiet_from:
        return deadline
    if not waiting:
        return None
    return min(now + RECHECK, quiet_from)


def awake(now: datetime, tz: str) -> datetime:
    """``now``, or the next ``REPORT_DEADLINE`` (08:00) in ``tz`` when it is night there
    (from ``QUIET_FROM``): a member's final report comes in their own day."""
    local = now.astimezone(ZoneInfo(tz))
    if REPORT_DEADLINE <= local.time() < QUIET_FROM:
        return now
    day = local.date() if local.time() < REPORT_DEADLINE else local.date() + timedelta(days=1)
    return datetime.combine(day, REPORT_DEADLINE, tzinfo=ZoneInfo(tz)).astimezone(now.tzinfo)
