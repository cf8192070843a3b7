"""What goes into a portfolio: the learner's answers per goal, private ones left out
unless the learner chooses otherwise. Pure: plain rows in, sections out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Entry:
    """One dated answer: the question and what was answered (words, media labels)."""

    answer_id: int
    day: date
    question: str
    answer: str
    private: bool
    goal_id: int | None


def select(entries: Iterable[Entry], include_private: bool) -> list[Entry]:
    """Answers in date order; a private answer only when the learner asked for it."""
    return sorted((e for e in entries if include_private or not e.private),
                  key=lambda e: (e.day, e.answer_id))


def by_goal(entries: list[Entry], goal_ids: list[int]) -> dict[int | None, list[Entry]]:
    """Entries per goal (in the order of ``goal_ids``), and under None those tied to none."""
    sections: dict[int | None, list[Entry]] = {g: [] for g in goal_ids}
    sections[None] = []
    for entry in entries:
        sections[entry.goal_id if entry.goal_id in sections else None].append(entry)
    return sections
