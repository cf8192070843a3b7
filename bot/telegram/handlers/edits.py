"""Edited and forwarded messages: an edit changes the answer it belongs to, a forward
is kept as an answer only when the learner says so.

An edit arrives as a new update of an old message. It must not be handled like a new
message (appended to today's answer, or a command run twice): it replaces that
message's words in the answer it went into, found by its message id. A forwarded
message is someone else's words; storing it as the learner's own answer without a
word would put them in a summary a mentor reads.
"""

from __future__ import annotations

import logging

from telegram import Message, Update

from bot.core.records import Button, Outgoing
from bot.messages import callbacks
from bot.messages.i18n import plain, t
from bot.telegram.handlers import answers
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

log = logging.getLogger(__name__)


async def on_edit(update: Update, context: Context) -> None:
    """``edited_message``: replace the text of the answer it belongs to; run nothing."""
    message = update.edited_message
    if message is None:
        return
    text = message.text or message.caption
    if text is None or text.startswith("/"):
        log.info("edit of message %s ignored (a command or no text)", message.message_id)
        return
    s = svc(context)
    answer = await s.call(s.store.edit_answer_text, message.chat_id, message.message_id, text,
                          s.now())
    if answer is None:
        log.info("edit of message %s: not an answer; nothing changed", message.message_id)
        return
    await say(context, update, language_of(update, context), "trust.edited")


async def on_forward(update: Update, context: Context) -> None:
    """A forwarded message where an answer is expected: ask before keeping it."""
    message = update.effective_message
    user = current_user(update, context)
    if message is None or user is None or not user.onboarded or user.state != "ready":
        await answers.on_message(update, context)
        return
    s = svc(context)
    await s.call(s.store.hold_update, update.update_id)
    lang = user.language
    await send(context, update, Outgoing(t(lang, "trust.forward_ask"), ((
        Button(plain(lang, "trust.forward_keep"), callbacks.forward(update.update_id, True)),
        Button(plain(lang, "trust.forward_drop"), callbacks.forward(update.update_id, False)),
    ),)), reply_to=message.message_id)


async def forward_button(update: Update, context: Context) -> None:
    """``fw:<update id>:y|n``: keep the held forward as an answer, or let it go."""
    query = update.callback_query
    assert query is not None
    parsed = callbacks.parse_forward(query.data or "")
    user = current_user(update, context)
    s = svc(context)
    payload = await s.call(s.store.held_update, parsed[0], user.id) if parsed and user else None
    if parsed is None or user is None or payload is None:
        await answer_callback(update, plain(language_of(update, context), "errors.old_button"),
                              alert=True)
        return
    update_id, keep = parsed
    await answer_callback(update)
    await edit_buttons(update, ())
    if keep:
        held = Update.de_json(payload, context.bot)
        message: Message | None = held.effective_message if held else None
        if message is not None:
            await answers.store_answer(update, context, user, message)
    else:
        await say(context, update, user.language, "trust.forward_dropped")
    await s.call(s.store.release_held, update_id)


__all__ = ["forward_button", "on_edit", "on_forward"]
