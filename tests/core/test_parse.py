"""Reading the times and dates people type."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.core.parse import parse_date, parse_time, resume_date_is_valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16:45", time(16, 45)),
        ("16.45", time(16, 45)),
        ("4:45 pm", time(16, 45)),
        ("4:45PM", time(16, 45)),
        ("4:45 p.m.", time(16, 45)),
        ("9:15 am", time(9, 15)),
        ("16u45", time(16, 45)),
        ("16h45", time(16, 45)),
        ("9 uur", time(9, 0)),
        ("7", time(7, 0)),
        ("07:30", time(7, 30)),
        ("1645", time(16, 45)),
        ("0730", time(7, 30)),
        ("om 8.30", time(8, 30)),
        ("at 8:30", time(8, 30)),
        ("  16:45  ", time(16, 45)),
        ("12 am", time(0, 0)),
        ("12 pm", time(12, 0)),
        ("0:00", time(0, 0)),
        ("4 pm", time(16, 0)),
        ("16:45 uur", time(16, 45)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time_accepts(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["25:00", "24:00", "16:60", "abc", "", "   ", "13 pm", "0 am", "4:5", "16:4", "2400"],
)
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24-12", date(2026, 12, 24)),
        ("24/12", date(2026, 12, 24)),
        ("24.12", date(2026, 12, 24)),
        ("1-7", date(2026, 7, 1)),
        ("24/12/2026", date(2026, 12, 24)),
        ("2026-12-24", date(2026, 12, 24)),
        ("24-12-26", date(2026, 12, 24)),
        ("15-06", date(2026, 6, 15)),  # today itself, as typed; resume_date_is_valid rejects it
        ("14-06", date(2027, 6, 14)),  # yesterday's day-month: next year
        ("01-03", date(2027, 3, 1)),  # a past day-month rolls to next year
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31-02", "32-01", "24-13", "0-5", "abc", "", "2026-02-30", "31/04/2026"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text, TODAY) is None


def test_parse_date_leap_day_without_year_is_the_next_one_ahead() -> None:
    # On 1 December 2027 the next 29 February is 29 February 2028, 90 days ahead.
    assert parse_date("29-02", date(2027, 12, 1)) == date(2028, 2, 29)


def test_parse_date_leap_day_in_a_leap_year() -> None:
    assert parse_date("29-02", date(2028, 1, 10)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("offset_days", "valid"),
    [(-1, False), (0, False), (1, True), (30, True), (366, True), (367, False)],
)
def test_resume_date_is_tomorrow_at_the_earliest_and_within_a_year(offset_days: int, valid: bool) -> None:
    assert resume_date_is_valid(TODAY + timedelta(days=offset_days), TODAY) is valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("half 5", time(16, 30)),
        ("half vijf", time(16, 30)),
        ("Half Vijf", time(16, 30)),
        ("om half 5", time(16, 30)),
        ("kwart over 4", time(16, 15)),
        ("kwart voor 5", time(16, 45)),
        ("kwart over half 5", time(16, 45)),
        ("kwart voor half 5", time(16, 15)),
        ("half 8", time(7, 30)),
        ("kwart over acht", time(8, 15)),
        ("half 1", time(12, 30)),
        ("half twaalf", time(11, 30)),
        ("quarter past 4", time(16, 15)),
        ("half past four", time(16, 30)),
        ("a quarter to 5", time(16, 45)),
    ],
)
def test_parse_time_understands_spoken_dutch_and_english(text: str, expected: time) -> None:
    """How people say a time; an hour up to 6 on the clock face is the afternoon."""
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["half", "half dertien", "kwart over 13", "half 0",
                                  "de machine stond stil vandaag"])
def test_parse_time_refuses_what_is_no_spoken_time(text: str) -> None:
    assert parse_time(text) is None
