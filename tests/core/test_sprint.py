"""Learning sprints: sprint days, synchronised days across time zones, late joiners,
the last day, extending. Pure functions over explicit dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.programme import Audience, Kind, Programme, Prompt, Week
from bot.core.schedule import at_local, local_date
from bot.core.sprint import (
    MAX_WEEKS,
    SprintDay,
    can_extend,
    current_week_theme,
    date_of,
    default_weeks,
    extend,
    first_day_from,
    next_monday,
    prompt_for,
    sprint_day,
    sprint_end,
)

START = date(2026, 11, 30)  # a Monday
AMSTERDAM, NEW_YORK = "Europe/Amsterdam", "America/New_York"


def programme(weeks: int) -> Programme:
    """A programme with ``weeks`` weeks of five prompts, ids ``w1-0`` … and themes ``theme 1`` …"""
    return Programme(
        id="test", audience=Audience.LEARNER, title={"nl": "Test", "en": "Test"},
        description={"nl": "Test", "en": "Test"},
        weeks=tuple(
            Week(f"w{w + 1}", {"nl": f"thema {w + 1}", "en": f"theme {w + 1}"}, tuple(
                Prompt(f"w{w + 1}-{d}", Kind.OPEN,
                       {"nl": f"vraag {w * 5 + d}", "en": f"question {w * 5 + d}"})
                for d in range(5)
            ))
            for w in range(weeks)
        ),
    )


def days_of(start: date, weeks: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(-3, 7 * weeks + 4)]


# --- sprint days ---------------------------------------------------------------------------


def test_two_week_sprint_days() -> None:
    assert sprint_end(START, 2) == date(2026, 12, 11)
    assert sprint_day(START, 2, START) == SprintDay(0, 0, False)
    assert sprint_day(START, 2, date(2026, 12, 4)) == SprintDay(4, 0, False)  # Friday of week 1
    assert sprint_day(START, 2, date(2026, 12, 5)) is None  # Saturday
    assert sprint_day(START, 2, date(2026, 12, 6)) is None  # Sunday
    assert sprint_day(START, 2, date(2026, 12, 7)) == SprintDay(5, 1, False)  # Monday of week 2
    assert sprint_day(START, 2, date(2026, 12, 11)) == SprintDay(9, 1, True)  # the last Friday
    assert sprint_day(START, 2, date(2026, 12, 12)) is None
    assert sprint_day(START, 2, date(2026, 12, 14)) is None  # after the end
    assert sprint_day(START, 2, START - timedelta(days=1)) is None  # before the start


def test_six_week_sprint_days() -> None:
    end = sprint_end(START, 6)
    assert end == date(2027, 1, 8) and end.isoweekday() == 5
    found = [(d, sprint_day(START, 6, d)) for d in days_of(START, 6)]
    work = [(d, s) for d, s in found if s is not None]
    assert [s.index for _, s in work] == list(range(30))
    assert all(d.isoweekday() <= 5 for d, _ in work)
    assert [s.is_last for _, s in work] == [False] * 29 + [True]
    assert sprint_day(START, 6, date(2026, 12, 4)) == SprintDay(4, 0, False)
    assert sprint_day(START, 6, date(2026, 12, 7)) == SprintDay(5, 1, False)
    assert sprint_day(START, 6, date(2027, 1, 4)) == SprintDay(25, 5, False)
    assert sprint_day(START, 6, date(2027, 1, 11)) is None
    for index in range(30):  # date_of is the inverse of sprint_day
        day = date_of(START, 6, index)
        assert day is not None
        again = sprint_day(START, 6, day)
        assert again is not None and again.index == index
    assert date_of(START, 6, 30) is None and date_of(START, 6, -1) is None


def test_a_sprint_starts_on_a_monday() -> None:
    with pytest.raises(ValueError):
        sprint_day(START + timedelta(days=1), 2, START)
    with pytest.raises(ValueError):
        sprint_end(START, 0)


# --- prompts and themes ----------------------------------------------------------------------


def test_each_sprint_day_asks_the_programmes_prompt_of_that_day() -> None:
    prog = programme(2)
    asked = [prompt_for(prog, START, 2, d) for d in days_of(START, 2)]
    ids = [p.id for p in asked if p is not None]
    # nine days of the programme: the last day (index 9) is the retrospective
    assert ids == [p.id for p in prog.days[:9]]
    assert prompt_for(prog, START, 2, date(2026, 12, 11)) is None
    assert sprint_day(START, 2, date(2026, 12, 11)) == SprintDay(9, 1, True)


def test_week_theme() -> None:
    prog = programme(2)
    assert current_week_theme(prog, START, 2, START) == {"nl": "thema 1", "en": "theme 1"}
    assert current_week_theme(prog, START, 2, date(2026, 12, 6)) == {"nl": "thema 1", "en": "theme 1"}
    assert current_week_theme(prog, START, 2, date(2026, 12, 7)) == {"nl": "thema 2", "en": "theme 2"}
    assert current_week_theme(prog, START, 2, date(2026, 12, 12)) is None  # after the end
    assert current_week_theme(prog, START, 2, START - timedelta(days=1)) is None
    # a sprint longer than the programme: no theme for the extra week
    assert current_week_theme(prog, START, 3, date(2026, 12, 14)) is None


# --- time zones: everyone on the same sprint day, at their own time ---------------------------


def test_same_utc_moment_can_be_different_sprint_days() -> None:
    prog = programme(2)
    moment = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)  # Amsterdam: Wed 04:30, New York: Tue 22:30
    ams, nyc = local_date(moment, AMSTERDAM), local_date(moment, NEW_YORK)
    assert moment.astimezone(ZoneInfo(AMSTERDAM)).date() == date(2026, 12, 2)
    assert (ams, nyc) == (date(2026, 12, 2), date(2026, 12, 1))
    assert sprint_day(START, 2, ams) == SprintDay(2, 0, False)
    assert sprint_day(START, 2, nyc) == SprintDay(1, 0, False)
    assert prompt_for(prog, START, 2, ams) == prog.days[2]
    assert prompt_for(prog, START, 2, nyc) == prog.days[1]

    friday_night = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)  # Amsterdam: Sat 00:30, New York: Fri 18:30
    assert sprint_day(START, 2, local_date(friday_night, AMSTERDAM)) is None
    assert sprint_day(START, 2, local_date(friday_night, NEW_YORK)) == SprintDay(4, 0, False)


def test_each_member_gets_the_days_prompt_at_their_own_local_time() -> None:
    prog = programme(2)
    for offset in range(14):
        day = START + timedelta(days=offset)
        at_ams = at_local(day, time(16, 0), AMSTERDAM)
        at_nyc = at_local(day, time(16, 0), NEW_YORK)
        assert at_ams != at_nyc  # different moments …
        ams = prompt_for(prog, START, 2, local_date(at_ams, AMSTERDAM))
        nyc = prompt_for(prog, START, 2, local_date(at_nyc, NEW_YORK))
        assert ams == nyc  # … the same prompt: the sprint day of their own local date
        if day.isoweekday() <= 5 and day != sprint_end(START, 2):
            assert ams is not None


# --- late joiners -------------------------------------------------------------------------------


def test_a_late_joiner_starts_at_the_current_day() -> None:
    prog = programme(2)
    wednesday_week_2 = date(2026, 12, 9)
    found = sprint_day(START, 2, wednesday_week_2)
    assert found == SprintDay(7, 1, False)
    assert prompt_for(prog, START, 2, wednesday_week_2) == prog.days[7]
    assert first_day_from(START, 2, wednesday_week_2) == (wednesday_week_2, SprintDay(7, 1, False))
    # joining at the weekend: Monday of the next week
    assert first_day_from(START, 2, date(2026, 12, 5)) == (date(2026, 12, 7), SprintDay(5, 1, False))
    # joining before the start: day one; after the end: nothing
    assert first_day_from(START, 2, date(2026, 11, 25)) == (START, SprintDay(0, 0, False))
    assert first_day_from(START, 2, date(2026, 12, 12)) is None


# --- ending and extending -----------------------------------------------------------------------


def test_extending_adds_a_week_and_moves_the_last_day() -> None:
    prog = programme(3)
    old_last = sprint_end(START, 2)
    weeks = extend(2)
    assert weeks == 3
    new_last = sprint_end(START, weeks)
    assert new_last == old_last + timedelta(days=7)
    assert sprint_day(START, weeks, old_last) == SprintDay(9, 1, False)
    assert prompt_for(prog, START, weeks, old_last) == prog.days[9]  # no retrospective any more
    assert sprint_day(START, weeks, new_last) == SprintDay(14, 2, True)
    assert prompt_for(prog, START, weeks, new_last) is None
    assert prompt_for(prog, START, weeks, new_last - timedelta(days=1)) == prog.days[13]


def test_extending_past_the_programme_has_no_prompts_and_stops_at_eight_weeks() -> None:
    prog = programme(2)
    assert prompt_for(prog, START, 3, date(2026, 12, 14)) is None  # day 10: the programme has 10
    assert sprint_day(START, 3, date(2026, 12, 14)) == SprintDay(10, 2, False)
    assert extend(7) == MAX_WEEKS == 8
    assert extend(8) == 8
    assert can_extend(7) and not can_extend(8)


def test_default_length_and_start() -> None:
    assert default_weeks(programme(1)) == 2
    assert default_weeks(programme(4)) == 4
    assert default_weeks(programme(8)) == 6
    assert next_monday(date(2026, 12, 2)) == date(2026, 12, 7)  # Wednesday
    assert next_monday(date(2026, 12, 6)) == date(2026, 12, 7)  # Sunday
    assert next_monday(date(2026, 11, 30)) == date(2026, 12, 7)  # Monday: strictly after
    for offset in range(14):
        monday = next_monday(START + timedelta(days=offset))
        assert monday.isoweekday() == 1 and 1 <= (monday - START - timedelta(days=offset)).days <= 7


def test_a_week_report_waits_for_open_prompts_until_the_evening_then_the_morning() -> None:
    from datetime import UTC, datetime

    from bot.core.sprint import RECHECK, report_wait

    friday_17 = datetime(2026, 12, 4, 16, 0, tzinfo=UTC)
    quiet = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
    morning = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
    assert report_wait(friday_17, False, quiet, morning) is None  # all done: send at 17:00
    assert report_wait(friday_17, True, quiet, morning) == friday_17 + RECHECK  # look again soon
    assert report_wait(quiet - RECHECK / 2, True, quiet, morning) == quiet
    assert report_wait(quiet, True, quiet, morning) == morning  # late: not in the night
    assert report_wait(quiet, False, quiet, morning) == morning  # ready late: the morning too
    assert report_wait(morning, True, quiet, morning) is None  # the morning: open or not


def test_a_report_comes_in_the_members_own_day() -> None:
    from datetime import UTC, datetime

    from bot.core.sprint import awake

    saturday_8_ams = datetime(2026, 12, 12, 7, 0, tzinfo=UTC)  # 02:00 in New York
    assert awake(saturday_8_ams, "Europe/Amsterdam") == saturday_8_ams
    assert awake(saturday_8_ams, "America/New_York") == datetime(2026, 12, 12, 13, 0, tzinfo=UTC)
    late = datetime(2026, 12, 11, 21, 30, tzinfo=UTC)  # 22:30 in Amsterdam: the next morning
    assert awake(late, "Europe/Amsterdam") == saturday_8_ams
