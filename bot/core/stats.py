"""Use figures for the people who run the coach: counts only, and none for a small group.

An operator (HR, L&D) must see whether the coach is used without ever seeing a person.
So these figures are built from counts, never from rows, and every figure that describes
fewer than ``MIN_GROUP`` people is withheld: "3 of 4 in the welding team answered" would
point at the one who did not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

MIN_GROUP = 5
LAG_WARNING_SECONDS = 15 * 60


@dataclass(frozen=True)
class Figure:
    """A count, or ``None`` when the group behind it is too small to show."""

    value: int | None

    @property
    def shown(self) -> bool:
        return self.value is not None


def guarded(count: int, group: int) -> Figure:
    """``count`` about a group of ``group`` people, withheld below ``MIN_GROUP``."""
    return Figure(count if group >= MIN_GROUP else None)


@dataclass(frozen=True)
class DayCounts:
    day: date
    sent: int
    answered: int


@dataclass(frozen=True)
class ProgrammeCounts:
    programme_id: str
    learners: int
    sent: int
    answered: int


@dataclass(frozen=True)
class RawStats:
    """What the store counts; nothing in it names or identifies a person."""

    learners_active: int
    learners_paused: int
    learners_finished: int
    learners_stopped: int
    days: tuple[DayCounts, ...]
    programmes: tuple[ProgrammeCounts, ...]
    mentor_links: int
    sprints_running: int
    outbox: dict[str, int]          # status -> rows, last 7 days
    backlog: int                    # pending or retrying rows that are due
    busiest_minute: int             # active learners sharing the most common prompt minute
    busiest_at: str | None          # that minute, "16:00"


@dataclass(frozen=True)
class ProgrammeFigures:
    programme_id: str
    learners: Figure
    sent: Figure
    answered: Figure
    answer_rate: int | None  # percent


@dataclass(frozen=True)
class Stats:
    learners_active: Figure
    learners_paused: Figure
    learners_finished: Figure
    learners_stopped: Figure
    days: tuple[DayCounts, ...]            # empty when the whole group is too small
    programmes: tuple[ProgrammeFigures, ...]
    mentor_links: Figure
    sprints_running: int                   # a count of sprints, not of people
    failed: int
    expired: int
    retrying: int
    backlog: int
    busiest_at: str | None
    predicted_lag_seconds: int
    lag_warning: bool
    withheld: bool = field(default=False)  # any figure above was left out


def predicted_lag(learners_at_one_minute: int, rate_per_second: float) -> int:
    """Seconds until the last of the learners who share one prompt minute gets theirs."""
    if learners_at_one_minute <= 0 or rate_per_second <= 0:
        return 0
    return math.ceil(learners_at_one_minute / rate_per_second)


def build_stats(raw: RawStats, rate_per_second: float) -> Stats:
    """Apply the small-group rule to every figure about people."""
    everyone = raw.learners_active + raw.learners_paused + raw.learners_finished + raw.learners_stopped
    programmes = tuple(
        ProgrammeFigures(
            p.programme_id,
            guarded(p.learners, p.learners),
            guarded(p.sent, p.learners),
            guarded(p.answered, p.learners),
            round(100 * p.answered / p.sent) if p.sent and p.learners >= MIN_GROUP else None,
        )
        for p in sorted(raw.programmes, key=lambda p: p.programme_id)
    )
    figures = [
        guarded(raw.learners_active, raw.learners_active),
        guarded(raw.learners_paused, raw.learners_paused),
        guarded(raw.learners_finished, raw.learners_finished),
        guarded(raw.learners_stopped, raw.learners_stopped),
    ]
    lag = predicted_lag(raw.busiest_minute, rate_per_second)
    days = raw.days if everyone >= MIN_GROUP else ()
    withheld = (
        any(not f.shown for f in figures)
        or any(not p.learners.shown for p in programmes)
        or (bool(raw.days) and not days)
        or raw.mentor_links < MIN_GROUP
    )
    return Stats(
        learners_active=figures[0],
        learners_paused=figures[1],
        learners_finished=figures[2],
        learners_stopped=figures[3],
        days=days,
        programmes=programmes,
        mentor_links=guarded(raw.mentor_links, raw.mentor_links),
        sprints_running=raw.sprints_running,
        failed=raw.outbox.get("failed", 0),
        expired=raw.outbox.get("expired", 0),
        retrying=raw.outbox.get("retry", 0),
        backlog=raw.backlog,
        busiest_at=raw.busiest_at,
        predicted_lag_seconds=lag,
        lag_warning=lag > LAG_WARNING_SECONDS,
        withheld=withheld,
    )
