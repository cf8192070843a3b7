"""Spaced return in the learner's day: on at most one work day a week, right after the
day's answer, an earlier answer of the learner's comes back with a question about it.

It comes beside the day's step, not instead of it: the programme keeps its weekly rhythm
(a plan on the first day, its check on the last) and its length. The rule (which answer,
after how many weeks) is ``bot/core/spaced.py``; this module gathers its data, records
the return as an outbox row of kind ``spaced`` (one per learner and day) and gives a reply
its question back for the weekly texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.core.records import OutboxItem, Outgoing, User
from bot.core.schedule import end_of_local_day, local_date
from bot.core.spaced import INTERVALS, MIN_GAP, RETURN_PROMPT, SLACK_DAYS, due_return, quote_of
from bot.core.weekly import WeekAnswer
from bot.messages.spaced import question_text, render_return
from bot.store import Store
from bot.store.spaced import Earlier, LookedBack

LOOKBACK = timedelta(weeks=max(INTERVALS), days=SLACK_DAYS)


def due(store: Store, user: User, day: date) -> tuple[Earlier, int, str] | None:
    """The earlier answer that comes back on ``day``, after how many weeks, and its quote."""
    found = store.reflections_between(user.id, day - LOOKBACK, day - MIN_GAP)
    quotes = {e.reflection.answer_id: (e, q) for e in found if (q := quote_of(e.kind, e.text))}
    if not quotes:
        return None
    last, returned = store.returns_since(user.id, day - LOOKBACK)
    chosen = due_return([e.reflection for e, _ in quotes.values()], day, last, returned,
                        paused=user.schedule.paused_on(day))
    if chosen is None:
        return None
    earlier, quote = quotes[chosen[0].answer_id]
    return earlier, chosen[1], quote


def return_due(store: Store, user: User, answered: OutboxItem
               ) -> tuple[Earlier, int, str] | None:
    """What comes back after the answer to ``answered`` (the day's own prompt), or None:
    only reads, so the answer's own step can ask it in its transaction."""
    day = answered.local_date
    if answered.kind != "prompt" or day is None \
            or store.finished_at(user.id, answered.programme_id or "") is not None:
        return None  # a reply to a return, or the programme's last answer: not now
    return due(store, user, day)


def enqueue_return(store: Store, user: User, answered: OutboxItem, now: datetime) -> bool:
    """Record today's return after the answer to ``answered`` (the day's own prompt);
    False when nothing comes back today (or it came already)."""
    found = return_due(store, user, answered)
    if found is None or answered.local_date is None:
        return False
    day = answered.local_date
    earlier, weeks, quote = found
    with store.atomic():
        outbox_id = store.enqueue(
            chat_id=user.chat_id, user_id=user.id, kind="spaced", message=Outgoing(""),
            due_at=now, now=now, dedupe_key=f"spaced:{user.id}:{day.isoformat()}",
            expires_at=end_of_local_day(local_date(now, user.tz), user.tz),
            programme_id=answered.programme_id, prompt_id=RETURN_PROMPT, local_date=day,
            payload={"returns_to": earlier.reflection.answer_id, "weeks": weeks})
        if outbox_id is not None:
            store.set_message(outbox_id, render_return(
                user.language, quote, earlier.reflection.day, day, outbox_id))
    return outbox_id is not None


def _replies(store: Store, user_id: int, answers: Sequence[WeekAnswer]) -> list[LookedBack]:
    """The replies to a return among ``answers`` (no query when there is none)."""
    days = [a.day for a in answers if a.prompt_id == RETURN_PROMPT]
    return store.looked_back_between(user_id, min(days), max(days)) if days else []


def week_answers(store: Store, user: User,
                 answers: tuple[WeekAnswer, ...]) -> tuple[WeekAnswer, ...]:
    """Replies to a return get their question back ("Drie weken geleden schreef je: …"),
    with the quote as the text referred to, so a mentor's digest cuts it out unless the
    mentor sees that answer anyway (``bot/core/privacy.py`` rule 5)."""
    replies = {r.reply_id: r for r in _replies(store, user.id, answers)}
    if not replies:
        return answers
    out = []
    for answer in answers:
        reply = replies.get(answer.answer_id)
        quote = quote_of(reply.original_kind, reply.original_text) if reply else None
        if reply is not None and quote:
            answer = replace(answer, prompt_text=question_text(
                user.language, quote, reply.original_day, answer.day), refers_to_text=quote,
                refers_to_plan=reply.original_kind == "plan")
        out.append(answer)
    return tuple(out)
