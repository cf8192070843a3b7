"""The end of a programme: congratulate right after the last answer and offer the next one.

A finished learner who asks for a prompt (/vandaag, /hervat) gets the same choice again,
so finishing is never a silent dead end. ``nx:<programme>`` starts the chosen programme,
``nx:-`` leaves it for later.
"""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from bot.core.records import Button, OutboxItem, User
from bot.messages import finish as messages
from bot.messages import views
from bot.messages.i18n import plain
from bot.messages.render import mark_chosen
from bot.planning import daily
from bot.store import Store
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


async def after_answer(update: Update, context: Context, user: User,
                       prompt_row: OutboxItem) -> None:
    """After the answer to the programme's last prompt: the congratulation, at once."""
    s = svc(context)
    programme = s.programmes.get(prompt_row.programme_id or "")
    position = prompt_row.payload.get("position")
    if prompt_row.kind != "prompt" or programme is None or not isinstance(position, int) \
            or position + 1 < len(programme.days):
        return
    await s.call(daily.finish, s.store, programme, user, s.now(), s.programmes.values())
    await s.dispatcher.send_due()


async def offer_again(update: Update, context: Context, user: User) -> bool:
    """True (and the choice shown) when the learner's programme is finished."""
    s = svc(context)
    programme = s.programmes.get(user.programme_id or "")
    if programme is None or await s.call(s.store.finished_at, user.id, programme.id) is None:
        return False
    choices = await s.call(daily.next_choices, s.store, s.programmes.values(), user, programme)
    await send(context, update, messages.still_finished(user.language, programme, choices))
    return True


async def next_button(update: Update, context: Context) -> None:
    """``nx:<programme>``: start the next programme; ``nx:-``: not now."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    s = svc(context)
    wanted = query.data.removeprefix("nx:")
    if user is None or not user.onboarded:
        await answer_callback(update, plain(language_of(update, context), "errors.start_first"),
                              alert=True)
        return
    programme = next((p for p in s.learner_programmes() if p.id == wanted), None)
    if wanted != "-" and programme is None:
        await answer_callback(update, plain(user.language, "errors.old_button"), alert=True)
        return
    await answer_callback(update)
    if query.message is not None:
        await edit_buttons(update, mark_chosen(_buttons_of(query.message), query.data))
    if programme is None:
        await say(context, update, user.language, "lived.not_now")
        return
    now = s.now()
    started, next_at = await s.call(_start_next, s.store, user.id, programme.id, now)
    await send(context, update, views.done(started.language, next_at, started.tz, now,
                                           programme))


def _start_next(store: Store, user_id: int, programme_id: str, now: datetime
                ) -> tuple[User, datetime | None]:
    """In the store thread, one transaction: the next programme begins."""
    store.ensure_progress(user_id, programme_id, now)
    user = store.update_user(user_id, now, programme_id=programme_id, state="ready")
    return user, daily.reschedule(store, user, now, "next programme chosen")


def _buttons_of(message: object) -> tuple[tuple[Button, ...], ...]:
    markup = getattr(message, "reply_markup", None)
    rows = getattr(markup, "inline_keyboard", None) or ()
    return tuple(tuple(Button(b.text, b.callback_data or "") for b in row) for row in rows)
