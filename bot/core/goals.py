"""Learning goals: the few things a learner wants to get better at, in their own words.

A learner has at most ``MAX_ACTIVE`` goals at a time, so the week stays about a few
things. A goal is never deleted when it is finished or replaced: its status changes and
the history stays, because a portfolio shows what was worked on and when. Pure rules:
the store keeps the rows, the handlers ask these functions what is allowed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

MAX_ACTIVE = 3
MAX_TEXT = 200  # a goal is one sentence; a long text belongs in an answer
ACTIVE, DRAFT, DONE, REPLACED = "active", "draft", "done", "replaced"


@dataclass(frozen=True)
class Goal:
    id: int
    user_id: int
    text: str
    sign: str | None  # "how will I notice progress"
    status: str  # draft (the progress line is still to come), active, done, replaced
    created_at: datetime
    finished_at: datetime | None = None


@dataclass(frozen=True)
class GoalNote:
    """A mentor's reaction to a goal: advice only, the learner decides."""

    id: int
    goal_id: int
    author_id: int
    text: str
    created_at: datetime


def can_add(goals: Iterable[Goal]) -> bool:
    """True while fewer than ``MAX_ACTIVE`` goals are active."""
    return sum(1 for g in goals if g.status == ACTIVE) < MAX_ACTIVE


def clean(text: str | None) -> str | None:
    """The learner's words, trimmed to one line of at most ``MAX_TEXT`` characters;
    None for nothing at all (a voice note or only spaces is not a goal)."""
    words = " ".join((text or "").split())
    if not words:
        return None
    return words if len(words) <= MAX_TEXT else words[: MAX_TEXT - 1].rstrip() + "…"


def examples(block: str) -> list[tuple[str, str]]:
    """Example goals from the catalog: one per line, ``goal | how you notice progress``."""
    found: list[tuple[str, str]] = []
    for line in block.splitlines():
        goal, _, sign = line.partition("|")
        if goal.strip():
            found.append((goal.strip(), sign.strip()))
    return found


def counts(goals: Iterable[Goal], tagged: Iterable[int]) -> list[tuple[Goal, int]]:
    """How often each goal was worked on: ``tagged`` holds one goal id per tied answer.
    Goals in the order given; a goal without any tie counts 0 (the learner sees it)."""
    per_goal = Counter(tagged)
    return [(g, per_goal.get(g.id, 0)) for g in goals]


def shared_counts(goals: Iterable[Goal], ties: Mapping[int, int],
                  seen: Iterable[int]) -> list[tuple[Goal, int]]:
    """Per goal, how many of the answers a mentor may see (``seen``: answer ids, after the
    privacy rules) the learner tied to it (``ties``: answer id → goal id). A private answer,
    one from before the link or from a held week is not in ``seen``, so it never counts:
    a count could tell the mentor what a private answer was about."""
    shown = set(seen)
    return counts(goals, [goal for answer, goal in ties.items() if answer in shown])
