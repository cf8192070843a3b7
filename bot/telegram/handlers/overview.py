"""On demand: ``/overzicht`` for the learner, ``/leerlingen`` and details for the mentor,
and choosing the day and time of the weekly summary or digest."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from telegram import Update

from bot.core.parse import parse_time
from bot.core.records import Button, Outgoing, User
from bot.core.schedule import local_date, week_start
from bot.core.summary import build_learner_summary
from bot.messages.i18n import Raw, plain, t
from bot.messages.render import when_text
from bot.messages.summaries import render_learner_detail, render_learner_summary
from bot.messages.views import time_buttons
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

_PICK = re.compile(r"^wk:(sum|dig):(day|time):(\d{1,4})$")


async def overview(update: Update, context: Context) -> None:
    """``/overzicht``: the learner's week so far, built like the Friday summary."""
    user = await onboarded_user(update, context)
    if user is None:
        return
    s = svc(context)
    today = local_date(s.now(), user.tz)
    week = weekly.learner_week(s.store, s.programmes, user, week_start(today), until=today)
    message = render_learner_summary(week, build_learner_summary(week))
    buttons = ((Button(plain(user.language, "overview.btn_when"), "wk:sum:day:0"),),)
    await send(context, update, Outgoing(message.text, buttons))


async def learners(update: Update, context: Context) -> None:
    """``/leerlingen``: each learner's week so far, with details, feedback and stop."""
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    links = s.store.links_of_mentor(user.id) if user else []
    if user is None or not links:
        await say(context, update, lang, "mentor.not_mentor")
        return
    today = local_date(s.now(), user.tz)
    lines: list[str] = []
    rows: list[tuple[Button, ...]] = []
    for link in links:
        learner = s.store.get_user(link.learner_id)
        if learner is None:
            continue
        part = weekly.digest_part(s.store, s.programmes, learner, link.id, link.share_mode,
                                  week_start(today), user, until=today)
        lines.append(t(lang, "overview.learner_line", name=learner.first_name,
                       answered=part.answered, asked=part.asked, spark=part.sparkline or "–"))
        rows.append((Button("🔎 " + learner.first_name, f"md:{link.id}"),
                     Button(plain(lang, "overview.btn_feedback"), f"fb:{link.id}")))
        rows.append((Button(plain(lang, "mentor.btn_end").format(name=learner.first_name),
                            f"lnk:end:{link.id}"),))
    rows.append((Button(plain(lang, "overview.btn_digest_when"), "wk:dig:day:0"),))
    when = when_text(user.next_digest_at, user.tz, s.now(), lang) if user.next_digest_at \
        else t(lang, "when.none")
    text = t(lang, "overview.learners", lines=Raw("\n".join(lines) or "–"), when=when)
    await send(context, update, Outgoing(text, tuple(rows)))


async def details_button(update: Update, context: Context) -> None:
    """``md:<link>``: one learner's shared answers this week (only for their mentor)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    user = current_user(update, context)
    lang = language_of(update, context)
    s = svc(context)
    raw = query.data.removeprefix("md:")
    link = s.store.get_link(int(raw)) if raw.isdigit() else None
    learner = s.store.get_user(link.learner_id) if link else None
    if user is None or link is None or learner is None or link.mentor_id != user.id \
            or link.status != "active":
        await answer_callback(update, plain(lang, "errors.not_yours"), alert=True)
        return
    await answer_callback(update)
    today = local_date(s.now(), user.tz)
    part = weekly.digest_part(s.store, s.programmes, learner, link.id, link.share_mode,
                              week_start(today), user, until=today)
    if part.asked == 0:  # early in the week: show the week before
        part = weekly.digest_part(s.store, s.programmes, learner, link.id, link.share_mode,
                                  week_start(today) - timedelta(days=7), user)
    await send(context, update, render_learner_detail(part, lang))


# -- choosing the day and time of the weekly messages ----------------------------------


def _day_buttons(lang: str, which: str) -> tuple[tuple[Button, ...], ...]:
    days = [Button(plain(lang, f"days.short.{d}"), f"wk:{which}:day:{d}") for d in range(1, 8)]
    return (tuple(days[:4]), tuple(days[4:]))


async def pick_button(update: Update, context: Context) -> None:
    """``wk:sum|dig:day|time:<n>``: day 0 opens the picker; then a day, then a time."""
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
    if part == "day" and raw == "0":
        await send(context, update, Outgoing(t(lang, f"overview.ask_day_{which}"),
                                             _day_buttons(lang, which)))
    elif part == "day" and raw.isdigit() and 1 <= int(raw) <= 7:
        field = "summary_weekday" if which == "sum" else "digest_weekday"
        s.store.update_user(user.id, now, **{field: int(raw)}, state=f"{which}time")
        await send(context, update, Outgoing(t(lang, "overview.ask_time"),
                                             time_buttons(lang, f"wk:{which}:time:")))
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
        user = s.store.update_user(user.id, now, summary_time=at, state=state)
        upcoming = weekly.schedule_summary(s.store, user, now)
    else:
        user = s.store.update_user(user.id, now, digest_time=at, state=state)
        upcoming = weekly.schedule_digest(s.store, user, now)
    when = when_text(upcoming, user.tz, now, user.language) if upcoming else t(
        user.language, "when.none")
    await say(context, update, user.language, f"overview.time_set_{which}", when=when)
