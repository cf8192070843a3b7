"""One reminder per open prompt, and pausing by itself after a run of silent prompts."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.config import Settings
from bot.core.nudges import SELF_PAUSE_AFTER, parse_quiet, reminder_due, should_pause_itself
from bot.core.records import Button, Outgoing, User
from bot.messages import callbacks
from bot.messages.i18n import plain, t
from bot.store import Store

log = logging.getLogger(__name__)

BATCH = 500


def plan_reminders(store: Store, settings: Settings, now: datetime) -> int:
    """Queue the one reminder of every prompt still open after ``REMINDER_HOURS``."""
    if settings.reminder_hours <= 0:
        return 0
    after = timedelta(hours=settings.reminder_hours)
    quiet = parse_quiet(settings.quiet_hours)
    planned = 0
    for prompt in store.reminder_candidates(now, after, BATCH):
        user = store.get_user(prompt.user_id) if prompt.user_id is not None else None
        if user is None or prompt.sent_at is None:
            continue
        if not reminder_due(prompt.sent_at, prompt.expires_at, now, user.tz, after, quiet):
            continue
        lang = user.language
        message = Outgoing(t(lang, "nudges.reminder"), (
            (Button(plain(lang, "nudges.btn_now"), f"rm:now:{prompt.id}"),
             Button(plain(lang, "nudges.btn_skip"), callbacks.answer(prompt.id, "x"))),
            (Button(plain(lang, "nudges.btn_off"), "rm:off"),),
        ))
        if store.enqueue(chat_id=user.chat_id, user_id=user.id, kind="reminder", message=message,
                         due_at=now, now=now, dedupe_key=f"reminder:{prompt.id}",
                         expires_at=prompt.expires_at, reply_to=prompt.message_id) is not None:
            planned += 1
    return planned


def pause_if_silent(store: Store, user: User, now: datetime, after: int = SELF_PAUSE_AFTER) -> bool:
    """Before a new prompt: after ``after`` silent prompts in a row, stop and ask once instead."""
    if after <= 0 or user.paused:
        return False
    if not should_pause_itself(store.recent_prompts_answered(user.id, after), after):
        return False
    store.update_user(user.id, now, paused=True, resume_on=None, auto_paused_at=now,
                      next_plan_at=None)
    lang = user.language
    store.enqueue(
        chat_id=user.chat_id, user_id=user.id, kind="notice", due_at=now, now=now,
        dedupe_key=f"paused-itself:{user.id}:{now.date().isoformat()}",
        message=Outgoing(t(lang, "nudges.paused_itself"), (
            (Button(plain(lang, "nudges.btn_go_on"), "ap:go"),),
            (Button(plain(lang, "nudges.btn_pause_2w"), "ap:pause"),),
            (Button(plain(lang, "nudges.btn_stop"), "ap:stop"),),
        )),
    )
    log.info("user %s paused by itself after %d silent prompts", user.id, after)
    return True
