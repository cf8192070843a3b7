"""How long answers and message bodies are kept: a calendar rule with ``now`` passed in."""

from __future__ import annotations

import calendar
from datetime import datetime


def cutoff(now: datetime, months: int) -> datetime:
    """The moment ``months`` calendar months before ``now`` (31 March - 1 = 28/29 Feb):
    what was written before it is removed."""
    month = now.month - 1 - months
    year = now.year + month // 12
    month = month % 12 + 1
    day = min(now.day, calendar.monthrange(year, month)[1])
    return now.replace(year=year, month=month, day=day)
