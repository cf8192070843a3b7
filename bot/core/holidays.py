"""Public holidays, so a learner with fixed work days gets no question on Christmas Day.

The country follows the learner's time zone (Europe/Amsterdam → NL, Europe/Brussels →
BE): that is what the coach knows, and a wrong guess only costs one question. Shift
rosters ignore holidays, because plants that run shifts run on holidays too. Someone
who works on a holiday can still ask for the day's question with /vandaag.

The ``holidays`` package is imported on first use: it costs ~70 ms, which start-up
should not pay.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

COUNTRY_OF_ZONE = {"Europe/Amsterdam": "NL", "Europe/Brussels": "BE"}


def holiday_country(tz: str) -> str | None:
    return COUNTRY_OF_ZONE.get(tz)


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays(country, years=year, language="nl"))


def holiday_on(day: date, country: str | None) -> str | None:
    """The holiday's (Dutch) name on ``day``, or None on an ordinary day."""
    if country is None:
        return None
    return _holidays(country, day.year).get(day)
