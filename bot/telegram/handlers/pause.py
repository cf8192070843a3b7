"""``/pauze [datum]`` and ``/hervat``: a break without guilt, and a warm return."""

from __future__ import annotations

from telegram import Update

from bot.core.parse import parse_date, resume_date_is_valid
from bot.core.schedule import local_date
from bot.messages.render import format_day, when_text
from bot.telegram.handlers import finish
from bot.telegram.handlers.common import Context, onboarded_user, say, set_and_plan, svc


async def pause(update: Update, context: Context) -> None:
    user = await onboarded_user(update, context)
    if user is None:
        return
    s = svc(context)
    now = s.now()
    today = local_date(now, user.tz)
    arg = " ".join(context.args or []) if update.message else ""
    if arg:
        resume_on = parse_date(arg, today)
        if resume_on is None or not resume_date_is_valid(resume_on, today):
            await say(context, update, user.language, "pause.invalid_date", text=arg[:40])
            return
        user, _ = await set_and_plan(context, user.id, "paused", paused=True,
                                     resume_on=resume_on, state="ready")
        await say(context, update, user.language, "pause.until",
                  day=format_day(resume_on, user.language))
        return
    user, _ = await set_and_plan(context, user.id, "paused", paused=True, resume_on=None,
                                 state="ready")
    await say(context, update, user.language, "pause.open_ended")


async def resume(update: Update, context: Context) -> None:
    user = await onboarded_user(update, context)
    if user is None:
        return
    s = svc(context)
    now = s.now()
    was_paused = user.paused
    user, upcoming = await set_and_plan(context, user.id, "resumed", paused=False,
                                        resume_on=None, active=True, state="ready",
                                        auto_paused_at=None, silence_reset_at=now)
    if await finish.offer_again(update, context, user):  # nothing to resume: choose again
        return
    when = when_text(upcoming, user.tz, now, user.language) if upcoming else None
    key = "pause.resumed" if was_paused else "pause.not_paused"
    if when is None:
        await say(context, update, user.language, "pause.resumed_no_days")
        return
    await say(context, update, user.language, key, when=when)
