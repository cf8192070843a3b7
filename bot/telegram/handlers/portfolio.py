"""``/portfolio``: the learner's goals and answers as a PDF and an HTML file, sent as
documents, over the period the learner picks.

Two taps: the period, then whether private answers go in (they stay out unless the
learner says yes). "Code voor je opleider/HR" makes a consent code for ``coach
portfolio`` instead: single use, a day long, revocable, and sent as a ``link`` row so
the outbox keeps no copy of it once delivered.

The store is read in the store thread; the charts and pages are drawn in the chart worker
(``drawing.off_loop``), so a portfolio never holds up anyone's replies.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from io import BytesIO

from telegram import Update

from bot.core.portfolio import CODE_HOURS, PERIODS
from bot.core.records import Button, Outgoing, User
from bot.core.schedule import local_date
from bot.messages.i18n import plain, t
from bot.messages.render import when_text
from bot.portfolio import gather, render
from bot.telegram.drawing import off_loop
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
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)
LEGACY = {"pf:make": "pf:m:all:0", "pf:all": "pf:m:all:1"}  # buttons of the first version


def period_menu(lang: str) -> Outgoing:
    """The first question: which period (the shortest first, it is what school asks)."""
    return Outgoing(t(lang, "portfolio.menu_period"), (
        tuple(Button(plain(lang, f"portfolio.btn_{p}"), f"pf:p:{p}") for p in PERIODS),
        (Button(plain(lang, "portfolio.btn_code"), "pf:c"),)))


async def portfolio_command(update: Update, context: Context) -> None:
    user = await onboarded_user(update, context)
    if user is None:
        return
    await send(context, update, period_menu(user.language))


async def on_button(update: Update, context: Context) -> None:
    """``pf:p:<period>`` asks about private answers, ``pf:m:<period>:<0|1>`` makes the
    portfolio; ``pf:c`` asks the same for a consent code, ``pf:k:<0|1>`` makes the code,
    ``pf:x`` revokes it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    parts = LEGACY.get(query.data, query.data).split(":")
    known = (parts in (["pf", "c"], ["pf", "x"], ["pf", "k", "0"], ["pf", "k", "1"])
             or (len(parts) == 3 and parts[1] == "p" and parts[2] in PERIODS)
             or (len(parts) == 4 and parts[1] == "m" and parts[2] in PERIODS
                 and parts[3] in ("0", "1")))
    if user is None or not user.onboarded or not known:
        await answer_callback(update, plain(language_of(update, context), "errors.old_button"),
                              alert=True)
        return
    await answer_callback(update)
    lang, action = user.language, parts[1]
    if action in ("p", "c"):
        then = f"pf:m:{parts[2]}:" if action == "p" else "pf:k:"
        await send(context, update, Outgoing(t(lang, "portfolio.ask_private" if action == "p"
                                                else "portfolio.code_ask"), (
            (Button(plain(lang, "portfolio.btn_without"), then + "0"),
             Button(plain(lang, "portfolio.btn_with"), then + "1")),)))
    elif action == "m":
        await _make(update, context, user, parts[2], include_private=parts[3] == "1")
    elif action == "k":
        await _code(update, context, user, private=parts[2] == "1")
    else:
        s = svc(context)
        revoked = await s.call(s.store.revoke_portfolio_tokens, user.id, s.now())
        await say(context, update, lang, "portfolio.revoked" if revoked else "portfolio.revoked_none")
        log.info("user %s revoked %d portfolio code(s)", user.id, revoked)


async def _code(update: Update, context: Context, user: User, private: bool) -> None:
    """A consent code of 128 random bits, shown once; only its hash is stored."""
    s = svc(context)
    now, lang = s.now(), user.language
    code = secrets.token_urlsafe(16)
    until = now + timedelta(hours=CODE_HOURS)
    await s.call(s.store.create_portfolio_token, code, user.id, private, now, until)
    await send(context, update, Outgoing(t(
        lang, "portfolio.code", code=code, user_id=user.id,
        until=when_text(until, user.tz, now, lang),
        private=plain(lang, f"portfolio.code_private_{'yes' if private else 'no'}")), (
        (Button(plain(lang, "portfolio.btn_revoke"), "pf:x"),),)), kind="link")
    log.info("user %s made a portfolio code", user.id)


async def _make(update: Update, context: Context, user: User, choice: str,
                include_private: bool) -> None:
    s = svc(context)
    lang = user.language
    doc = await s.call(gather, s.store, s.programmes, user, choice,
                       local_date(s.now(), user.tz), include_private)
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
