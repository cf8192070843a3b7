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


def parse_time(text: str) -> time | None:
    """``16:45``, ``16.45``, ``16u45``, ``4:45 pm``, ``9 uur``, ``1645`` → a time, else None."""
    match = _TIME.match(text) or _COMPACT.match(text)
    if not match:
        return None
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
