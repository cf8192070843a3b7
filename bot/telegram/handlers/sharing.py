"""What the learner shares: private and discuss toggles per answer, holding a week back."""

from __future__ import annotations

import re
from datetime import date

from telegram import Update

from bot.core.records import Button, Outgoing
from bot.i18n import plain
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    edit_buttons,
    language_of,
    svc,
)

_FLAG = re.compile(r"^(pv|ds):(\d{1,12})$")
_WEEK = re.compile(r"^(hold|unhold):(\d{8})$")


def answer_buttons(lang: str, answer_id: int, private: bool, discuss: bool) -> tuple[
        tuple[Button, ...], ...]:
    """The toggles under an answer confirmation, showing the current state."""
    return ((
        Button(plain(lang, "sharing.btn_shared" if private else "sharing.btn_private"),
               f"pv:{answer_id}"),
        Button(plain(lang, "sharing.btn_discuss_on" if discuss else "sharing.btn_discuss"),
               f"ds:{answer_id}"),
    ),)


def confirmation(lang: str, text: str, answer_id: int, has_mentor: bool) -> Outgoing:
    if not has_mentor:
        return Outgoing(text)
    return Outgoing(text, answer_buttons(lang, answer_id, False, False))


async def flag_button(update: Update, context: Context) -> None:
    """``pv:<answer>`` toggles private, ``ds:<answer>`` toggles "I'd like to discuss this"."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    match = _FLAG.match(query.data)
    s = svc(context)
    answer = s.store.get_answer(int(match[2])) if match else None
    if user is None or match is None or answer is None or answer.user_id != user.id:
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    flags = s.store.answer_flags(answer.id)
    flag = "private" if match[1] == "pv" else "discuss"
    value = not flags[flag]
    s.store.set_answer_flag(answer.id, flag, value, s.now())
    flags[flag] = value
    await edit_buttons(update, answer_buttons(lang, answer.id, flags["private"], flags["discuss"]))
    key = {("private", True): "sharing.now_private", ("private", False): "sharing.now_shared",
           ("discuss", True): "sharing.discuss_on", ("discuss", False): "sharing.discuss_off"}
    await answer_callback(update, plain(lang, key[(flag, value)]))


async def week_button(update: Update, context: Context) -> None:
    """``hold:<yyyymmdd>`` keeps that week from the mentor; ``unhold:`` shares it again."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    match = _WEEK.match(query.data)
    if user is None or match is None:
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    raw = match[2]
    try:
        week = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    s = svc(context)
    if match[1] == "hold":
        s.store.hold_week(user.id, week, s.now())
        new = Button(plain(lang, "sharing.btn_unhold"), f"unhold:{raw}")
        toast = "sharing.held"
    else:
        s.store.release_week(user.id, week)
        new = Button(plain(lang, "sharing.btn_hold"), f"hold:{raw}")
        toast = "sharing.unheld"
    await edit_buttons(update, ((new,),))
    await answer_callback(update, plain(lang, toast))
