"""A team's messages on request: Details behind a digest or final report, and the past
sprints that ``/sprint`` shows once a sprint is over."""

from __future__ import annotations

from collections.abc import Mapping

from telegram import Update

from bot.core.programme import Programme
from bot.core.records import Outgoing, User
from bot.messages.i18n import plain
from bot.planning import teamweek
from bot.store import Store
from bot.telegram.handlers.common import Context, answer_callback, current_user, language_of, send, svc


async def details_button(update: Update, context: Context) -> None:
    """``td:<sprint>:<week>|f|r``: the full digest, the final report's Details, the report."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    parts = query.data.split(":")
    s = svc(context)
    found = await s.call(_details, s.store, s.programmes, user, parts)
    if found is None:
        await answer_callback(update, plain(language_of(update, context), "errors.not_yours"),
                              alert=True)
        return
    await answer_callback(update)
    for message in found:
        await send(context, update, message)


def _details(store: Store, programmes: Mapping[str, Programme], user: User | None,
             parts: list[str]) -> list[Outgoing] | None:
    sprint = store.get_sprint(int(parts[1])) if len(parts) == 3 and parts[1].isdigit() else None
    if sprint is None or user is None:
        return None
    return teamweek.details(store, programmes, sprint, user, parts[2])


async def show_past(update: Update, context: Context, user: User) -> bool:
    """``/sprint`` after a sprint: its final report and the way to a new one. False when
    the user has no past sprint."""
    s = svc(context)
    found = await s.call(teamweek.past, s.store, s.programmes, user)
    for message in found:
        await send(context, update, message)
    return bool(found)
