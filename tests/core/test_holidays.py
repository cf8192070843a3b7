"""No question on a public holiday for fixed work days; shift rosters go on."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from bot.core.holidays import holiday_country, holiday_on
from bot.core.schedule import Schedule, next_occurrence, next_work_day, occurrence_on
from bot.core.shifts import ShiftPlan

AMS = "Europe/Amsterdam"
CHRISTMAS = date(2026, 12, 25)  # a Friday


def test_the_country_follows_the_time_zone() -> None:
    assert holiday_country(AMS) == "NL"
    assert holiday_country("Europe/Brussels") == "BE"
    assert holiday_country("America/New_York") is None


def test_dutch_and_belgian_holidays_by_name() -> None:
    assert holiday_on(CHRISTMAS, "NL") == "Eerste kerstdag"
    assert holiday_on(date(2027, 4, 27), "NL") == "Koningsdag"
    assert holiday_on(date(2027, 4, 27), "BE") is None
    assert holiday_on(date(2027, 7, 21), "BE") is not None
    assert holiday_on(date(2026, 12, 24), "NL") is None
    assert holiday_on(CHRISTMAS, None) is None


def test_fixed_days_skip_christmas_and_new_year() -> None:
    schedule = Schedule(AMS, time(16, 0), holidays="NL")
    assert occurrence_on(CHRISTMAS, schedule) is None
    assert occurrence_on(date(2026, 12, 24), schedule) is not None
    # Thursday 24th: the next question is on Monday 28th, not on Christmas Day
    assert next_work_day(date(2026, 12, 24), schedule) == date(2026, 12, 28)
    after = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # New Year's Eve, after the prompt
    upcoming = next_occurrence(after, schedule)
    assert upcoming is not None and upcoming.date() == date(2027, 1, 4)


def test_a_learner_without_a_holiday_country_keeps_every_work_day() -> None:
    schedule = Schedule("America/New_York", time(16, 0))
    assert occurrence_on(CHRISTMAS, schedule) is not None


def test_a_shift_roster_runs_through_holidays() -> None:
    plan = ShiftPlan(cycle="EEEEEEE", first_day=date(2026, 12, 21))
    schedule = Schedule(AMS, time(16, 0), shifts=plan, holidays="NL")
    assert occurrence_on(CHRISTMAS, schedule) is not None
