"""Rotating shifts: which shift a learner works on a day, and when its prompt comes.

A reflection question works best just after the work it is about, so for shift
workers the prompt follows the end of the shift (``delay`` minutes later), not a fixed
clock time. A night shift belongs to the day it started and is asked about after it
ends, the next morning. A prompt never lands between 23:00 and 06:00 unless the shift
itself ended in that window (then right after it). Pure functions: no clock, no store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EARLY, LATE, NIGHT, OFF = "E", "L", "N", "-"
CODES = (EARLY, LATE, NIGHT)
DEFAULT_TIMES: dict[str, tuple[time, time]] = {
    EARLY: (time(6, 0), time(14, 0)),
    LATE: (time(14, 0), time(22, 0)),
    NIGHT: (time(22, 0), time(6, 0)),
}
QUIET_FROM, QUIET_UNTIL = time(23, 0), time(6, 0)
DEFAULT_DELAY = 15

# Rosters people name by their rhythm; a learner can also build their own cycle.
KNOWN_CYCLES: dict[str, str] = {
    "2224": "EELLNN----",               # 5-ploegendienst: 2 early, 2 late, 2 night, 4 off
    "3pl": "EEEEE--LLLLL--NNNNN--",     # 3-ploegendienst: a week of each
    "2pl": "EEEEE--LLLLL--",            # 2-ploegendienst: a week early, a week late
}


@dataclass(frozen=True)
class ShiftPlan:
    """A repeating cycle from ``first_day``, or shifts the learner tells week by week.

    ``cycle`` holds one code per day (E, L, N or - for off); empty means "I tell you my
    shifts each week" and ``told`` holds those days. ``times`` may change a shift's
    start and end; ``delay`` is minutes after the end of the shift.
    """

    cycle: str = ""
    first_day: date | None = None
    told: dict[date, str] = field(default_factory=dict)
    times: dict[str, tuple[time, time]] = field(default_factory=lambda: dict(DEFAULT_TIMES))
    delay: int = DEFAULT_DELAY

    @property
    def weekly(self) -> bool:
        return not self.cycle

    def shift_on(self, day: date) -> str | None:
        """The shift that starts on ``day``; None on a day off or an unknown day."""
        if self.cycle:
            if self.first_day is None:
                return None
            code = self.cycle[(day - self.first_day).days % len(self.cycle)]
        else:
            code = self.told.get(day, OFF)
        return code if code in CODES else None

    def span(self, day: date, tz: str) -> tuple[datetime, datetime] | None:
        """Start and end (UTC) of the shift that starts on ``day``; a night ends next day."""
        code = self.shift_on(day)
        if code is None:
            return None
        start, end = self.times.get(code, DEFAULT_TIMES[code])
        end_day = day + timedelta(days=1) if end <= start else day
        return _at(day, start, tz), _at(end_day, end, tz)


def _at(day: date, at: time, tz: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _quiet(moment: datetime, tz: str) -> bool:
    local = moment.astimezone(ZoneInfo(tz)).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def prompt_moment(day: date, plan: ShiftPlan, tz: str) -> datetime | None:
    """When the prompt about the shift that started on ``day`` comes (UTC), or None."""
    span = plan.span(day, tz)
    if span is None:
        return None
    end = span[1]
    moment = end + timedelta(minutes=plan.delay)
    if _quiet(moment, tz) and not _quiet(end, tz):
        return end  # the delay would push it into the night: right at the end instead
    return moment


def parse_cycle(text: str) -> str | None:
    """A typed cycle such as ``V V L L N N - - - -`` (Dutch V/L/N or E/L/N); None if unclear."""
    letters = {"V": EARLY, "E": EARLY, "L": LATE, "N": NIGHT, "-": OFF, "X": OFF, "0": OFF}
    cleaned = [c for c in text.upper() if not c.isspace() and c not in ",;/"]
    if not 2 <= len(cleaned) <= 42 or any(c not in letters for c in cleaned):
        return None
    cycle = "".join(letters[c] for c in cleaned)
    return cycle if any(c in CODES for c in cycle) else None
