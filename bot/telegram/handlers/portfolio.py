"""``/portfolio``: the learner's goals and answers as a PDF and an HTML file, sent as
documents, over the period the learner picks.

Two taps: the period, then whether private answers go in (they stay out unless the
learner says yes). The store is read here; the charts and pages are drawn in the chart
worker (``dispatch.off_loop``), so a portfolio never holds up anyone's replies.
"""

from __future__ import annotations

import logging
from io import BytesIO

from telegram import Update

from bot.core.portfolio import PERIODS
from bot.core.records import Button, Outgoing, User
from bot.core.schedule import local_date
from bot.messages.i18n import plain, t
from bot.portfolio import gather, render
from bot.telegram.dispatch import off_loop
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    language_of,
    onboarded_user,
    say,
    send,
    svc,
)

log = logging.getLogger(__name__)
LEGACY = {"pf:make": "pf:m:all:0", "pf:all": "pf:m:all:1"}  # buttons of the first version


def period_menu(lang: str) -> Outgoing:
    """The first question: which period (the shortest first, it is what school asks)."""
    return Outgoing(t(lang, "portfolio.menu_period"), (
        tuple(Button(plain(lang, f"portfolio.btn_{p}"), f"pf:p:{p}") for p in PERIODS),))


async def portfolio_command(update: Update, context: Context) -> None:
    user = await onboarded_user(update, context)
    if user is None:
        return
    await send(context, update, period_menu(user.language))


async def on_button(update: Update, context: Context) -> None:
    """``pf:p:<period>`` asks about private answers; ``pf:m:<period>:<0|1>`` makes it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    parts = LEGACY.get(query.data, query.data).split(":")
    if user is None or not user.onboarded or len(parts) < 3 or parts[2] not in PERIODS:
        await answer_callback(update, plain(language_of(update, context), "errors.old_button"),
                              alert=True)
        return
    await answer_callback(update)
    lang, choice = user.language, parts[2]
    if parts[1] == "p":
        await send(context, update, Outgoing(t(lang, "portfolio.ask_private"), (
            (Button(plain(lang, "portfolio.btn_without"), f"pf:m:{choice}:0"),
             Button(plain(lang, "portfolio.btn_with"), f"pf:m:{choice}:1")),)))
    elif parts[1] == "m" and len(parts) == 4:
        await _make(update, context, user, choice, include_private=parts[3] == "1")


async def _make(update: Update, context: Context, user: User, choice: str,
                include_private: bool) -> None:
    s = svc(context)
    lang = user.language
    doc = gather(s.store, s.programmes, user, choice, local_date(s.now(), user.tz),
                 include_private)
    if doc is None:
        await say(context, update, lang, "portfolio.nothing")
        return
    if not doc.chosen:
        await say(context, update, lang, "portfolio.nothing_in_period")
        return
    pdf, page = await off_loop(render, doc)
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_document(
        chat_id=chat.id, document=BytesIO(pdf), filename="portfolio.pdf",
        caption=t(lang, "portfolio.caption"), parse_mode="HTML")
    await context.bot.send_document(
        chat_id=chat.id, document=BytesIO(page.encode("utf-8")), filename="portfolio.html",
        caption=t(lang, "portfolio.html_caption"), parse_mode="HTML")
    log.info("user %s made their portfolio (%s)", user.id, choice)
