"""``/ploegen``: rotating shifts, so the question comes a quarter after each shift ends.

Reached from the onboarding time step, from settings and by command. A roster is a
known cycle or one the learner types, anchored by "which day of your roster is today";
or the learner tells each week's shifts with one tap per day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from telegram import Update

from bot.core.records import User
from bot.core.schedule import local_date, week_start
from bot.core.shifts import CODES, KNOWN_CYCLES, OFF, ShiftPlan, parse_cycle
from bot.messages import shifts as screens
from bot.messages.i18n import plain
from bot.messages.render import format_clock, when_text
from bot.planning import daily
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    edit_buttons,
    language_of,
    say,
    send,
    svc,
)
from bot.telegram.handlers.onboarding import continue_steps

TYPING = "shiftcycle"


async def shifts_command(update: Update, context: Context) -> None:
    user = current_user(update, context)
    if user is None or not user.onboarded:
        await say(context, update, language_of(update, context), "errors.not_onboarded")
        return
    await send(context, update, screens.menu(user.language, user.shifts))


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    if user is None or (not user.onboarded and user.state not in ("time", TYPING)):
        await answer_callback(update, plain(lang, "shifts.old_button"), alert=True)
        return
    s = svc(context)
    now = s.now()
    parts = query.data.split(":")
    action, args = parts[1], parts[2:]
    await answer_callback(update)
    if action == "menu":
        await send(context, update, screens.menu(lang, user.shifts))
    elif action == "cyc" and args and args[0] in KNOWN_CYCLES:
        user = await s.call(s.store.update_user, user.id, now, shifts=ShiftPlan(cycle=KNOWN_CYCLES[args[0]]))
        await send(context, update, screens.position_question(lang, KNOWN_CYCLES[args[0]]))
    elif action == "type":
        await s.call(s.store.update_user, user.id, now, state=TYPING)
        await say(context, update, lang, "shifts.type_ask")
    elif action == "pos" and args and args[0].isascii() and args[0].isdigit():
        await _anchor(update, context, user, int(args[0]))
    elif action == "weekly":
        user = await s.call(s.store.update_user, user.id, now, shifts=ShiftPlan())
        monday = week_start(local_date(now, user.tz))
        await send(context, update, screens.week_question(lang, monday, {}))
    elif action == "wk" and len(args) == 2 and user.shifts is not None and user.shifts.weekly:
        await _tell_day(update, context, user, args[0], args[1])
    elif action == "wkdone" and user.shifts is not None and user.shifts.weekly:
        await _settled(update, context, user, "shifts.week_done")
    elif action == "off":
        user = await s.call(s.store.update_user, user.id, now, shifts=None)
        await say(context, update, lang, "shifts.off_set", time=format_clock(user.prompt_time, lang))
        if not user.onboarded:
            await continue_steps(update, context, user, "shifts")
        else:
            await s.call(daily.reschedule, s.store, user, now, "shifts off")


async def typed_cycle(update: Update, context: Context, user: User) -> None:
    """The roster typed as letters (V V L L N N - - - -)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    s = svc(context)
    cycle = parse_cycle(message.text)
    if cycle is None:
        await say(context, update, user.language, "shifts.type_bad")
        return
    back = "ready" if user.onboarded else "time"
    await s.call(s.store.update_user, user.id, s.now(), state=back, shifts=ShiftPlan(cycle=cycle))
    await send(context, update, screens.position_question(user.language, cycle))


async def _anchor(update: Update, context: Context, user: User, index: int) -> None:
    """Today is day ``index`` of the cycle: the cycle's first day follows from that."""
    plan = user.shifts
    if plan is None or plan.weekly or index >= len(plan.cycle):
        await say(context, update, user.language, "shifts.old_button")
        return
    s = svc(context)
    today = local_date(s.now(), user.tz)
    user = await s.call(s.store.update_user, user.id, s.now(),
                               shifts=replace(plan, first_day=today - timedelta(days=index)))
    await _settled(update, context, user, "shifts.set")


async def _tell_day(update: Update, context: Context, user: User, raw_day: str, code: str) -> None:
    plan = user.shifts
    assert plan is not None
    try:
        day = datetime.strptime(raw_day, "%Y%m%d").date()
    except ValueError:
        return
    if code not in (*CODES, OFF):
        return
    told = {d: c for d, c in plan.told.items() if d != day}
    if code != OFF:
        told[day] = code
    s = svc(context)
    user = await s.call(s.store.update_user, user.id, s.now(), shifts=replace(plan, told=told))
    await edit_buttons(update, screens.week_question(user.language, week_start(day), told).buttons)


async def _settled(update: Update, context: Context, user: User, key: str) -> None:
    """The roster is complete: plan from it, or go on with onboarding."""
    s = svc(context)
    now = s.now()
    if not user.onboarded:
        await say(context, update, user.language, "shifts.set_none")
        await continue_steps(update, context, user, "shifts")
        return
    upcoming = await s.call(daily.reschedule, s.store, user, now, "shifts")
    if key == "shifts.set" and upcoming is None:
        key = "shifts.set_none"
    await say(context, update, user.language, key,
              next=when_text(upcoming, user.tz, now, user.language) if upcoming else "")

