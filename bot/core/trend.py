"""The learner's trend: one scale question asked in the same words week after week.

A line through answers to *different* questions would show progress nobody measured, so
only scale prompts that carry the same ``trend: <key>`` form one series; the content
check makes sure those prompts share their text and scale, also across programmes (a
learner who moves on to another programme keeps their line).

Rules, all pure:

- **The week's trend** is the key of its last answered trend prompt (not skipped, with a
  value). A week without one has no trend, so no chart.
- **One point per calendar week**: the last answer of that week (a prompt pulled early
  with /vandaag may bring next week's question into this week). Oldest first.
- **Earlier points** are the learner's own answers before this week, private ones
  included (the summary is for the learner's eyes; a mentor never gets them).
- The series keeps the last ``MAX_POINTS`` weeks; a chart needs ``MIN_CHART_POINTS``
  and a point this week (no new chart for a week that added nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.core.programme import Kind, Programme
from bot.core.records import Answer
from bot.core.weekly import TrendPoint, WeekAnswer

MIN_CHART_POINTS = 3
MAX_POINTS = 12


def trend_prompts(programmes: Iterable[Programme], key: str) -> frozenset[tuple[str, str]]:
    """Every (programme id, prompt id) that asks the trend question ``key``."""
    return frozenset(
        (programme.id, prompt.id)
        for programme in programmes
        for prompt in programme.days
        if prompt.kind == Kind.SCALE and prompt.trend == key
    )


def answers_trend(answers: Sequence[Answer], programmes: Mapping[str, Programme]) -> str | None:
    """``week_trend`` of stored answers: the trend key of the last answered one, if any."""
    keys = [prompt.trend for a in answers if not a.skipped and a.value is not None
            and (programme := programmes.get(a.programme_id or "")) is not None
            and (prompt := programme.prompt(a.prompt_id or "")) is not None and prompt.trend]
    return keys[-1] if keys else None


def trend_answers(answers: Sequence[WeekAnswer], key: str) -> list[WeekAnswer]:
    """This week's real answers to the trend ``key``, in the order given."""
    return [a for a in answers if a.trend == key and not a.skipped and a.value is not None]


def week_trend(answers: Sequence[WeekAnswer]) -> str | None:
    """The key of the week's last answered trend prompt, or None."""
    keyed = [a for a in answers if a.trend and not a.skipped and a.value is not None]
    return keyed[-1].trend if keyed else None


def weekly_points(points: Iterable[TrendPoint]) -> tuple[TrendPoint, ...]:
    """One point per ISO week (its last answer), oldest first, at most ``MAX_POINTS``."""
    last: dict[tuple[int, int], TrendPoint] = {}
    for point in sorted(points, key=lambda p: p.day):  # stable: the store's order per day
        year, week, _ = point.day.isocalendar()
        last[(year, week)] = point
    return tuple(sorted(last.values(), key=lambda p: p.day))[-MAX_POINTS:]


def series(earlier: Sequence[TrendPoint], answers: Sequence[WeekAnswer],
           key: str) -> tuple[TrendPoint, ...]:
    """The line of ``key``: earlier weeks' points, then this week's (its last answer)."""
    this_week = [TrendPoint(a.day, int(a.value)) for a in trend_answers(answers, key)
                 if a.value is not None]
    return weekly_points([*earlier, *this_week])


def chart_due(points: Sequence[TrendPoint], answers: Sequence[WeekAnswer], key: str) -> bool:
    """A chart is worth sending: enough weeks, and one of them is this week."""
    return bool(trend_answers(answers, key)) and len(points) >= MIN_CHART_POINTS
