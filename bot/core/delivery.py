"""The delivery lag model: how long the last of N prompts due in one minute waits.

Telegram lets a bot send about 30 messages a second (1,000 with paid broadcast), so
N learners who all chose 16:00 get their prompt over N / rate seconds: 100,000 at 30/s
is ~55 minutes. The operator must see that before the learners do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

WARN_AFTER_SECONDS = 15 * 60


@dataclass(frozen=True)
class LagPrediction:
    minute_utc: str  # "HH:MM" of the busiest prompt minute (UTC, on the given day)
    learners: int  # prompts due in that minute
    rate: float | None  # messages per second; None: no limit
    seconds: float  # until the last of them is sent

    @property
    def too_long(self) -> bool:
        return self.seconds > WARN_AFTER_SECONDS

    def describe(self) -> str:
        minutes = self.seconds / 60
        return (f"{self.learners} learners share the prompt minute {self.minute_utc} UTC: "
                f"at {self.rate:g} messages/s the last prompt goes out after ~{minutes:.0f}"
                " min" if self.rate else f"{self.learners} learners share {self.minute_utc} UTC")


def lag_seconds(learners: int, rate: float | None) -> float:
    """Seconds until the last of ``learners`` prompts due at once is sent at ``rate``."""
    return learners / rate if rate else 0.0


def busiest_minute(groups: Iterable[tuple[str, time, int]], on: date,
                   rate: float | None) -> LagPrediction:
    """From (time zone, local prompt time, learners) groups: the UTC minute most share.

    Learners in different zones share a minute when their local times meet in UTC on
    ``on`` (so the answer follows DST).
    """
    per_minute: dict[str, int] = {}
    for tz, at, count in groups:
        moment = datetime.combine(on, at, ZoneInfo(tz)).astimezone(UTC)
        key = moment.strftime("%H:%M")
        per_minute[key] = per_minute.get(key, 0) + count
    if not per_minute:
        return LagPrediction("--:--", 0, rate, 0.0)
    minute, learners = max(per_minute.items(), key=lambda kv: (kv[1], kv[0]))
    return LagPrediction(minute, learners, rate, lag_seconds(learners, rate))
