"""What goes into a portfolio: the learner's answers per goal over the period they chose,
private ones left out unless the learner chooses otherwise, and the scale answers that
repeat often enough to draw as a line. Pure: plain rows in, sections out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

PERIODS = ("4w", "3m", "all")  # the choices on the /portfolio buttons, shortest first
MIN_TREND = 3  # fewer scale answers to one question are no line worth drawing
CODE_HOURS = 24  # a consent code for ``coach portfolio`` works this long, and once


@dataclass(frozen=True)
class Entry:
    """One dated answer: the question and what was answered (words, media labels)."""

    answer_id: int
    day: date
    question: str
    answer: str
    private: bool
    goal_id: int | None
    scale: int | None = None  # the 1..5 of a scale answer
    measure: str | None = None  # the prompt's ``trend`` key: answers that form one line


def period_start(choice: str, today: date) -> date | None:
    """The first day of a chosen period: four weeks or three calendar months back, or
    None for everything. An unknown choice means everything (nothing is hidden by a typo)."""
    if choice == "4w":
        return today - timedelta(weeks=4)
    if choice == "3m":
        month = today.month - 3
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        for day in (today.day, 30, 29, 28):  # 31 May -> 28/29 February
            try:
                return date(year, month, day)
            except ValueError:
                continue
    return None


def select(entries: Iterable[Entry], include_private: bool,
           since: date | None = None) -> list[Entry]:
    """Answers in date order from ``since`` on; a private one only when the learner
    asked for it."""
    return sorted((e for e in entries if (include_private or not e.private)
                   and (since is None or e.day >= since)),
                  key=lambda e: (e.day, e.answer_id))


def by_goal(entries: list[Entry], goal_ids: list[int]) -> dict[int | None, list[Entry]]:
    """Entries per goal (in the order of ``goal_ids``), and under None those tied to none."""
    sections: dict[int | None, list[Entry]] = {g: [] for g in goal_ids}
    sections[None] = []
    for entry in entries:
        sections[entry.goal_id if entry.goal_id in sections else None].append(entry)
    return sections


def trends(chosen: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """The lines a portfolio draws: per trend question (``measure``, the content's
    ``trend`` key, in the order first answered) one point per calendar week — its last
    answer, as in the weekly summary — and only lines of at least ``MIN_TREND`` weeks.
    Only a question asked in the same words week after week forms a line, so a score of
    "how sure" is never read against one of "how busy"."""
    weeks: dict[str, dict[tuple[int, int], Entry]] = {}
    for entry in chosen:  # in date order: a later answer in the week replaces an earlier
        if entry.scale is not None and entry.measure:
            year, week, _ = entry.day.isocalendar()
            weeks.setdefault(entry.measure, {})[(year, week)] = entry
    return [(key, list(points.values())) for key, points in weeks.items()
            if len(points) >= MIN_TREND]
