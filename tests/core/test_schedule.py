"""When does a learner get the daily prompt? Local time, work days, DST and pauses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.core.schedule import (
    Schedule,
    at_local,
    due_today,
    end_of_local_day,
    next_occurrence,
    next_work_day,
    occurrence_on,
    week_start,
)

AMS = "Europe/Amsterdam"
NYC = "America/New_York"
KOLKATA = "Asia/Kolkata"
AUCKLAND = "Pacific/Auckland"
FOUR_PM = time(16, 0)
EVERY_DAY = frozenset(range(1, 8))
TUE_THU_SAT = frozenset({2, 4, 6})


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def local(tz: str, y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A wall-clock moment in ``tz``, as the UTC ``now`` the functions expect."""
    return datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(tz)).astimezone(UTC)


# --- 16:00 local in several zones, winter and summer -------------------------------------


@pytest.mark.parametrize(
    ("tz", "day", "expected"),
    [
        (AMS, date(2026, 1, 14), utc(2026, 1, 14, 15)),  # CET, UTC+1
        (AMS, date(2026, 7, 15), utc(2026, 7, 15, 14)),  # CEST, UTC+2
        (NYC, date(2026, 1, 14), utc(2026, 1, 14, 21)),  # EST, UTC-5
        (NYC, date(2026, 7, 15), utc(2026, 7, 15, 20)),  # EDT, UTC-4
        (KOLKATA, date(2026, 1, 14), utc(2026, 1, 14, 10, 30)),  # IST, UTC+5:30, no DST
        (KOLKATA, date(2026, 7, 15), utc(2026, 7, 15, 10, 30)),
        (AUCKLAND, date(2026, 1, 14), utc(2026, 1, 14, 3)),  # NZDT (summer), UTC+13
        (AUCKLAND, date(2026, 7, 15), utc(2026, 7, 15, 4)),  # NZST (winter), UTC+12
    ],
)
def test_prompt_comes_at_local_four_pm(tz: str, day: date, expected: datetime) -> None:
    schedule = Schedule(tz, FOUR_PM)
    assert occurrence_on(day, schedule) == expected
    assert next_occurrence(local(tz, day.year, day.month, day.day, 8), schedule) == expected
    assert expected.astimezone(ZoneInfo(tz)).time() == FOUR_PM


def test_auckland_prompt_is_on_the_local_day_even_though_utc_is_the_day_before() -> None:
    # Monday 16:00 in Auckland (winter) is Monday 04:00 UTC; Sunday 23:00 UTC is
    # already Monday 11:00 there, so the next prompt is that same Monday.
    schedule = Schedule(AUCKLAND, FOUR_PM)
    assert next_occurrence(utc(2026, 6, 14, 23), schedule) == utc(2026, 6, 15, 4)


def test_auckland_dst_ends_in_april() -> None:
    # NZ summer time ends on Sunday 5 April 2026: 16:00 moves from 03:00 to 04:00 UTC.
    schedule = Schedule(AUCKLAND, FOUR_PM)
    assert occurrence_on(date(2026, 4, 3), schedule) == utc(2026, 4, 3, 3)
    assert next_occurrence(utc(2026, 4, 3, 3), schedule) == utc(2026, 4, 6, 4)


# --- the DST weeks of 2026 ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "days_and_expected"),
    [
        # Europe: summer time starts Sunday 29 March 2026 (16:00 CEST = 14:00 UTC).
        (AMS, [(date(2026, 3, 27), utc(2026, 3, 27, 15)), (date(2026, 3, 28), utc(2026, 3, 28, 15)),
               (date(2026, 3, 29), utc(2026, 3, 29, 14)), (date(2026, 3, 30), utc(2026, 3, 30, 14))]),
        # Europe: summer time ends Sunday 25 October 2026.
        (AMS, [(date(2026, 10, 24), utc(2026, 10, 24, 14)), (date(2026, 10, 25), utc(2026, 10, 25, 15)),
               (date(2026, 10, 26), utc(2026, 10, 26, 15))]),
        # US: daylight time starts Sunday 8 March 2026.
        (NYC, [(date(2026, 3, 7), utc(2026, 3, 7, 21)), (date(2026, 3, 8), utc(2026, 3, 8, 20)),
               (date(2026, 3, 9), utc(2026, 3, 9, 20))]),
        # US: daylight time ends Sunday 1 November 2026.
        (NYC, [(date(2026, 10, 31), utc(2026, 10, 31, 20)), (date(2026, 11, 1), utc(2026, 11, 1, 21)),
               (date(2026, 11, 2), utc(2026, 11, 2, 21))]),
    ],
)
def test_dst_changes_keep_the_prompt_at_four_pm_local(
    tz: str, days_and_expected: list[tuple[date, datetime]]
) -> None:
    schedule = Schedule(tz, FOUR_PM, EVERY_DAY)
    for day, expected in days_and_expected:
        assert occurrence_on(day, schedule) == expected, day
    # Walking with next_occurrence from one prompt to the next gives the same moments.
    moments = [expected for _, expected in days_and_expected]
    for before, after in pairwise(moments):
        assert next_occurrence(before, schedule) == after


def test_weekday_learner_gets_friday_then_monday_across_european_spring_change() -> None:
    schedule = Schedule(AMS, FOUR_PM)  # Mon-Fri
    assert next_occurrence(utc(2026, 3, 27, 15), schedule) == utc(2026, 3, 30, 14)


def test_between_the_us_and_the_european_change_the_offsets_differ() -> None:
    # Tuesday 10 March 2026: New York is on EDT already, Amsterdam still on CET.
    day = date(2026, 3, 10)
    assert occurrence_on(day, Schedule(NYC, FOUR_PM)) == utc(2026, 3, 10, 20)
    assert occurrence_on(day, Schedule(AMS, FOUR_PM)) == utc(2026, 3, 10, 15)


def test_prompt_time_in_the_skipped_spring_hour_comes_an_hour_later() -> None:
    # 02:30 does not exist in Amsterdam on 29 March 2026 (02:00 -> 03:00).
    moment = at_local(date(2026, 3, 29), time(2, 30), AMS)
    assert moment == utc(2026, 3, 29, 1, 30)
    wall = moment.astimezone(ZoneInfo(AMS))
    assert (wall.date(), wall.time()) == (date(2026, 3, 29), time(3, 30))
    schedule = Schedule(AMS, time(2, 30), EVERY_DAY)
    assert next_occurrence(utc(2026, 3, 28, 12), schedule) == utc(2026, 3, 29, 1, 30)
    assert next_occurrence(utc(2026, 3, 29, 1, 30), schedule) == utc(2026, 3, 30, 0, 30)


def test_prompt_time_in_the_repeated_autumn_hour_comes_the_first_time() -> None:
    # 02:30 happens twice in Amsterdam on 25 October 2026; the prompt comes once, the first time.
    schedule = Schedule(AMS, time(2, 30), EVERY_DAY)
    assert occurrence_on(date(2026, 10, 25), schedule) == utc(2026, 10, 25, 0, 30)
    assert next_occurrence(utc(2026, 10, 25, 0, 30), schedule) == utc(2026, 10, 26, 1, 30)


# --- work days ---------------------------------------------------------------------------


def test_default_work_days_are_monday_to_friday() -> None:
    schedule = Schedule(AMS, FOUR_PM)
    assert schedule.work_days == frozenset({1, 2, 3, 4, 5})
    friday_evening = local(AMS, 2026, 6, 12, 20)
    assert next_occurrence(friday_evening, schedule) == local(AMS, 2026, 6, 15, 16)
    assert occurrence_on(date(2026, 6, 13), schedule) is None  # Saturday
    assert occurrence_on(date(2026, 6, 14), schedule) is None  # Sunday


def test_tue_thu_sat_worker_gets_saturday_after_friday_evening() -> None:
    schedule = Schedule(AMS, FOUR_PM, TUE_THU_SAT)
    assert next_occurrence(local(AMS, 2026, 6, 12, 20), schedule) == local(AMS, 2026, 6, 13, 16)


def test_tue_thu_sat_worker_gets_tuesday_after_saturdays_prompt_time() -> None:
    schedule = Schedule(AMS, FOUR_PM, TUE_THU_SAT)
    saturday_prompt = local(AMS, 2026, 6, 13, 16)
    tuesday_prompt = local(AMS, 2026, 6, 16, 16)
    assert next_occurrence(local(AMS, 2026, 6, 13, 17), schedule) == tuesday_prompt
    # "Strictly after": at the very moment of Saturday's prompt, the next one is Tuesday.
    assert next_occurrence(saturday_prompt, schedule) == tuesday_prompt
    assert next_occurrence(saturday_prompt - timedelta(seconds=1), schedule) == saturday_prompt


def test_same_day_before_the_prompt_time_gives_today() -> None:
    schedule = Schedule(AMS, FOUR_PM)
    assert next_occurrence(local(AMS, 2026, 6, 15, 9), schedule) == local(AMS, 2026, 6, 15, 16)


def test_no_work_days_means_no_prompt() -> None:
    schedule = Schedule(AMS, FOUR_PM, frozenset())
    assert next_occurrence(utc(2026, 6, 15, 8), schedule) is None
    assert due_today(utc(2026, 6, 15, 20), schedule) is None
    assert next_work_day(date(2026, 6, 15), schedule) is None


# --- pauses ------------------------------------------------------------------------------


def test_pause_without_end_means_no_prompt() -> None:
    schedule = Schedule(AMS, FOUR_PM, paused=True)
    assert next_occurrence(utc(2026, 6, 15, 8), schedule) is None
    assert due_today(utc(2026, 6, 15, 20), schedule) is None
    assert next_work_day(date(2026, 6, 15), schedule) is None


def test_pause_with_resume_date_gives_first_prompt_on_that_day_not_before() -> None:
    resume_on = date(2026, 6, 17)  # a Wednesday
    schedule = Schedule(AMS, FOUR_PM, paused=True, resume_on=resume_on)
    monday_morning = local(AMS, 2026, 6, 15, 8)
    assert next_occurrence(monday_morning, schedule) == local(AMS, 2026, 6, 17, 16)
    assert occurrence_on(date(2026, 6, 15), schedule) is None
    assert occurrence_on(date(2026, 6, 16), schedule) is None
    assert due_today(local(AMS, 2026, 6, 16, 20), schedule) is None
    assert due_today(local(AMS, 2026, 6, 17, 16, 5), schedule) == local(AMS, 2026, 6, 17, 16)
    assert next_work_day(date(2026, 6, 15), schedule) == resume_on


def test_pause_until_a_saturday_resumes_on_the_next_work_day() -> None:
    schedule = Schedule(AMS, FOUR_PM, paused=True, resume_on=date(2026, 6, 20))
    assert next_occurrence(local(AMS, 2026, 6, 15, 8), schedule) == local(AMS, 2026, 6, 22, 16)


# --- due today ---------------------------------------------------------------------------


def test_due_today_only_once_the_time_has_come() -> None:
    schedule = Schedule(AMS, FOUR_PM)
    prompt = local(AMS, 2026, 6, 15, 16)
    assert due_today(prompt - timedelta(minutes=1), schedule) is None
    assert due_today(prompt, schedule) == prompt
    assert due_today(local(AMS, 2026, 6, 15, 23, 59), schedule) == prompt


def test_due_today_is_none_on_a_day_off() -> None:
    schedule = Schedule(AMS, FOUR_PM)
    assert due_today(local(AMS, 2026, 6, 13, 20), schedule) is None  # Saturday evening
    assert due_today(local(AMS, 2026, 6, 13, 20), Schedule(AMS, FOUR_PM, TUE_THU_SAT)) is not None


def test_due_today_uses_the_learners_local_date() -> None:
    # 20:00 UTC Monday is 01:30 Tuesday in Kolkata: Tuesday's prompt is not due yet,
    # and Monday's (10:30 UTC) is no longer "today".
    schedule = Schedule(KOLKATA, FOUR_PM)
    assert due_today(utc(2026, 6, 15, 20), schedule) is None
    assert due_today(utc(2026, 6, 15, 11), schedule) == utc(2026, 6, 15, 10, 30)


# --- end of day and weeks ----------------------------------------------------------------


def test_end_of_local_day_is_local_midnight() -> None:
    assert end_of_local_day(date(2026, 6, 15), AMS) == utc(2026, 6, 15, 22)
    assert end_of_local_day(date(2026, 6, 15), KOLKATA) == utc(2026, 6, 15, 18, 30)
    assert end_of_local_day(date(2026, 6, 15), NYC) == utc(2026, 6, 16, 4)


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (AMS, date(2026, 3, 29), 23),
        (AMS, date(2026, 10, 25), 25),
        (AMS, date(2026, 6, 15), 24),
        (NYC, date(2026, 3, 8), 23),
        (NYC, date(2026, 11, 1), 25),
        (AUCKLAND, date(2026, 4, 5), 25),
        (AUCKLAND, date(2026, 9, 27), 23),
    ],
)
def test_a_dst_day_is_23_or_25_hours_long(tz: str, day: date, hours: int) -> None:
    length = end_of_local_day(day, tz) - end_of_local_day(day - timedelta(days=1), tz)
    assert length == timedelta(hours=hours)


def test_end_of_day_across_spring_change() -> None:
    assert end_of_local_day(date(2026, 3, 28), AMS) == utc(2026, 3, 28, 23)
    assert end_of_local_day(date(2026, 3, 29), AMS) == utc(2026, 3, 29, 22)
    assert end_of_local_day(date(2026, 10, 24), AMS) == utc(2026, 10, 24, 22)
    assert end_of_local_day(date(2026, 10, 25), AMS) == utc(2026, 10, 25, 23)


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 3, 30), date(2026, 3, 30)),  # a Monday is its own week start
        (date(2026, 3, 29), date(2026, 3, 23)),  # Sunday belongs to the week before
        (date(2026, 4, 2), date(2026, 3, 30)),
        (date(2026, 1, 1), date(2025, 12, 29)),  # across the new year
    ],
)
def test_week_start_is_monday(day: date, monday: date) -> None:
    assert week_start(day) == monday


def test_next_work_day_skips_the_weekend() -> None:
    schedule = Schedule(AMS, FOUR_PM)
    assert next_work_day(date(2026, 6, 12), schedule) == date(2026, 6, 15)
    assert next_work_day(date(2026, 6, 15), schedule) == date(2026, 6, 16)
