"""The reminder's buttons, and the learner's answer after the coach paused itself.

A learner who stays silent after the coach paused itself hears nothing more; the
first message they send switches the questions back on (``wake``).
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.core.records import Outgoing, User
from bot.core.schedule import local_date
from bot.messages import callbacks
from bot.messages.i18n import plain, t
from bot.messages.render import format_day, when_text
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    say,
    send,
    set_and_plan,
    svc,
)

BREAK = timedelta(days=14)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    if user is None:
        await answer_callback(update)
        return
    s = svc(context)
    now = s.now()
    lang = user.language
    parts = query.data.split(":")
    if parts[0] == "rm" and parts[1] == "off":
        await s.call(s.store.update_user, user.id, now, reminders=False)
        await answer_callback(update, plain(lang, "nudges.reminders_off"))
        return
    if parts[0] == "rm" and parts[1] == "now" and len(parts) == 3:
        await answer_callback(update)
        outbox_id = callbacks.number(parts[2])
        row = await s.call(s.store.get_outbox, outbox_id) if outbox_id is not None else None
        if row is None or row.user_id != user.id or row.status != "sent" or (
                row.expires_at is not None and row.expires_at <= now):
            await say(context, update, lang, "nudges.gone")
            return
        await send(context, update, Outgoing(row.text, row.buttons), kind="prompt_repeat",
                   payload={"prompt": row.id}, programme_id=row.programme_id, prompt_id=row.prompt_id)
        return
    await answer_callback(update)
    if parts[0] != "ap" or not (user.paused and user.auto_paused):
        return
    if parts[1] == "go":
        await _resume(update, context, user, "nudges.going_on")
    elif parts[1] == "pause":
        resume_on = local_date(now, user.tz) + BREAK
        user, _ = await set_and_plan(context, user.id, "a break after pausing itself",
                                     resume_on=resume_on, auto_paused_at=None,
                                     silence_reset_at=now)
        await say(context, update, lang, "nudges.paused_2w", day=format_day(resume_on, lang))
    elif parts[1] == "stop":
        await s.call(s.store.update_user, user.id, now, auto_paused_at=None,
                     silence_reset_at=now)
        await say(context, update, lang, "nudges.stopped")


async def wake(update: Update, context: Context, user: User) -> User:
    """Any message after the coach paused itself: questions on again, said in one line."""
    if not (user.paused and user.auto_paused):
        return user
    return await _resume(update, context, user, "nudges.welcome_back")


async def _resume(update: Update, context: Context, user: User, key: str) -> User:
    s = svc(context)
    now = s.now()
    user, upcoming = await set_and_plan(context, user.id, "back after pausing itself",
                                        paused=False, resume_on=None, auto_paused_at=None,
                                        silence_reset_at=now)
    when = when_text(upcoming, user.tz, now, user.language) if upcoming else t(user.language, "when.none")
    await say(context, update, user.language, key, when=when)
    return user
