"""On demand: ``/overzicht`` for the learner, ``/leerlingen`` and details for the mentor,
and choosing the day and time of the weekly summary or digest."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from telegram import Update
from telegram.constants import ParseMode

from bot.core.mentorweek import MAX_PERIOD_DAYS, Period
from bot.core.parse import parse_time
from bot.core.records import Button, Outgoing, User
from bot.core.schedule import local_date, next_weekly, week_start
from bot.core.summary import VOICE_MEDIA, build_learner_summary
from bot.messages import goals as goal_screens
from bot.messages.i18n import Raw, plain, t
from bot.messages.mentorweek import learner_line
from bot.messages.render import format_day, when_text
from bot.messages.summaries import details_data, render_learner_details, render_learner_summary
from bot.messages.views import DIGEST_TIMES, TIME_CHOICES, time_buttons
from bot.planning import weekly
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
from bot.telegram.services import Services

_PICK = re.compile(r"^wk:(sum|dig):(day|time|when):(\d{1,4})$")


async def overview(update: Update, context: Context) -> None:
    """``/overzicht``: the learner's week so far, built like the Friday summary."""
    user = await onboarded_user(update, context)
    if user is None:
        return
    s = svc(context)
    today = local_date(s.now(), user.tz)
    week = await s.call(weekly.learner_week, s.store, s.programmes, user, week_start(today), until=today)
    message = render_learner_summary(week, build_learner_summary(week))
    buttons = ((Button(plain(user.language, "overview.btn_when"), "wk:sum:when:0"),),)
    await send(context, update, Outgoing(message.text, buttons))


def since_last_digest(s: Services, mentor: User) -> Period:
    """The days the mentor's next digest will cover, up to today: /leerlingen shows
    exactly what is new since the last digest."""
    today = local_date(s.now(), mentor.tz)
    last = s.store.covered_until(mentor.id)
    if last is not None and last < today and (today - last).days <= MAX_PERIOD_DAYS:
        return Period(last + timedelta(days=1), today)
    return Period(week_start(today), today)


async def learners(update: Update, context: Context) -> None:
    """``/leerlingen``: each learner since the last digest, with details, feedback and stop."""
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    links = await s.call(s.store.links_of_mentor, user.id) if user else []
    if user is None or not links:
        await say(context, update, lang, "mentor.not_mentor")
        return
    period = since_last_digest(s, user)
    lines: list[str] = []
    rows: list[tuple[Button, ...]] = []
    for link in links:
        learner = await s.call(s.store.get_user, link.learner_id)
        if learner is None:
            continue
        part = await s.call(weekly.period_part, s.store, s.programmes, learner, link.id, link.share_mode,
                                  period, user)
        lines.append(learner_line(part, lang))
        learner_goals = await s.call(s.store.goals_of, learner.id)
        if learner_goals:  # always shared: goals have no toggle of their own
            lines.append(goal_screens.for_mentor(lang, learner.first_name, learner_goals))
        rows.extend(goal_screens.mentor_buttons(lang, learner_goals))
        rows.append((Button("🔎 " + learner.first_name, details_data(link.id, period)),
                     Button(plain(lang, "overview.btn_feedback"), f"fb:{link.id}")))
        rows.append((Button(plain(lang, "mentor.btn_end").format(name=learner.first_name),
                            f"lnk:end:{link.id}"),))
    rows.append((Button(plain(lang, "overview.btn_digest_when"), "wk:dig:day:0"),))
    when = when_text(user.next_digest_at, user.tz, s.now(), lang) if user.next_digest_at \
        else t(lang, "when.none")
    covered = await s.call(s.store.covered_until, user.id)
    key = "mentorweek.learners_since" if covered else "mentorweek.learners"
    text = t(lang, key, since=format_day(period.start, lang),
             lines=Raw("\n".join(lines) or "–"), when=when)
    await send(context, update, Outgoing(text, tuple(rows)))


_DETAILS = re.compile(r"^md:(\d+)(?::(\d{8}):(\d{8}))?$")


def _period_of(match: re.Match[str]) -> Period | None:
    """The days named in the button, if they make sense (at most two weeks)."""
    if not match[2]:
        return None
    try:
        first, last = (datetime.strptime(match[i], "%Y%m%d").date() for i in (2, 3))
    except ValueError:
        return None
    if first > last or (last - first).days >= MAX_PERIOD_DAYS:
        return None
    return Period(first, last)


async def details_button(update: Update, context: Context) -> None:
    """``md:<link>[:<first>:<last>]``: one learner's shared answers over the digest's days
    (only for their mentor), in full, with a button for each voice note or photo."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    match = _DETAILS.match(query.data)
    link = await s.call(s.store.get_link, int(match[1])) if match else None
    learner = await s.call(s.store.get_user, link.learner_id) if link else None
    if user is None or match is None or link is None or learner is None \
            or link.mentor_id != user.id or link.status != "active":
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    await answer_callback(update)
    period = _period_of(match) or since_last_digest(s, user)
    part = await s.call(weekly.period_part, s.store, s.programmes, learner, link.id, link.share_mode,
                              period, user)
    for message in render_learner_details(part, lang, period):
        await send(context, update, message)


async def open_media(update: Update, context: Context) -> None:
    """``mo:<link>:<answer>``: the bot sends the mentor a voice note or photo the learner
    shared; checked with the same privacy rules as the digest, at the moment of the tap."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    parts = query.data.split(":")
    ids = [int(p) for p in parts[1:] if p.isdigit()]
    link = await s.call(s.store.get_link, ids[0]) if len(ids) == 2 and len(parts) == 3 else None
    answer = await s.call(s.store.get_answer, ids[1]) if link else None
    learner = await s.call(s.store.get_user, link.learner_id) if link else None
    if user is None or link is None or answer is None or learner is None \
            or link.mentor_id != user.id or link.status != "active" \
            or answer.user_id != learner.id:
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    day = Period(answer.local_date, answer.local_date)
    part = await s.call(weekly.period_part, s.store, s.programmes, learner, link.id, link.share_mode, day,
                              user)
    if not any(item.answer_id == answer.id and item.media for item in part.items):
        await answer_callback(update, plain(lang, "mentorweek.open_gone"), alert=True)
        return
    await answer_callback(update)
    chat = update.effective_chat
    assert chat is not None
    when = format_day(answer.local_date, lang)
    for kind, file_id, _ in await s.call(s.store.media_of, answer.id):
        if kind in VOICE_MEDIA:
            caption = t(lang, "mentorweek.open_caption", kind=plain(lang, "mentorweek.voice"),
                        name=learner.first_name, day=when)
            await context.bot.send_voice(chat_id=chat.id, voice=file_id, caption=caption,
                                         parse_mode=ParseMode.HTML)
        else:
            caption = t(lang, "mentorweek.open_caption", kind=plain(lang, "mentorweek.photo"),
                        name=learner.first_name, day=when)
            await context.bot.send_photo(chat_id=chat.id, photo=file_id, caption=caption,
                                         parse_mode=ParseMode.HTML)


# -- choosing the day and time of the weekly messages ----------------------------------


def _day_buttons(lang: str, which: str) -> tuple[tuple[Button, ...], ...]:
    days = [Button(plain(lang, f"days.short.{d}"), f"wk:{which}:day:{d}") for d in range(1, 8)]
    return (tuple(days[:4]), tuple(days[4:]))


async def pick_button(update: Update, context: Context) -> None:
    """``wk:sum|dig:day|time:<n>``: day 0 opens the picker; then a day, then a time.
    ``wk:sum:when:0`` says when the next summary comes, with a button to change it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    match = _PICK.match(query.data)
    if user is None or match is None:
        await answer_callback(update, plain(lang, "errors.old_button"), alert=True)
        return
    which, part, raw = match[1], match[2], match[3]
    s = svc(context)
    now = s.now()
    await answer_callback(update)
    if part == "when":  # answer the question first; changing it is one tap further
        upcoming = next_weekly(now, user.tz, user.summary_weekday, user.summary_time)
        await send(context, update, Outgoing(
            t(lang, "lived.summary_when", when=when_text(upcoming, user.tz, now, lang)),
            ((Button(plain(lang, "lived.btn_change_when"), "wk:sum:day:0"),),)))
    elif part == "day" and raw == "0":
        await send(context, update, Outgoing(t(lang, f"overview.ask_day_{which}"),
                                             _day_buttons(lang, which)))
    elif part == "day" and raw.isdigit() and 1 <= int(raw) <= 7:
        field = "summary_weekday" if which == "sum" else "digest_weekday"
        await s.call(s.store.update_user, user.id, now, **{field: int(raw)}, state=f"{which}time")
        choices = TIME_CHOICES if which == "sum" else DIGEST_TIMES
        await send(context, update, Outgoing(t(lang, "overview.ask_time"),
                                             time_buttons(lang, f"wk:{which}:time:", choices)))
    elif part == "time" and len(raw) == 4 and int(raw[:2]) < 24 and int(raw[2:]) < 60:
        await _set_time(update, context, user, which, time(int(raw[:2]), int(raw[2:])))
    else:
        await say(context, update, lang, "errors.old_button")


async def typed_time(update: Update, context: Context, user: User) -> None:
    """A typed time while choosing when the weekly message comes."""
    message = update.effective_message
    assert message is not None
    at = parse_time(message.text or "")
    if at is None:
        await say(context, update, user.language, "onboarding.time_invalid",
                  text=(message.text or "")[:40])
        return
    await _set_time(update, context, user, user.state.removesuffix("time"), at)


async def _set_time(update: Update, context: Context, user: User, which: str, at: time) -> None:
    s = svc(context)
    now = s.now()
    state = "ready"
    upcoming: datetime | None
    if which == "sum":
        user = await s.call(s.store.update_user, user.id, now, summary_time=at, state=state)
        upcoming = await s.call(weekly.schedule_summary, s.store, user, now)
    else:
        user = await s.call(s.store.update_user, user.id, now, digest_time=at, state=state)
        upcoming = await s.call(weekly.schedule_digest, s.store, user, now)
    when = when_text(upcoming, user.tz, now, user.language) if upcoming else t(
        user.language, "when.none")
    await say(context, update, user.language, f"overview.time_set_{which}", when=when)
