"""What the learner shares: private and discuss toggles per answer, holding a week back."""

from __future__ import annotations

import re
from datetime import date

from telegram import Update

from bot.core.records import Answer, Button, Outgoing, User
from bot.messages.goals import tie_buttons
from bot.messages.i18n import plain
from bot.store import Store
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    edit_buttons,
    language_of,
    svc,
)

_FLAG = re.compile(r"^(pv|ds|tm):(\d{1,12})$")
FLAGS = {"pv": "private", "ds": "discuss", "tm": "share_team"}
_WEEK = re.compile(r"^(hold|unhold):(\d{8})$")


def answer_buttons(store: Store, user: User, answer: Answer) -> tuple[tuple[Button, ...], ...]:
    """The toggles under an answer confirmation, showing the current state.

    Only what applies: private and discuss once a mentor is linked; private and
    "share with team" for a sprint answer. Nobody else can see it: no buttons.
    """
    lang = user.language
    mentor = bool(store.links_of_learner(user.id))
    team = answer.sprint_id is not None
    row: list[Button] = []
    if mentor or team:
        row.append(Button(plain(lang, "sharing.btn_shared" if answer.private
                                else "sharing.btn_private"), f"pv:{answer.id}"))
    rows = [tuple(row)] if row else []
    if mentor:
        rows.append((Button(plain(lang, "sharing.btn_discuss_on" if store.answer_flags(
            answer.id).get("discuss") else "sharing.btn_discuss"), f"ds:{answer.id}"),))
    if team:
        rows.append((Button(plain(lang, "sharing.btn_team_on" if answer.share_team
                                  else "sharing.btn_team"), f"tm:{answer.id}"),))
    goals = store.goals_of(user.id) if not answer.skipped else []
    if goals:  # the other two reads only for someone with goals
        rows += tie_buttons(lang, goals, store.goal_of_answer(answer.id),
                            store.last_goal_used(user.id), answer.id)
    return tuple(rows)


def confirmation(store: Store, user: User, text: str, answer: Answer | int) -> Outgoing:
    found = store.get_answer(answer) if isinstance(answer, int) else answer
    return Outgoing(text, answer_buttons(store, user, found) if found else ())


async def flag_button(update: Update, context: Context) -> None:
    """``pv:<answer>`` toggles private, ``ds:<answer>`` toggles "I'd like to discuss this"."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    match = _FLAG.match(query.data)
    s = svc(context)
    answer = await s.call(s.store.get_answer, int(match[2])) if match else None
    if user is None or match is None or answer is None or answer.user_id != user.id:
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    flag = FLAGS[match[1]]
    value = not (await s.call(s.store.answer_flags, answer.id))[flag]
    await s.call(s.store.set_answer_flag, answer.id, flag, value, s.now())
    updated = await s.call(s.store.get_answer, answer.id) or answer
    await edit_buttons(update, await s.call(answer_buttons, s.store, user, updated))
    key = {("private", True): "sharing.now_private", ("private", False): "sharing.now_shared",
           ("discuss", True): "sharing.discuss_on", ("discuss", False): "sharing.discuss_off",
           ("share_team", True): "sharing.team_on", ("share_team", False): "sharing.team_off"}
    toast = key[(flag, value)]
    if flag == "private" and answer.sprint_id is not None:  # name who does (not) see it
        mentor = "_mentor" if await s.call(s.store.links_of_learner, user.id) else ""
        toast = f"teamweek.{'now_private' if value else 'now_shared'}{mentor}"
    await answer_callback(update, plain(lang, toast))


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
        await s.call(s.store.hold_week, user.id, week, s.now())
        new = Button(plain(lang, "sharing.btn_unhold"), f"unhold:{raw}")
        toast = "sharing.held"
    else:
        await s.call(s.store.release_week, user.id, week)
        new = Button(plain(lang, "sharing.btn_hold"), f"hold:{raw}")
        toast = "sharing.unheld"
    await edit_buttons(update, ((new,),))
    await answer_callback(update, plain(lang, toast))
