"""Onboarding and settings: the same steps, kept in the database between messages.

``users.state`` names the step we wait for. During onboarding each step leads to the
next; once onboarded, a step opened from /instellingen returns to the overview. A
restart half-way loses nothing: the next message or button picks up the stored step.
"""

from __future__ import annotations

import logging
import unicodedata
from datetime import datetime, time
from zoneinfo import ZoneInfo, available_timezones

from telegram import Update

from bot.core.parse import parse_time
from bot.core.programme import Programme
from bot.core.records import User
from bot.messages import views
from bot.messages.i18n import plain, t
from bot.messages.render import format_clock, when_text
from bot.planning import daily, weekly
from bot.store import Store
from bot.telegram.handlers import mentors, sprints
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    edit_buttons,
    language_of,
    onboarded_user,
    say,
    send,
    set_user,
    svc,
)
from bot.telegram.handlers.pause import pause, resume
from bot.telegram.handlers.steps import show_settings, show_step

log = logging.getLogger(__name__)

STEPS = ("consent", "days", "time", "tz", "programme")


async def start(update: Update, context: Context) -> None:
    """``/start``: welcome a newcomer, resume an unfinished step, or show settings."""
    tg_user = update.effective_user
    chat = update.effective_chat
    assert tg_user is not None and chat is not None
    s = svc(context)
    payload = context.args[0] if context.args else ""
    if payload.startswith("m_"):
        await mentors.open_invitation(update, context, payload[2:])
        return
    if payload.startswith("s_"):
        await sprints.open_join(update, context, payload[2:])
        return
    user = current_user(update, context)
    if user is None:
        lang = language_of(update, context)
        user = await s.call(s.store.create_user,
            tg_user.id, chat.id, tg_user.first_name or "", lang, s.settings.default_timezone,
            s.now(),
        )
        log.info("new user %s", user.id)
    if user.onboarded:
        await show_settings(update, context, user)
        return
    if user.state in ("declined", "new", "ready"):
        user = await s.call(s.store.update_user, user.id, s.now(), state="consent")
    await show_step(update, context, user)


async def settings_command(update: Update, context: Context) -> None:
    user = await onboarded_user(update, context)
    if user is None:
        return
    if user.state != "ready":
        user = await set_user(context, user.id, state="ready")
    await show_settings(update, context, user)


async def _advance(update: Update, context: Context, user: User, changed: str) -> None:
    """After a step: the next onboarding step, or back to the settings overview."""
    s = svc(context)
    now = s.now()
    if not user.onboarded:
        order = [*STEPS, "finish"]
        following = order[order.index(user.state) + 1] if user.state in STEPS else "consent"
        joining = await s.call(s.store.memberships, user.id, ("joining",))
        if following == "programme" and joining:
            following = "finish"  # joining a sprint: its programme is the programme
        if following == "finish":
            await _finish(update, context, user)
            return
        user = await s.call(s.store.update_user, user.id, now, state=following)
        await show_step(update, context, user)
        return
    user = await s.call(_settings_saved, s.store, user, now, changed)
    await say(context, update, user.language, "settings.saved")
    await show_settings(update, context, user)


def _settings_saved(store: Store, user: User, now: datetime, changed: str) -> User:
    """In the store thread, one transaction: a setting changed, so plan anew."""
    user = store.update_user(user.id, now, state="ready")
    daily.reschedule(store, user, now, f"settings changed: {changed}")
    weekly.schedule_summary(store, user, now)
    weekly.schedule_digest(store, user, now)
    return store.get_user(user.id) or user


def _onboarded(store: Store, user: User, programme: Programme | None, now: datetime
               ) -> tuple[User, datetime | None]:
    """In the store thread, one transaction: signed up, the first prompt planned."""
    if programme is not None:
        store.ensure_progress(user.id, programme.id, now)
    user = store.update_user(user.id, now, state="ready", onboarded_at=now)
    next_at = daily.reschedule(store, user, now, "onboarded")
    weekly.schedule_summary(store, user, now)
    return user, next_at


def _chosen(store: Store, user_id: int, programme_id: str, now: datetime) -> User:
    store.ensure_progress(user_id, programme_id, now)
    return store.update_user(user_id, now, programme_id=programme_id)


async def _finish(update: Update, context: Context, user: User) -> None:
    s = svc(context)
    now = s.now()
    programme = s.programmes.get(user.programme_id or "")
    user, next_at = await s.call(_onboarded, s.store, user, programme, now)
    log.info("user %s onboarded", user.id)
    if await sprints.finish_joining(context, user):
        for member in await s.call(s.store.memberships, user.id, ("active",)):
            joined = await s.call(s.store.get_sprint, member.sprint_id)
            upcoming = await s.call(s.store.member, member.sprint_id, user.id)
            if joined is not None and upcoming is not None:
                when = when_text(upcoming.next_plan_at, user.tz, now, user.language) \
                    if upcoming.next_plan_at else t(user.language, "when.none")
                await say(context, update, user.language, "sprint.done_onboarding",
                          team=joined.team_name, when=when)
        return
    assert programme is not None
    await send(context, update, views.done(user.language, next_at, user.tz, now, programme))


async def on_button(update: Update, context: Context) -> None:
    """Every ``ob:`` button. The button must belong to the step the user is at."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    if user is None:
        await answer_callback(update, plain(lang, "errors.start_first"), alert=True)
        return
    parts = query.data.split(":")
    action, arg = parts[1], parts[2] if len(parts) > 2 else ""
    step_of = {"join": "consent", "decline": "consent", "day": "days", "days": "days",
               "time": "time", "tz": "tz", "prog": "programme"}
    if action == "lang":
        await _set_language(update, context, user, arg)
        return
    if step_of.get(action) != user.state:
        await answer_callback(update, plain(user.language, "errors.old_button"), alert=True)
        return
    s = svc(context)
    now = s.now()
    if action == "join":
        await answer_callback(update)
        await _advance(update, context, user, "consent")
    elif action == "decline":
        await s.call(s.store.update_user, user.id, now, state="declined")
        await answer_callback(update)
        await say(context, update, user.language, "onboarding.declined")
    elif action == "day":
        if not arg.isdigit() or not 1 <= int(arg) <= 7:
            await answer_callback(update, plain(user.language, "errors.old_button"), alert=True)
            return
        user = await s.call(s.store.update_user, user.id, now, work_days=user.work_days ^ {int(arg)})
        await edit_buttons(update, views.days_step(user.language, user.work_days).buttons)
        await answer_callback(update)
    elif action == "days":
        if not user.work_days:
            await answer_callback(update, plain(user.language, "onboarding.days_none"), alert=True)
            return
        await answer_callback(update)
        await _advance(update, context, user, "days")
    elif action == "time":
        await answer_callback(update)
        if len(arg) == 4 and arg.isdigit() and int(arg[:2]) < 24 and int(arg[2:]) < 60:
            await _set_time(update, context, user, time(int(arg[:2]), int(arg[2:])))
    elif action == "tz":
        await answer_callback(update)
        await _tz_button(update, context, user, arg)
    elif action == "prog":
        await answer_callback(update)
        await _set_programme(update, context, user, arg)




async def _set_language(update: Update, context: Context, user: User, lang: str) -> None:
    if lang not in ("nl", "en") or user.state not in ("consent", "language", "declined"):
        await answer_callback(update, plain(user.language, "errors.old_button"), alert=True)
        return
    s = svc(context)
    await answer_callback(update)
    if user.state == "language":
        user = await s.call(s.store.update_user, user.id, s.now(), language=lang)
        await _advance(update, context, user, "language")
        return
    user = await s.call(s.store.update_user, user.id, s.now(), language=lang, state="consent")
    await show_step(update, context, user)


async def _set_time(update: Update, context: Context, user: User, at: time) -> None:
    user = await set_user(context, user.id, prompt_time=at)
    await _advance(update, context, user, "time")


async def _tz_button(update: Update, context: Context, user: User, arg: str) -> None:
    if arg == "ok":
        await _advance(update, context, user, "tz")
    elif arg == "other":
        await send(context, update, views.tz_choices(user.language))
    elif arg.isdigit() and int(arg) < len(views.COMMON_ZONES):
        await _set_tz(update, context, user, views.COMMON_ZONES[int(arg)])


async def _set_tz(update: Update, context: Context, user: User, zone: str) -> None:
    user = await set_user(context, user.id, tz=zone)
    local = svc(context).now().astimezone(ZoneInfo(zone)).time()
    await say(context, update, user.language, "onboarding.tz_set", tz=zone,
              time=format_clock(local, user.language))
    await _advance(update, context, user, "tz")


async def _set_programme(update: Update, context: Context, user: User, programme_id: str) -> None:
    s = svc(context)
    if programme_id not in {p.id for p in s.learner_programmes()}:
        await say(context, update, user.language, "errors.old_button")
        return
    now = s.now()
    user = await s.call(_chosen, s.store, user.id, programme_id, now)
    if user.onboarded:
        position = await s.call(s.store.position, user.id, programme_id)
        if position:
            await say(context, update, user.language, "settings.programme_resumed", day=position + 1)
    await _advance(update, context, user, "programme")


def resolve_zone(text: str) -> str | None:
    """``Europe/Berlin``, ``europe/berlin`` or just ``Berlin`` → an IANA zone name; letters
    with accents as people type them (``Curaçao``, ``São Paulo``) match too."""
    plain_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    wanted = plain_text.strip().replace(" ", "_").lower()
    if not wanted:
        return None
    zones = available_timezones()
    for zone in zones:
        if zone.lower() == wanted:
            return zone
    matches = sorted(z for z in zones if z.lower().split("/")[-1] == wanted and "/" in z)
    return matches[0] if matches else None


async def on_text_in_step(update: Update, context: Context, user: User) -> None:
    """Typed text while a step waits: a time, a time zone, or a nudge to the buttons."""
    message = update.effective_message
    assert message is not None
    text = message.text or ""
    lang = user.language
    if user.state == "time":
        at = parse_time(text)
        if at is None:
            await say(context, update, lang, "onboarding.time_invalid", text=text[:40])
            return
        await _set_time(update, context, user, at)
    elif user.state == "tz":
        zone = resolve_zone(text)
        if zone is None:
            await say(context, update, lang, "onboarding.tz_invalid", text=text[:40])
            return
        await _set_tz(update, context, user, zone)
    else:
        await say(context, update, lang, "onboarding.use_buttons")
        await show_step(update, context, user)


async def settings_button(update: Update, context: Context) -> None:
    """``set:`` buttons on the settings overview."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    if user is None or not user.onboarded:
        await answer_callback(update, plain(language_of(update, context), "errors.start_first"),
                              alert=True)
        return
    s = svc(context)
    now = s.now()
    action = query.data.removeprefix("set:")
    await answer_callback(update)
    states = {"time": "time", "days": "days", "tz": "tz", "lang": "language", "prog": "programme"}
    if action in states:
        user = await s.call(s.store.update_user, user.id, now, state=states[action])
        await show_step(update, context, user)
    elif action == "pause":
        await pause(update, context)
    elif action == "resume":
        await resume(update, context)
    else:
        await say(context, update, user.language, "errors.old_button")


async def continue_steps(update: Update, context: Context, user: User, changed: str) -> None:
    """For steps shown by other features (shifts): go on as after any onboarding step."""
    await _advance(update, context, user, changed)
