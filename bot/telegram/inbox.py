"""Incoming updates are written to the inbox before any other work, and tried again.

``receive`` runs first for every update (handler group -1): it records the update, skips
a duplicate, and when even that write fails it says plainly that the message did not
arrive. ``finish`` runs last (group 1) and marks the update done. A handler that raised
leaves the row ``failed`` (see ``failed``), and ``retry_failed`` — run by the tick —
hands it to the handlers again. So "your message is kept" is said only when it is true.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.constants import UpdateType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop

from bot.core.records import User
from bot.messages import callbacks
from bot.messages.i18n import plain
from bot.planning import daily
from bot.store import Store
from bot.store.updates import DUPLICATE
from bot.telegram.handlers import steps
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    answered,
    app_language,
    current_user,
    language_of,
    remember_user,
    svc,
)
from bot.telegram.ordering import PerSenderOrder

log = logging.getLogger(__name__)
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)

MAX_TRIES = 3
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5))
STUCK_AFTER = timedelta(minutes=2)  # a 'new' row this old: its process stopped half-way
REPLAYED = ("message", "edited_message")  # taps are not replayed: the button is tapped again


def kind_of(update: Update) -> str:
    """Which kind of update it is (``message``, ``callback_query``…), from its one set
    field: turning the update into a dict just for that cost as much as handling it."""
    return next((kind.value for kind in UpdateType
                 if getattr(update, kind.value, None) is not None), "unknown")


async def receive(update: Update, context: Context) -> None:
    """Record the update before anything else; a duplicate goes no further.

    The write runs in the store thread: while another process holds the database's lock
    the update waits there (up to ``DATABASE_LOCK_PATIENCE``) and the bot goes on with
    everything else; only when even that runs out is the sender asked to send again.
    The sender's row is read in the same step, so handlers start with it."""
    tg_user = update.effective_user
    s = svc(context)
    processor = context.application.update_processor
    arrived = processor.arrived(update) if isinstance(processor, PerSenderOrder) else None
    try:
        seen, user, written = await s.thread.call_since(
            arrived if arrived is not None else time.monotonic(), _record, s.store,
            update.update_id, tg_user.id if tg_user else None, kind_of(update),
            s.raw_update(update.update_id) or update.to_dict(), s.now())
    except sqlite3.Error as exc:
        _log_write_failure(update.update_id, exc)
        await _tell_directly(update, context, "trust.not_arrived")
        raise ApplicationHandlerStop from None
    if seen == DUPLICATE:
        log.info("update %s seen before; skipped", update.update_id)
        raise ApplicationHandlerStop
    if tg_user is not None:
        remember_user(update, context, user, written)
    if tg_user is not None and (update.message or update.callback_query):
        await _welcome_back(update, context)
    if not await steps.leave_waiting_step(update, context):
        await finish(update, context)
        raise ApplicationHandlerStop
    query = update.callback_query
    if query is not None and not callbacks.valid(query.data):
        log.info("update %s: callback data outside our grammar; refused", update.update_id)
        await answer_callback(update, plain(language_of(update, context), "errors.old_button"),
                              alert=True)
        await finish(update, context)
        raise ApplicationHandlerStop


def _record(store: Store, update_id: int, user_id: int | None, kind: str,
            payload: dict[str, Any], now: datetime) -> tuple[str, User | None, int]:
    """In the store thread: the inbox row and the sender's row, one transaction."""
    seen = store.receive_update(update_id, user_id, kind, payload, now)
    user = store.get_user(user_id) if user_id is not None else None
    return seen, user, store.user_version(user_id) if user_id is not None else 0


_last_write_failure_log = [float("-inf"), 0]  # when the last line was logged; failures since


def _log_write_failure(update_id: int, exc: sqlite3.Error) -> None:
    """A full disk or a read-only database fails every update: one line a minute, with
    the count, instead of one per update. Nothing is cached: when the write works again
    the next update simply goes through."""
    now = asyncio.get_running_loop().time()
    last, missed = _last_write_failure_log
    if now - last < 60:
        _last_write_failure_log[1] = missed + 1
        return
    log.error("updates cannot be recorded (%s): update %s and %d more since the last line;"
              " users are asked to send again", exc, update_id, missed)
    _last_write_failure_log[:] = [now, 0]


async def _welcome_back(update: Update, context: Context) -> None:
    """Someone marked inactive (they blocked the bot, a send got 403) wrote again: they
    unblocked it, so messages may go to them again and their prompts are planned."""
    s = svc(context)
    user = current_user(update, context)
    if user is not None and not user.active:
        await s.call(_reactivate, s.store, user.id, s.now())
        log.info("user %s wrote again; active again", user.id)


def _reactivate(store: Store, user_id: int, now: datetime) -> None:
    user = store.update_user(user_id, now, active=True)
    daily.reschedule(store, user, now, "came back")


async def finish(update: Update, context: Context) -> None:
    """Every handler of this update ran without an error: it is done. A tap that no
    handler answered is answered now, so the user's app never keeps spinning."""
    query = update.callback_query
    if query is not None:
        if query.id not in answered:
            try:
                await query.answer()
            except TelegramError as exc:
                log.info("callback %s could not be answered: %s", query.id, exc.message)
        answered.discard(query.id)
    # Batched, never awaited: a lock must not hold the next update back or fail this
    # one after its handlers ran; the store thread writes it before later work.
    svc(context).dispatcher.done.add(update.update_id)


async def failed(update: Update, context: Context, error: BaseException | None) -> str:
    """Record a handler's failure; returns the catalog key of what to tell the user."""
    s = svc(context)
    reason = type(error).__name__ if error else "error"
    try:
        outcome = await s.call(_record_failure, s.store, update.update_id, kind_of(update),
                               reason, s.now())
    except sqlite3.Error:
        log.exception("update %s: the failure could not be recorded", update.update_id)
        return "trust.not_arrived"
    if isinstance(outcome, str):
        return outcome
    tries, retry_at = outcome
    if retry_at is None:
        log.error("update %s failed %d times; the user is asked to send it again",
                  update.update_id, tries)
        return "trust.gave_up"
    return "trust.kept" if tries == 1 else ""


def _record_failure(store: Store, update_id: int, kind: str, reason: str, now: datetime
                    ) -> str | tuple[int, datetime | None]:
    """In the store thread: mark the update failed; (tries, when to try again), or the
    catalog key to answer with when it is not tried again."""
    found = store.inbox_status(update_id)
    if found is None:
        return "trust.not_arrived"
    if kind not in REPLAYED:
        store.fail_update(update_id, reason, None)
        return "trust.tap_again"
    tries = found[1]
    retry_at = now + RETRY_AFTER[tries - 1] if tries < MAX_TRIES else None
    store.fail_update(update_id, reason, retry_at)
    return tries, retry_at


async def _tell_directly(update: Update, context: Context, key: str) -> None:
    """Straight to Telegram, not through the outbox: the database may be what failed."""
    chat = update.effective_chat
    if chat is None:
        return
    cached = context.__dict__.get("_current_user")  # the database may be what failed
    user = cached[1] if cached else None
    lang = user.language if isinstance(user, User) else app_language(update, context)
    try:
        if update.callback_query is not None:
            await answer_callback(update, plain(lang, key), alert=True)
        else:
            await context.bot.send_message(chat.id, plain(lang, key))
    except Exception:
        log.exception("could not tell chat %s that its update did not arrive", chat.id)


async def retry_failed(app: Application[Any, Any, Any, Any, Any, Any], now: datetime) -> int:
    """Hand failed (and stuck) updates to the handlers again; returns how many."""
    svc_ = app.bot_data["services"]
    payloads = await svc_.call(svc_.store.updates_to_retry, now, now - STUCK_AFTER)
    for payload in payloads:
        log.info("trying update %s again", payload.get("update_id"))
        update = Update.de_json(payload, app.bot)
        # Through the update processor: after this person's live updates, in order.
        await app.update_processor.process_update(update, app.process_update(update))
    return len(payloads)
