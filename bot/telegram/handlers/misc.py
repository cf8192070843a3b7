"""Help, the catch-alls for what we don't understand, and bookkeeping of updates."""

from __future__ import annotations

import logging

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus

from bot.core.records import Outgoing
from bot.messages.i18n import plain, t
from bot.telegram import inbox
from bot.telegram.handlers import sprints
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    answered,
    current_user,
    language_of,
    say,
    send,
    set_and_plan,
    svc,
)

log = logging.getLogger(__name__)


async def help_command(update: Update, context: Context) -> None:
    await say(context, update, language_of(update, context), "help.text")


async def unknown_command(update: Update, context: Context) -> None:
    message = update.effective_message
    command = (message.text or "").split()[0] if message and message.text else ""
    await say(context, update, language_of(update, context), "errors.unknown_command",
              command=command[:40])


async def unsupported_message(update: Update, context: Context) -> None:
    """Stickers, locations, contacts, polls: a kind word and what to do instead."""
    user = current_user(update, context)
    lang = language_of(update, context)
    if user is None:
        await say(context, update, lang, "errors.start_first_text")
    elif user.state.startswith(("feedback:", "fbreply:")):
        await say(context, update, lang, "feedback.text_only")
    elif not user.onboarded and user.state == "ready":
        await say(context, update, lang, "mentor.only_mentor")
    elif not user.onboarded:
        await say(context, update, lang, "onboarding.use_buttons")
    else:
        await say(context, update, lang, "errors.unsupported")


async def unknown_button(update: Update, context: Context) -> None:
    await answer_callback(update, plain(language_of(update, context), "errors.old_button"),
                          alert=True)


async def chat_member(update: Update, context: Context) -> None:
    """A user blocked or unblocked the bot: stop or allow sending to them."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    if change.chat.type != "private":
        await sprints.group_membership(update, context, change)
        return
    s = svc(context)
    user = await s.call(s.store.get_user, change.from_user.id)
    if user is None:
        return
    blocked = change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
    if blocked:
        await s.call(s.store.update_user, user.id, s.now(), active=False, next_plan_at=None)
        log.info("user %s blocked the bot", user.id)
    elif not user.active:
        await set_and_plan(context, user.id, "unblocked", active=True)
        log.info("user %s unblocked the bot", user.id)


async def on_error(update: object, context: Context) -> None:
    """Log the failure (without message texts) and tell the user honestly.

    "Your message is kept" only when the inbox holds it and it will be tried again;
    otherwise the user is asked to send it again.
    """
    log.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    key = await inbox.failed(update, context, context.error)
    try:
        if update.callback_query is not None and update.callback_query.id not in answered:
            await answer_callback(update, plain(language_of(update, context), key) if key
                                  else None, alert=bool(key))
        elif key:
            await send(context, update, Outgoing(t(language_of(update, context), key)))
    except Exception:
        log.exception("could not tell the user about an error")


__all__ = ["chat_member", "help_command", "on_error",
           "unknown_button", "unknown_command", "unsupported_message"]
