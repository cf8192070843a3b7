"""Reading what people type: times and dates, in the many ways people write them."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

_TIME = re.compile(
    r"""^\s*(?:om\s+|at\s+)?
    (?P<h>\d{1,2})
    (?:\s*[:.hu]\s*(?P<m>\d{2}))?
    \s*(?P<ampm>[ap]\.?\s?m\.?)?
    \s*(?:uur|u|h)?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_COMPACT = re.compile(r"^\s*(?P<h>\d{2})(?P<m>\d{2})\s*$")


_NUMBER_WORDS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_HOUR = r"(?P<h>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_SPOKEN = (
    # (pattern, minutes added to the named hour): "half 5" is 4:30, "kwart voor 5" 4:45
    (re.compile(r"^half\s+" + _HOUR + "$"), -30),
    (re.compile(r"^kwart\s+over\s+half\s+" + _HOUR + "$"), -15),
    (re.compile(r"^kwart\s+voor\s+half\s+" + _HOUR + "$"), -45),
    (re.compile(r"^kwart\s+over\s+" + _HOUR + "$"), 15),
    (re.compile(r"^kwart\s+voor\s+" + _HOUR + "$"), -15),
    (re.compile(r"^half\s+past\s+" + _HOUR + "$"), 30),
    (re.compile(r"^(?:a\s+)?quarter\s+past\s+" + _HOUR + "$"), 15),
    (re.compile(r"^(?:a\s+)?quarter\s+to\s+" + _HOUR + "$"), -15),
)
AFTERNOON_UNTIL = 6
"""A spoken time names an hour on a clock face: a named hour up to 6 means the afternoon.

Nobody wants a work prompt at 04:30, so "half 5" is 16:30 and "kwart over 4" 16:15;
"half 8" stays 07:30 (early shifts). The learner sees the time in the next message."""


def _spoken_time(text: str) -> time | None:
    """``half 5``, ``half vijf``, ``kwart over 4``, ``kwart voor half 6``, ``quarter to 5``."""
    words = " ".join(text.lower().split()).removeprefix("om ").removeprefix("at ")
    words = words.removesuffix(" uur").removesuffix(" o'clock")
    for pattern, shift in _SPOKEN:
        match = pattern.match(words)
        if match is None:
            continue
        raw = match["h"]
        hour = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        if not 1 <= hour <= 12:
            return None
        minutes = hour * 60 + shift
        if hour <= AFTERNOON_UNTIL:
            minutes += 12 * 60
        minutes %= 24 * 60
        return time(minutes // 60, minutes % 60)
    return None


def parse_time(text: str) -> time | None:
    """``16:45``, ``16.45``, ``16u45``, ``4:45 pm``, ``9 uur``, ``1645``, ``half 5``,
    ``kwart over 4`` → a time, else None."""
    match = _TIME.match(text) or _COMPACT.match(text)
    if not match:
        return _spoken_time(text)
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    ampm = (match.groupdict().get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


_DATE_DMY = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str, today: date) -> date | None:
    """``24-12``, ``24/12/2026``, ``2026-12-24`` → a date; without a year, the next one ahead."""
    try:
        if m := _DATE_ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DATE_DMY.match(text):
            day, month = int(m[1]), int(m[2])
            if m[3]:
                year = int(m[3])
                year += 2000 if year < 100 else 0
                return date(year, month, day)
            for year in range(today.year, today.year + 5):  # 29-02 waits for a leap year
                try:
                    candidate = date(year, month, day)
                except ValueError:
                    if not (month == 2 and day == 29):
                        return None
                    continue
                if candidate >= today:
                    return candidate
    except ValueError:
        return None
    return None


def resume_date_is_valid(resume_on: date, today: date) -> bool:
    """A pause ends tomorrow at the earliest and within a year."""
    return today < resume_on <= today + timedelta(days=366)
