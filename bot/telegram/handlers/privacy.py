"""``/mijngegevens``: a learner downloads or erases everything stored about them."""

from __future__ import annotations

import json
import logging
import re
import secrets
import zipfile
from datetime import date, datetime, timedelta
from io import BytesIO

from telegram import Update

from bot.core.records import Button, Outgoing, User
from bot.core.schedule import local_date, week_start
from bot.messages import export, views
from bot.messages.i18n import plain, t
from bot.messages.render import format_day
from bot.planning import sprints
from bot.store import Store
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    edit_buttons,
    language_of,
    notify,
    say,
    send,
    svc,
)

log = logging.getLogger(__name__)

ERASE_CONFIRM_VALID = timedelta(minutes=10)  # the confirmation's nonce works this long, once


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


async def notice(update: Update, context: Context) -> None:
    """``/privacy``: the privacy notice, for anyone (also before signing up)."""
    s = svc(context)
    await send(context, update, views.privacy_notice(
        language_of(update, context), s.settings.operator_name, s.settings.retention_months))


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
        await _export(update, context, user)
    elif action == "notice":
        await notice(update, context)
    elif action == "erase":
        nonce = secrets.token_urlsafe(12)
        await s.call(s.store.set_erase_nonce, user.id, nonce, s.now() + ERASE_CONFIRM_VALID)
        await send(context, update, views.erase_confirm(user.language, nonce))
    elif action.startswith("erase:yes"):
        nonce = action.removeprefix("erase:yes").removeprefix(":")
        if not nonce or not await s.call(s.store.take_erase_nonce, user.id, nonce, s.now()):
            log.info("user %s: erase confirmation without a valid nonce; refused", user.id)
            await send(context, update, Outgoing(t(user.language, "privacy.erase_stale"), (
                (Button(plain(user.language, "privacy.btn_erase"), "my:erase"),),)))
            return
        await _erase(update, context, user)
    elif action == "erase:no":
        await say(context, update, user.language, "privacy.erase_cancelled")


async def _export(update: Update, context: Context, user: User) -> None:
    """A zip: every stored row as JSON, and a page to read (questions by their text,
    media named by date)."""
    s = svc(context)
    tables = await s.call(s.store.export_user, user.id)
    answers = export.readable_answers(tables, s.programmes, user.language)
    data = {"answers_readable": answers, "tables": tables}
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("gegevens.html", export.export_html(
            user.first_name, user.language, answers, tables))
    chat = update.effective_chat
    assert chat is not None
    buffer.seek(0)
    await context.bot.send_document(
        chat_id=chat.id, document=buffer, filename="werkplekcoach-mijn-gegevens.zip",
        caption=t(user.language, "privacy.export_caption_zip"), parse_mode="HTML",
    )
    log.info("user %s exported their data", user.id)


async def _erase(update: Update, context: Context, user: User) -> None:
    """Erase after a confirmed nonce. Linked people get one line (a message that keeps no
    body once delivered, since it names the person); a sprint this person leads is ended
    first and its members told, so no sprint is left that nobody can end."""
    s = svc(context)
    lang = user.language
    others, told = await s.call(_end_links, s.store, user, s.now())
    redacted = await s.thread.call_each(s.store.erase_user, user.id)  # (checkpoint: no txn)
    log.info("user %s erased their data (%d copies in others' messages redacted)",
             user.id, redacted)
    await send(context, update, Outgoing(t(lang, "privacy.erased")), kind="erased")
    chat = update.effective_chat
    if chat is not None:
        await s.call(s.store.forget_private_chat, chat.id)
    for other, key in others:  # one friendly line, so nobody waits for a digest in vain
        await notify(context, other, Outgoing(t(other.language, key, name=user.first_name)),
                     kind="erased")  # names the person: no body kept once delivered
    for other, message in told:
        await notify(context, other, message)


def _end_links(store: Store, user: User, now: datetime
               ) -> tuple[list[tuple[User, str]], list[tuple[User, Outgoing]]]:
    """In the store thread, before the erasure: who is told which line; a sprint this
    person leads is ended."""
    others = _linked_people(store, user.id)
    told: list[tuple[User, Outgoing]] = []
    for sprint in store.led_sprints(user.id):
        if sprint.status == "active":
            sprints.finish(store, sprint, now)
        else:
            store.update_sprint(sprint.id, status="ended", ended_at=now, next_event_at=None)
        for member in store.members_of(sprint.id, ("active", "joining")):
            other = store.get_user(member.user_id)
            if other is not None and other.id != user.id:
                told.append((other, Outgoing(t(other.language, "privacy.sprint_lead_left",
                                               team=sprint.team_name))))
        log.info("sprint %s ended: its lead erased their data", sprint.id)
    for membership in store.memberships(user.id):
        joined = store.get_sprint(membership.sprint_id)
        lead = store.get_user(joined.lead_id) if joined and joined.lead_id else None
        if lead is not None and lead.id != user.id:
            others.append((lead, "privacy.erased_member"))
    return others, told


# -- older weeks: the learner shares a week from before a mentor link ------------------

_OLDER = re.compile(r"lsw:([0-9]{1,12})(?::([0-9]{8}))?")
OLDER_WEEKS = 8  # the most recent weeks with answers from before the link


async def older_weeks_button(update: Update, context: Context) -> None:
    """``lsw:<link>`` lists weeks from before the link; ``lsw:<link>:<yyyymmdd>`` toggles
    sharing that week with this one mentor. Only the learner of the link may."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    match = _OLDER.fullmatch(query.data)
    link = await s.call(s.store.get_link, int(match[1])) if match else None
    if user is None or match is None or link is None or link.learner_id != user.id \
            or link.status != "active" or link.created_at is None:
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    mentor = await s.call(s.store.get_user, link.mentor_id)
    name = mentor.first_name if mentor else "?"
    since_day = local_date(link.created_at, user.tz)
    if match[2] is not None:
        raw = match[2]
        try:
            week = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
            return
        if week != week_start(week) or week > week_start(since_day):
            await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
            return
        if week in await s.call(s.store.shared_weeks, link.id):
            await s.call(s.store.unshare_week, link.id, week)
            toast = plain(lang, "privacy.week_unshared")
        else:
            await s.call(s.store.share_week, link.id, week, s.now())
            toast = plain(lang, "privacy.week_shared").format(name=name)
        log.info("user %s changed which earlier weeks link %s sees", user.id, link.id)
        await edit_buttons(update, await s.call(_week_buttons, s.store, user, link.id, link.created_at))
        await answer_callback(update, toast)
        return
    await answer_callback(update)
    buttons = await s.call(_week_buttons, s.store, user, link.id, link.created_at)
    if not buttons:
        await say(context, update, lang, "privacy.older_none", name=name)
        return
    await send(context, update, Outgoing(
        t(lang, "privacy.older_weeks", name=name, day=format_day(since_day, lang)), buttons))


def _week_buttons(store: Store, user: User, link_id: int,
                  since: datetime) -> tuple[tuple[Button, ...], ...]:
    shared = set(store.shared_weeks(link_id))
    weeks: list[date] = []
    for day in store.answer_days_before(user.id, since, 200):
        monday = week_start(day)
        if monday not in weeks:
            weeks.append(monday)
    rows = []
    for monday in weeks[:OLDER_WEEKS]:
        label = plain(user.language, "privacy.week_label").format(
            day=format_day(monday, user.language))
        rows.append((Button(("✅ " if monday in shared else "") + label,
                            f"lsw:{link_id}:{monday.strftime('%Y%m%d')}"),))
    return tuple(rows)
