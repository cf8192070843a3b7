"""``/mijngegevens``: a learner downloads or erases everything stored about them."""

from __future__ import annotations

import json
import logging
from io import BytesIO

from telegram import Update

from bot.messages import views
from bot.messages.i18n import plain
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    language_of,
    say,
    send,
    svc,
)

log = logging.getLogger(__name__)


async def my_data(update: Update, context: Context) -> None:
    user = current_user(update, context)
    if user is None:
        await say(context, update, language_of(update, context), "privacy.nothing")
        return
    await send(context, update, views.my_data(user.language))


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    if user is None:
        await answer_callback(update, plain(language_of(update, context), "privacy.nothing"),
                              alert=True)
        return
    s = svc(context)
    action = query.data.removeprefix("my:")
    await answer_callback(update)
    if action == "export":
        data = json.dumps(s.store.export_user(user.id), ensure_ascii=False, indent=2)
        chat = update.effective_chat
        assert chat is not None
        await context.bot.send_document(
            chat_id=chat.id,
            document=BytesIO(data.encode("utf-8")),
            filename="werkplekcoach-mijn-gegevens.json",
            caption=plain(user.language, "privacy.export_caption"),
        )
        log.info("user %s exported their data", user.id)
    elif action == "erase":
        await send(context, update, views.erase_confirm(user.language))
    elif action == "erase:yes":
        lang = user.language
        s.store.erase_user(user.id)
        log.info("user %s erased their data", user.id)
        await say(context, update, lang, "privacy.erased")
    elif action == "erase:no":
        await say(context, update, user.language, "privacy.erase_cancelled")
