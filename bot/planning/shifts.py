"""Learners who tell their shifts week by week: ask for next week's once, at the right time.

After the last shift of the week they told (just after its prompt), or at once when no
shift is known ahead, the coach sends the week grid for next week — one row per day,
one tap per shift. Never twice for the same week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.core.records import User
from bot.core.schedule import local_date, week_start
from bot.messages.shifts import week_question
from bot.store import Store

AFTER_PROMPT = timedelta(minutes=1)


def needs_next_week(user: User, work_day: date) -> date | None:
    """The Monday to ask about when ``work_day`` was the last told shift of its week."""
    plan = user.shifts
    if plan is None or not plan.weekly:
        return None
    monday = week_start(work_day) + timedelta(days=7)
    later_this_week = any(work_day < d < monday for d in plan.told)
    told_next = any(monday <= d < monday + timedelta(days=7) for d in plan.told)
    return None if later_this_week or told_next else monday


def ask_week(store: Store, user: User, monday: date, due_at: datetime, now: datetime) -> None:
    store.enqueue(
        chat_id=user.chat_id, user_id=user.id, kind="notice",
        message=week_question(user.language, monday, {}), due_at=due_at, now=now,
        dedupe_key=f"shiftweek:{user.id}:{monday.isoformat()}",
    )


def after_prompt(store: Store, user: User, work_day: date, prompt_at: datetime, now: datetime) -> None:
    monday = needs_next_week(user, work_day)
    if monday is not None:
        ask_week(store, user, monday, prompt_at + AFTER_PROMPT, now)


def nothing_ahead(store: Store, user: User, now: datetime) -> None:
    """No shift known ahead: ask for the coming week (this one if it has days left)."""
    plan = user.shifts
    if plan is None or not plan.weekly:
        return
    today = local_date(now, user.tz)
    monday = week_start(today) + timedelta(days=7)
    if not any(monday <= d < monday + timedelta(days=7) for d in plan.told):
        ask_week(store, user, monday, now, now)
