"""The planner: turn learners' schedules into outbox rows, a batch per tick.

It touches only learners whose ``next_plan_at`` has come (an indexed range), so a
tick stays cheap however many learners there are. Planning is idempotent: one
prompt row per learner per local day, guarded by a unique key.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from bot.core.nudges import SELF_PAUSE_AFTER
from bot.core.programme import Audience, Kind, Programme, Prompt
from bot.core.progress import prompt_at
from bot.core.quoting import answer_quote, plan_quote
from bot.core.records import Outgoing, User
from bot.core.schedule import (
    due_now,
    end_of_local_day,
    local_date,
    next_occurrence,
)
from bot.messages import finish as finish_messages
from bot.messages.render import next_day_after, render_prompt
from bot.planning import nudges, shifts
from bot.planning.story import enqueue_story
from bot.store import Store

log = logging.getLogger(__name__)

BATCH = 500


RETRY_LATER = timedelta(hours=1)


def plan_due(store: Store, programmes: Mapping[str, Programme], now: datetime,
             budget: float | None = None,
             self_pause_after: int = SELF_PAUSE_AFTER) -> int:
    """Plan every learner whose moment has come; returns how many were looked at.

    With ``budget`` (seconds) it stops once that much time is used, so a backlog after
    downtime never holds the event loop longer; the rest stays due for the next slice.
    One learner's failure never stops the others: it is logged and that learner is
    looked at again in an hour.
    """
    total = 0
    deadline = time.monotonic() + budget if budget is not None else None
    while True:
        users = store.users_to_plan(now, BATCH)
        for done, user in enumerate(users):
            if deadline is not None and (total or done) and time.monotonic() > deadline:
                return total + done  # at least one per pass, so a pass always progresses
            try:
                plan_user(store, programmes, user, now, self_pause_after)
            except Exception:
                log.exception("planning failed for user %s; trying again later", user.id)
                store.update_user(user.id, now, next_plan_at=now + RETRY_LATER)
        total += len(users)
        if len(users) < BATCH:
            return total


def plan_user(
    store: Store, programmes: Mapping[str, Programme], user: User, now: datetime,
    self_pause_after: int = SELF_PAUSE_AFTER,
) -> None:
    programme = programmes.get(user.programme_id or "")
    if not (user.active and user.onboarded) or programme is None:
        store.update_user(user.id, now, next_plan_at=None)
        return
    found = due_now(now, user.schedule)
    occurrence = found[1] if found is not None else None
    sprint_instead = occurrence is not None and store.pauses_own_programme(
        user.id, local_date(now, user.tz))
    if found is not None and not sprint_instead and nudges.pause_if_silent(
            store, user, now, self_pause_after):
        return  # silent for a while: the coach asked once what the learner wants, and waits
    if found is not None and not sprint_instead and not enqueue_prompt(
            store, programme, user, found[1], now, programmes.values(), work_day=found[0]):
        return  # programme finished: nothing more to plan
    if found is not None:
        shifts.after_prompt(store, user, found[0], found[1], now)
    upcoming = next_occurrence(max(now, occurrence or now), user.schedule)
    if upcoming is None:
        shifts.nothing_ahead(store, user, now)
    store.update_user(user.id, now, next_plan_at=upcoming)


def reschedule(store: Store, user: User, now: datetime, reason: str) -> datetime | None:
    """After a settings change: drop planned prompts and plan from the new rhythm."""
    store.cancel_open_prompts(user.id, reason)
    upcoming = next_occurrence(now, user.schedule) if user.onboarded else None
    store.update_user(user.id, now, next_plan_at=upcoming)
    return upcoming


def enqueue_prompt(
    store: Store, programme: Programme, user: User, due_at: datetime, now: datetime,
    programmes: Iterable[Programme] = (),
    work_day: date | None = None,
) -> bool:
    """Record the prompt of a work day (once); False when the programme has no days left.

    ``work_day`` is the day the work was done — for a night shift the day it started,
    while the prompt arrives (and expires) on the next local day.
    """
    position = store.position(user.id, programme.id)
    prompt = prompt_at(programme, position)
    arrives = local_date(due_at, user.tz)
    day = work_day or arrives
    if prompt is None:
        finish(store, programme, user, now, programmes)
        return False
    earlier, earlier_on = checkback_quote(store, programme, user, prompt)
    with store.atomic():
        outbox_id = store.enqueue(
            chat_id=user.chat_id,
            user_id=user.id,
            kind="prompt",
            message=Outgoing(""),
            due_at=due_at,
            now=now,
            dedupe_key=f"prompt:{user.id}:{day.isoformat()}",
            expires_at=end_of_local_day(arrives, user.tz),
            programme_id=programme.id,
            prompt_id=prompt.id,
            local_date=day,
            payload={"position": position},
        )
        if outbox_id is not None:
            store.set_message(
                outbox_id,
                render_prompt(programme, position, prompt, user.language, outbox_id, earlier,
                              earlier_on=earlier_on, today=day,
                              next_day=next_day_after(user.language, user.schedule, day,
                                                      arrives)),
            )
            log.debug("planned prompt %s for user %s on %s", prompt.id, user.id, day)
    return True


def checkback_quote(store: Store, programme: Programme, user: User,
                    prompt: Prompt) -> tuple[str | None, date | None]:
    """What a prompt quotes (the plan part of a plan, or a real answer) and the day
    it was written; (None, None) when there is nothing worth quoting (the fallback)."""
    if not prompt.quotes:
        return None, None
    found = store.latest_answer_to(user.id, programme.id, prompt.quotes)
    if found is None:
        return None, None
    referred = programme.prompt(prompt.quotes)
    plan = referred is not None and referred.kind == Kind.PLAN
    quote = plan_quote(found.text) if plan else answer_quote(found.text)
    return (quote, found.local_date) if quote else (None, None)


def next_choices(store: Store, programmes: Iterable[Programme], user: User,
                 done: Programme | None = None) -> list[Programme]:
    """The learner programmes still to do (not finished, not ``done``), in list order."""
    finished = store.finished_programmes(user.id) | ({done.id} if done else set())
    todo = [p for p in programmes if p.audience == Audience.LEARNER and p.id not in finished]
    return sorted(todo, key=lambda p: (p.order, p.id))


def finish(store: Store, programme: Programme, user: User, now: datetime,
           programmes: Iterable[Programme] = ()) -> bool:
    """Say once that the programme is complete, with the next programmes to choose from,
    and stop planning until a new choice. False when it was said before."""
    first = store.finished_at(user.id, programme.id) is None
    store.finish_programme(user.id, programme.id, now)
    enqueue_story(store, programme, user, now)
    choices = next_choices(store, programmes, user, programme)
    store.enqueue(
        chat_id=user.chat_id,
        user_id=user.id,
        kind="notice",
        message=finish_messages.finished(user.language, user.first_name, programme, choices),
        due_at=now,
        now=now,
        dedupe_key=f"finished:{user.id}:{programme.id}",
    )
    store.update_user(user.id, now, next_plan_at=None)
    return first
