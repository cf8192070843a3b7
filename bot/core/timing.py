"""When the weekly summary may go: after the day's last prompt has had its answer.

A summary at 16:00 before a 16:30 prompt quotes a plan that the prompt asks about half an
hour later, and misses that day's answer. So the summary waits for the day's prompt: it
goes at the chosen time or, when the prompt comes later or is still open, a little after
the learner answered (time for a follow-up), and at the latest a few hours after the prompt.
Pure: the planner passes in what the store knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

QUIET = timedelta(minutes=15)
"""After an answer, time for the follow-up question and its answer before the summary."""
ANSWER_WINDOW = timedelta(hours=3)
"""How long the summary waits for an answer that does not come."""
POLL = timedelta(minutes=10)
"""How often the planner looks again while it waits for an answer."""


@dataclass(frozen=True)
class DayPrompt:
    """The state of the learner's prompt on the summary day, as the store sees it."""

    due_at: datetime
    sent: bool  # delivered
    closed: bool  # expired, failed or cancelled: nothing more will come of it
    answered_at: datetime | None = None  # last change of the answer (or skip)


def summary_wait(chosen: datetime, prompt: DayPrompt | None, now: datetime) -> datetime | None:
    """None when the summary may go now; else the moment to look again.

    ``chosen`` is the learner's summary time that day; the summary never comes before it.
    """
    if now < chosen:
        return chosen
    if prompt is None or prompt.closed:
        return None
    latest = prompt.due_at + ANSWER_WINDOW
    if now >= latest:
        return None
    if prompt.answered_at is not None:
        ready = prompt.answered_at + QUIET
        return None if now >= ready else min(ready, latest)
    if not prompt.sent and now < prompt.due_at:
        return prompt.due_at + POLL
    return min(now + POLL, latest)
