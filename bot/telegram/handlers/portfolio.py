"""``/portfolio``: the learner's goals and answers as a PDF, sent as a document.

Private answers are left out unless the learner taps the button that includes them.
"""

from __future__ import annotations

import logging
from io import BytesIO

from telegram import Update

from bot.core.records import Button, Outgoing
from bot.messages import portfolio as pdf
from bot.messages.i18n import plain, t
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


async def portfolio_command(update: Update, context: Context) -> None:
    user = await onboarded_user(update, context)
    if user is None:
        return
    lang = user.language
    await send(context, update, Outgoing(t(lang, "portfolio.menu"), (
        (Button(plain(lang, "portfolio.btn_make"), "pf:make"),),
        (Button(plain(lang, "portfolio.btn_private"), "pf:all"),))))


async def on_button(update: Update, context: Context) -> None:
    """``pf:make`` (without private answers) or ``pf:all`` (with them)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    if user is None or not user.onboarded or query.data not in ("pf:make", "pf:all"):
        await answer_callback(update, plain(language_of(update, context), "errors.old_button"),
                              alert=True)
        return
    await answer_callback(update)
    s = svc(context)
    lang = user.language
    tables = s.store.export_user(user.id)
    found = pdf.entries(tables, s.programmes, lang)
    if not found:
        await say(context, update, lang, "portfolio.nothing")
        return
    feedback = [r for r in tables.get("feedback", []) if r["learner_id"] == user.id]
    data = pdf.portfolio_pdf(user.first_name, lang, s.store.goals_of(user.id, history=True),
                             found, feedback, include_private=query.data == "pf:all")
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_document(
        chat_id=chat.id, document=BytesIO(data), filename="portfolio.pdf",
        caption=t(lang, "portfolio.caption"), parse_mode="HTML")
    log.info("user %s made their portfolio", user.id)
