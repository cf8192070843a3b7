"""``/mijngegevens``: a learner downloads or erases everything stored about them."""

from __future__ import annotations

import json
import logging
from io import BytesIO

from telegram import Update

from bot.core.records import Outgoing, User
from bot.messages import views
from bot.messages.i18n import plain, t
from bot.store import Store
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    language_of,
    notify,
    say,
    send,
    svc,
)

log = logging.getLogger(__name__)


def _linked_people(store: Store, user_id: int) -> list[tuple[User, str]]:
    """Everyone linked to this person, with the line that tells them the link is gone."""
    found: list[tuple[User, str]] = []
    for link in store.links_of_learner(user_id):
        mentor = store.get_user(link.mentor_id)
        if mentor is not None:
            found.append((mentor, "mentorweek.erased_learner"))
    for link in store.links_of_mentor(user_id):
        learner = store.get_user(link.learner_id)
        if learner is not None:
            found.append((learner, "mentorweek.erased_mentor"))
    return found


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
        others = _linked_people(s.store, user.id)
        s.store.erase_user(user.id)
        log.info("user %s erased their data", user.id)
        await say(context, update, lang, "privacy.erased")
        for other, key in others:  # one friendly line, so nobody waits for a digest in vain
            await notify(context, other, Outgoing(t(other.language, key, name=user.first_name)))
    elif action == "erase:no":
        await say(context, update, user.language, "privacy.erase_cancelled")
