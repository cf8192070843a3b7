"""Small helpers every handler uses: who is this, and say something to them."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.core.records import Button, Outgoing, User
from bot.messages.i18n import normalise, t
from bot.planning import daily
from bot.store import Store
from bot.telegram.dispatch import keyboard
from bot.telegram.services import Services, services

log = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


def svc(context: Context) -> Services:
    return services(context)


def current_user(update: Update, context: Context) -> User | None:
    """The sender's row, read once per update (PTB gives each update one context).

    Handlers ask several times (language, reply, checks); the copy is reused until this
    process writes a user row, so a change made while handling is always seen.
    """
    tg_user = update.effective_user
    if tg_user is None:
        return None
    store = svc(context).store
    key = (update.update_id, tg_user.id, store.user_version(tg_user.id))
    cached = context.__dict__.get("_current_user")
    if cached is not None and cached[0] == key:
        return cached[1]  # type: ignore[no-any-return]
    user = store.get_user(tg_user.id)
    context.__dict__["_current_user"] = (key, user)
    return user


def remember_user(update: Update, context: Context, user: User | None, written: int) -> None:
    """The sender's row as read in the store thread when its ``user_version`` was
    ``written``: what ``current_user`` returns until this process writes that row."""
    tg_user = update.effective_user
    if tg_user is not None:
        context.__dict__["_current_user"] = ((update.update_id, tg_user.id, written), user)


def _set_and_plan(store: Store, user_id: int, now: datetime, reason: str,
                  changes: dict[str, Any]) -> tuple[User, datetime | None]:
    user = store.update_user(user_id, now, **changes)
    return user, daily.reschedule(store, user, now, reason)


async def set_and_plan(context: Context, user_id: int, reason: str, **changes: Any
                       ) -> tuple[User, datetime | None]:
    """Change the user's row and plan their prompts anew (pause, resume, unblock…): one
    step in the store thread. Returns the user as stored and their next prompt time."""
    s = svc(context)
    return await s.call(_set_and_plan, s.store, user_id, s.now(), reason, changes)


async def set_user(context: Context, user_id: int, **changes: Any) -> User:
    """Change a user's row in the store thread; returns it as stored."""
    s = svc(context)
    return await s.call(s.store.update_user, user_id, s.now(), **changes)


async def fresh_user(update: Update, context: Context) -> User | None:
    """``current_user``, read in the store thread when the copy is out of date."""
    tg_user = update.effective_user
    if tg_user is None:
        return None
    s = svc(context)
    cached = context.__dict__.get("_current_user")
    if cached is not None and cached[0] == (update.update_id, tg_user.id,
                                            s.store.user_version(tg_user.id)):
        return cached[1]  # type: ignore[no-any-return]
    user, written = await s.call(_read_user, s.store, tg_user.id)
    remember_user(update, context, user, written)
    return user


def _read_user(store: Store, user_id: int) -> tuple[User | None, int]:
    return store.get_user(user_id), store.user_version(user_id)


def language_of(update: Update, context: Context) -> str:
    """The stored language, or the Telegram app's language for someone we don't know yet."""
    user = current_user(update, context)
    if user is not None:
        return user.language
    return app_language(update, context)


def app_language(update: Update, context: Context) -> str:
    """The language of the sender's Telegram app (ours when it is neither nl nor en)."""
    tg_user = update.effective_user
    code = tg_user.language_code if tg_user else None
    return "en" if normalise(code) == "en" else svc(context).settings.default_language


async def onboarded_user(update: Update, context: Context) -> User | None:
    """The signed-up learner; anyone else is told to finish signing up (and gets None)."""
    user = current_user(update, context)
    if user is None or not user.onboarded:
        await say(context, update, language_of(update, context), "errors.not_onboarded")
        return None
    return user


async def send(
    context: Context, update: Update, message: Outgoing, kind: str = "reply", **extra: Any
) -> int | None:
    """Reply in this chat through the outbox (recorded before it is sent)."""
    chat = update.effective_chat
    assert chat is not None
    tg_user = update.effective_user
    user_id = tg_user.id if tg_user and current_user(update, context) else None
    return await svc(context).dispatcher.send_now(chat.id, user_id, kind, message, **extra)


async def notify(context: Context, user: User, message: Outgoing, kind: str = "notice") -> str:
    """A message to someone other than the sender of this update, through the outbox.

    Returns the row's status afterwards (``sent``, ``retry``, ``failed``…), so the sender
    is never told "sent" when it was not."""
    item = await svc(context).dispatcher.send_now_item(user.chat_id, user.id, kind, message)
    return item.status if item else "failed"


async def say(context: Context, update: Update, lang: str, key: str, **values: Any) -> int | None:
    return await send(context, update, Outgoing(t(lang, key, **values)))


async def edit_buttons(update: Update, buttons: tuple[tuple[Button, ...], ...]) -> None:
    """Show new buttons on the message that was tapped (a toggle's new state).

    Cosmetic: what the tap changed is already stored, so a failed edit (a double tap:
    "message is not modified") is logged and never loses anything.
    """
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_reply_markup(reply_markup=keyboard(buttons))
    except TelegramError as exc:
        log.debug("buttons not edited: %s", exc.message)


async def answer_callback(update: Update, text: str | None = None, alert: bool = False) -> None:
    """Answer a tap once; ``inbox.finish`` answers any tap a handler left unanswered."""
    query = update.callback_query
    if query is not None:
        await query.answer(text=text, show_alert=alert)
        answered.add(query.id)


# Ids of callback queries answered during this update (shared by all handlers).
answered: set[str] = set()
