"""Spaced return: which earlier reflection of the learner comes back today, if any.

Looking back at what you wrote after about 1, 3 and 8 weeks makes it stick (retrieval
at growing intervals). Rules: at most one return a week, never a private answer (the
question may be read beside others), nothing during a pause, and plans, answers the
learner wanted to discuss and answers tied to a goal go first. Pure: plain data in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.quoting import answer_quote, plan_quote

RETURN_PROMPT = "spaced-return"
"""The prompt id of a return's outbox row and of its reply: no programme step has it."""
INTERVALS = (1, 3, 8)  # weeks
SLACK_DAYS = 3  # a work day near the interval will do (weekends, days off)
MIN_GAP = timedelta(days=7)


@dataclass(frozen=True)
class Reflection:
    answer_id: int
    day: date
    private: bool
    plan: bool = False
    discuss: bool = False
    goal: bool = False


def due_return(candidates: Iterable[Reflection], today: date, last_return: date | None,
               returned: set[tuple[int, int]], paused: bool) -> tuple[Reflection, int] | None:
    """The reflection to bring back today and after how many weeks, or None.

    ``returned`` holds (answer id, weeks) already brought back, so each interval comes once.
    """
    if paused or (last_return is not None and today - last_return < MIN_GAP):
        return None
    due: list[tuple[Reflection, int]] = []
    for item in candidates:
        if item.private:
            continue
        age = (today - item.day).days
        for weeks in INTERVALS:
            if 0 <= age - weeks * 7 <= SLACK_DAYS and (item.answer_id, weeks) not in returned:
                due.append((item, weeks))
    if not due:
        return None
    return min(due, key=lambda d: (not d[0].plan, not d[0].discuss, not d[0].goal,
                                   d[0].day, d[0].answer_id))


def quote_of(kind: str, text: str | None) -> str | None:
    """What of an earlier answer is quoted: a plan by its if-then part, else the answer
    (shortened at a word); None when it has no real words."""
    return plan_quote(text) if kind == "plan" else answer_quote(text)
