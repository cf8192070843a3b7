"""Sprints over Telegram: a lead sets one up, members join by link, the group is linked.

Everything is checked against the person pressing: only the lead can extend, end or
remove; a join link works until the sprint ends; the bot in a group posts only what
the team digest allows.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import date, timedelta

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus

from bot.core.programme import pick
from bot.core.records import Button, Outgoing, Sprint, User
from bot.core.schedule import local_date
from bot.core.sprint import default_weeks, extend, next_monday, sprint_end
from bot.messages.i18n import plain, t, tr
from bot.messages.render import format_day, join_lines
from bot.planning import sprints
from bot.telegram.handlers import teamweek
from bot.telegram.handlers.common import (
    Context,
    answer_callback,
    current_user,
    language_of,
    notify,
    say,
    send,
    set_user,
    svc,
)
from bot.telegram.handlers.steps import show_step

log = logging.getLogger(__name__)

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,48}$")
MAX_NAME = 40


def join_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start=s_{token}"


def group_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?startgroup=s_{token}"


def _ensure_user(update: Update, context: Context) -> User:
    """Anyone may lead or join: a record without onboarding is enough to start."""
    user = current_user(update, context)
    if user is not None:
        return user
    tg_user, chat = update.effective_user, update.effective_chat
    assert tg_user is not None and chat is not None
    s = svc(context)
    created = s.store.create_user(tg_user.id, chat.id, tg_user.first_name or "",
                                  language_of(update, context), s.settings.default_timezone,
                                  s.now())
    return s.store.update_user(created.id, s.now(), state="ready")


def _ended(sprint: Sprint, today: date) -> bool:
    if sprint.status == "ended":
        return True
    return sprint.start_date is not None and today > sprint_end(sprint.start_date, sprint.weeks)


# -- the lead ----------------------------------------------------------------------------


async def sprint_command(update: Update, context: Context) -> None:
    """``/sprint``: the lead's status and tools, a member's sprint, or a new sprint."""
    user = _ensure_user(update, context)
    s = svc(context)
    arg = (context.args or [""])[0].lower() if context.args else ""
    led = await s.call(s.store.led_sprints, user.id)
    active = [sp for sp in led if sp.status == "active"]
    if arg in ("status", "stand") and not active:
        await say(context, update, user.language, "sprint.not_lead")
        return
    if active:
        await send(context, update, lead_status(context, user, active[0]))
        return
    draft = next((sp for sp in led if sp.status == "draft"), None)
    if draft is not None and draft.programme_id is None:
        await send(context, update, _programme_step(context, user, draft))
        return
    for member in await s.call(s.store.memberships, user.id, ("active",)):
        sprint = await s.call(s.store.get_sprint, member.sprint_id)
        if sprint is not None and sprint.status == "active":
            await send(context, update, Outgoing(
                t(user.language, "sprint.member_status", team=sprint.team_name),
                ((Button(plain(user.language, "sprint.btn_leave"), f"sm:leave:{sprint.id}"),),
                 (Button(plain(user.language, "sprint.btn_new"), "sl:new:0"),))))
            return
    if await teamweek.show_past(update, context, user):
        return
    await _ask_name(update, context, user)


async def _ask_name(update: Update, context: Context, user: User) -> None:
    await set_user(context, user.id, state="sprint_name")
    await say(context, update, user.language, "sprint.ask_name")


async def typed_name(update: Update, context: Context, user: User) -> None:
    message = update.effective_message
    assert message is not None
    name = " ".join((message.text or "").split())
    s = svc(context)
    if not name or len(name) > MAX_NAME or name.startswith("/"):
        await say(context, update, user.language, "sprint.name_invalid", max=MAX_NAME)
        return
    user = await s.call(s.store.update_user, user.id, s.now(), state="ready")
    sprint = await s.call(s.store.create_sprint_draft, user.id, name, user.tz, s.now())
    await send(context, update, _programme_step(context, user, sprint))


def _programme_step(context: Context, user: User, sprint: Sprint) -> Outgoing:
    lang = user.language
    rows = tuple((Button(pick(p.title, lang), f"sp:p:{sprint.id}:{p.id}"),)
                 for p in svc(context).learner_programmes())
    return Outgoing(t(lang, "sprint.ask_programme", team=sprint.team_name), rows)


async def _lead_sprint(context: Context, user: User | None, raw: str) -> Sprint | None:
    """The sprint in the button data, only if this user leads it."""
    if user is None or not raw.isdigit():
        return None
    sprint = await svc(context).call(svc(context).store.get_sprint, int(raw))
    return sprint if sprint is not None and sprint.lead_id == user.id else None


async def setup_button(update: Update, context: Context) -> None:
    """``sp:p|s|w:<sprint>:<value>``: programme, start date, length; then the links."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    parts = query.data.split(":")
    sprint = await _lead_sprint(context, user, parts[2]) if len(parts) == 4 else None
    if user is None or sprint is None:
        await answer_callback(update, plain(lang, "sprint.not_lead"), alert=True)
        return
    if sprint.status != "draft":
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    s = svc(context)
    now = s.now()
    step, value = parts[1], parts[3]
    today = local_date(now, user.tz)
    await answer_callback(update)
    if step == "p" and value in s.programmes:
        sprint = await s.call(s.store.update_sprint, sprint.id, programme_id=value,
                                       weeks=default_weeks(s.programmes[value]))
        first = next_monday(today)
        rows = tuple((Button(format_day(first + timedelta(days=7 * n), lang),
                             f"sp:s:{sprint.id}:{first + timedelta(days=7 * n):%Y%m%d}"),)
                     for n in range(3))
        await send(context, update, Outgoing(t(lang, "sprint.ask_start"), rows))
    elif step == "s" and re.fullmatch(r"\d{8}", value):
        start = date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if start.isoweekday() != 1 or start < today:
            await say(context, update, lang, "errors.old_button")
            return
        sprint = await s.call(s.store.update_sprint, sprint.id, start_date=start)
        buttons = tuple(Button(("✅ " if n == sprint.weeks else "") + str(n),
                               f"sp:w:{sprint.id}:{n}") for n in range(2, 7))
        await send(context, update, Outgoing(t(lang, "sprint.ask_weeks"), (buttons,)))
    elif step == "w" and value.isdigit() and 2 <= int(value) <= 6 and sprint.start_date:
        token = secrets.token_urlsafe(24)
        sprint = await s.call(s.store.update_sprint, sprint.id, weeks=int(value), join_token=token,
                                       status="active")
        sprint = await s.call(s.store.update_sprint, sprint.id, next_event_at=sprints.next_event(sprint, now))
        log.info("sprint %s started by %s", sprint.id, user.id)
        await send(context, update, _links(context, user, sprint, "sprint.ready", token),
                   kind="link")
    else:
        await say(context, update, lang, "errors.old_button")


def _links(context: Context, user: User, sprint: Sprint, key: str, token: str) -> Outgoing:
    """The join and group links, shown once: only the token's hash is stored."""
    assert sprint.start_date is not None
    lang = user.language
    username = context.bot.username
    return Outgoing(t(
        lang, key, team=sprint.team_name,
        programme=pick(svc(context).programmes[sprint.programme_id or ""].title, lang),
        start=format_day(sprint.start_date, lang),
        end=format_day(sprint_end(sprint.start_date, sprint.weeks), lang),
        weeks=sprint.weeks, link=join_link(username, token),
        group=group_link(username, token),
    ))


def lead_status(context: Context, user: User, sprint: Sprint) -> Outgoing:
    """``/sprint status``: members (a count), the dates, and the lead's tools."""
    s = svc(context)
    assert sprint.start_date is not None
    lang = user.language
    members = s.store.members_of(sprint.id)
    text = t(lang, "sprint.status", team=sprint.team_name, members=len(members),
             start=format_day(sprint.start_date, lang),
             end=format_day(sprint_end(sprint.start_date, sprint.weeks), lang),
             group=plain(lang, "sprint.group_yes" if sprint.group_chat_id else "sprint.group_no"),
             link=tr(lang, "privacy.join_link_hidden"))
    rows = (
        (Button(plain(lang, "sprint.btn_extend"), f"sl:ext:{sprint.id}"),
         Button(plain(lang, "sprint.btn_end"), f"sl:end:{sprint.id}")),
        (Button(plain(lang, "sprint.btn_remove"), f"sl:rm:{sprint.id}"),),
        (Button(plain(lang, "privacy.btn_rotate"), f"sl:rot:{sprint.id}"),),
    )
    return Outgoing(text, rows)


async def lead_button(update: Update, context: Context) -> None:
    """``sl:ext|end|endok|rm|rmm:<sprint>[:<user>]`` — lead only."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    parts = query.data.split(":")
    if len(parts) >= 2 and parts[1] == "new" and user is not None:
        await answer_callback(update)
        await _ask_name(update, context, user)
        return
    sprint = await _lead_sprint(context, user, parts[2]) if len(parts) >= 3 else None
    if user is None or sprint is None:
        await answer_callback(update, plain(lang, "sprint.not_lead"), alert=True)
        return
    s = svc(context)
    now = s.now()
    if sprint.status != "active" or sprint.start_date is None:
        await answer_callback(update, plain(lang, "sprint.already_ended"), alert=True)
        return
    await answer_callback(update)
    action = parts[1]
    if action == "ext":
        weeks = extend(sprint.weeks)
        start = sprint.start_date
        sprint = await s.call(s.store.update_sprint, sprint.id, weeks=weeks)
        sprint = await s.call(s.store.update_sprint, sprint.id, next_event_at=sprints.next_event(sprint, now))
        for member in await s.call(s.store.members_of, sprint.id):
            member_user = await s.call(s.store.get_user, member.user_id)
            if member_user is not None:
                await s.call(sprints.schedule_member, s.store, sprint, member_user, now)
        await say(context, update, lang, "sprint.extended",
                  end=format_day(sprint_end(start, weeks), lang), weeks=weeks)
    elif action == "end":
        await send(context, update, Outgoing(t(lang, "sprint.end_confirm", team=sprint.team_name), (
            (Button(plain(lang, "sprint.btn_end_yes"), f"sl:endok:{sprint.id}"),),)))
    elif action == "endok":
        await s.call(sprints.finish, s.store, sprint, now)
        for member in await s.call(s.store.members_of, sprint.id):
            other = await s.call(s.store.get_user, member.user_id)
            if other is not None and other.id != user.id:
                resumes = sprints.own_programme_after(s.programmes, member, other, now)
                await notify(context, other, Outgoing(join_lines([
                    t(other.language, "sprint.ended_member", team=sprint.team_name), resumes])))
        await say(context, update, lang, "sprint.ended_lead", team=sprint.team_name)
    elif action == "rot":
        token = secrets.token_urlsafe(24)
        sprint = await s.call(s.store.update_sprint, sprint.id, join_token=token)
        log.info("sprint %s: join link rotated by the lead", sprint.id)
        await send(context, update, _links(context, user, sprint, "privacy.join_rotated", token),
                   kind="link")
    elif action == "rm":
        rows = []
        for listed in await s.call(s.store.members_of, sprint.id):
            other = await s.call(s.store.get_user, listed.user_id)
            if other is not None:
                rows.append((Button(other.first_name, f"sl:rmm:{sprint.id}:{other.id}"),))
        await send(context, update, Outgoing(t(lang, "sprint.remove_who"), tuple(rows)))
    elif action == "rmm" and len(parts) == 4 and parts[3].isdigit():
        removed = await s.call(s.store.member, sprint.id, int(parts[3]))
        other = await s.call(s.store.get_user, int(parts[3]))
        if removed is None or other is None or removed.status != "active":
            await say(context, update, lang, "errors.old_button")
            return
        await s.call(s.store.update_member, sprint.id, other.id, status="removed", next_plan_at=None,
                              left_at=now)
        await say(context, update, lang, "sprint.removed_lead", name=other.first_name)
        await notify(context, other, Outgoing(
            t(other.language, "sprint.removed_member", team=sprint.team_name)))
    else:
        await say(context, update, lang, "errors.old_button")


# -- members -----------------------------------------------------------------------------


async def open_join(update: Update, context: Context, token: str) -> None:
    """``/start s_<token>``: who leads, what the lead will see, then join or not."""
    s = svc(context)
    lang = language_of(update, context)
    sprint = await s.call(s.store.sprint_by_token, token) if TOKEN.match(token) else None
    tg_user = update.effective_user
    assert tg_user is not None
    if sprint is None or sprint.status == "draft":
        await say(context, update, lang, "sprint.join_unknown")
        return
    user = current_user(update, context)
    today = local_date(s.now(), user.tz if user else s.settings.default_timezone)
    if _ended(sprint, today):
        await say(context, update, lang, "sprint.join_ended", team=sprint.team_name)
        return
    member = await s.call(s.store.member, sprint.id, tg_user.id)
    if member is not None and member.status == "active":
        await say(context, update, lang, "sprint.join_twice", team=sprint.team_name)
        return
    lead = await s.call(s.store.get_user, sprint.lead_id) if sprint.lead_id else None
    assert sprint.start_date is not None
    programme = s.programmes.get(sprint.programme_id or "")
    await send(context, update, Outgoing(
        t(lang, "sprint.join_screen", lead=lead.first_name if lead else "?",
          team=sprint.team_name, programme=pick(programme.title, lang) if programme else "",
          start=format_day(sprint.start_date, lang),
          end=format_day(sprint_end(sprint.start_date, sprint.weeks), lang)),
        ((Button(plain(lang, "sprint.btn_join"), f"sj:{sprint.id}:go"),),
         (Button(plain(lang, "sprint.btn_no"), f"sj:{sprint.id}:no"),)),
    ))


async def join_button(update: Update, context: Context) -> None:
    """``sj:<sprint>:go|no|pause|both``: join, choosing what happens to one's own programme."""
    query = update.callback_query
    assert query is not None and query.data is not None
    lang = language_of(update, context)
    parts = query.data.split(":")
    s = svc(context)
    sprint = await s.call(s.store.get_sprint, int(parts[1])) \
        if len(parts) == 3 and parts[1].isdigit() else None
    if sprint is None or sprint.status != "active":
        await answer_callback(update, plain(lang, "sprint.already_ended"), alert=True)
        return
    await answer_callback(update)
    choice = parts[2]
    if choice == "no":
        await say(context, update, lang, "sprint.join_declined")
        return
    user = _ensure_user(update, context)
    now = s.now()
    existing = await s.call(s.store.member, sprint.id, user.id)
    if existing is not None and existing.status == "active":
        await say(context, update, lang, "sprint.join_twice", team=sprint.team_name)
        return
    if not user.onboarded:
        await s.call(s.store.put_member, sprint.id, user.id, "joining", "only", now)
        # the join screen said what is stored and who sees what: "yes" there is the consent,
        # so onboarding starts at the work days instead of asking "Doe je mee?" again
        user = await s.call(s.store.update_user, user.id, now, state="days" if user.state in (
            "new", "consent", "declined", "ready") else user.state)
        await say(context, update, user.language, "sprint.join_onboarding")
        await show_step(update, context, user)
        return
    if user.programme_id is not None and choice == "go":
        await send(context, update, Outgoing(t(lang, "sprint.join_both_or_pause"), (
            (Button(plain(lang, "sprint.btn_pause_own"), f"sj:{sprint.id}:pause"),),
            (Button(plain(lang, "sprint.btn_both"), f"sj:{sprint.id}:both"),))))
        return
    mode = {"pause": "pause_own", "both": "both"}.get(choice, "only")
    await activate(context, sprint, user, mode)
    await say(context, update, lang, "sprint.joined", team=sprint.team_name)


async def activate(context: Context, sprint: Sprint, user: User, mode: str) -> None:
    """Make the membership active; a late joiner starts at the sprint's current day."""
    s = svc(context)
    now = s.now()
    await s.call(s.store.put_member, sprint.id, user.id, "active", mode, now)
    await s.call(sprints.schedule_member, s.store, sprint, user, now)
    lead = await s.call(s.store.get_user, sprint.lead_id) if sprint.lead_id else None
    if lead is not None and lead.id != user.id:
        await notify(context, lead, Outgoing(
            t(lead.language, "sprint.joined_lead", name=user.first_name, team=sprint.team_name)))
    log.info("user %s joined sprint %s (%s)", user.id, sprint.id, mode)


async def finish_joining(context: Context, user: User) -> bool:
    """After onboarding: activate a pending sprint membership. True when there was one."""
    s = svc(context)
    joined = False
    for member in await s.call(s.store.memberships, user.id, ("joining",)):
        sprint = await s.call(s.store.get_sprint, member.sprint_id)
        if sprint is not None and sprint.status == "active":
            await activate(context, sprint, user, "only")
            joined = True
    return joined


async def member_button(update: Update, context: Context) -> None:
    """``sm:leave:<sprint>``: a member leaves; their answers stay theirs."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    parts = query.data.split(":")
    s = svc(context)
    member = await s.call(s.store.member, int(parts[2]), user.id) if user and len(parts) == 3 and \
        parts[2].isdigit() else None
    sprint = await s.call(s.store.get_sprint, member.sprint_id) if member else None
    if user is None or member is None or sprint is None or member.status != "active":
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    await answer_callback(update)
    await s.call(s.store.update_member, sprint.id, user.id, status="left", next_plan_at=None, left_at=s.now())
    resumes = sprints.own_programme_after(s.programmes, member, user, s.now())
    await send(context, update, Outgoing(join_lines([
        t(lang, "sprint.left", team=sprint.team_name), resumes])))


# -- the team's group chat ---------------------------------------------------------------


async def group_membership(update: Update, context: Context, change: ChatMemberUpdated) -> None:
    """The bot was added to or removed from a group."""
    s = svc(context)
    status = change.new_chat_member.status
    chat_id = change.chat.id
    if status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        if await s.call(s.store.forget_group, chat_id):
            log.info("removed from group %s; group posts stop", chat_id)
        return
    adder = await s.call(s.store.get_user, change.from_user.id)
    active = await s.call(s.store.led_sprints, adder.id, ("active",)) if adder else []
    lang = adder.language if adder else s.settings.default_language
    if not active:
        await s.dispatcher.send_now(chat_id, None, "group_post",
                                    Outgoing(t(lang, "sprint.group_not_lead")))
        await context.bot.leave_chat(chat_id)
        return
    sprint = active[0]
    await s.call(s.store.set_group, sprint.team_id, chat_id)
    await s.dispatcher.send_now(chat_id, None, "group_post", Outgoing(
        t(lang, "sprint.group_hello", team=sprint.team_name)))
    log.info("sprint %s linked to group %s", sprint.id, chat_id)
