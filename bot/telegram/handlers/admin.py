"""Operators in Telegram: ``/stats`` and ``/aankondiging``, for ``ADMIN_IDS`` only.

Anyone else gets the ordinary "unknown command" reply, so the commands are not
advertised and nothing happens. Figures are aggregates (``bot.core.stats``); an
announcement is previewed exactly as it will look, confirmed, then queued as outbox
rows in one statement and sent by the tick within Telegram's limits.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.config import send_rate
from bot.core.records import Outgoing
from bot.core.schedule import local_date
from bot.core.stats import build_stats
from bot.messages import admin as texts
from bot.messages.i18n import t
from bot.telegram.handlers import answers, misc
from bot.telegram.handlers.common import Context, answer_callback, language_of, say, send, svc

DRAFT_WAITS = timedelta(hours=1)


def is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return user is not None and user.id in svc(context).settings.admin_ids


async def stats_command(update: Update, context: Context) -> None:
    if not is_admin(update, context):
        await misc.unknown_command(update, context)
        return
    s = svc(context)
    lang = language_of(update, context)
    now = s.now()
    today = local_date(now, s.settings.default_timezone)
    stats = build_stats(await s.call(s.store.raw_stats, now, today), send_rate(s.settings))
    await send(context, update, Outgoing(texts.stats_text(lang, stats, s.programmes, today)))
    chart = texts.stats_chart(lang, stats)
    if chart is not None:
        await send(context, update, Outgoing(t(lang, "admin.chart_caption")),
                   payload={"team_chart": chart})


async def announce_command(update: Update, context: Context) -> None:
    if not is_admin(update, context):
        await misc.unknown_command(update, context)
        return
    s = svc(context)
    lang = language_of(update, context)
    typed = " ".join(context.args or []).strip()
    if typed:
        await _preview(update, context, "all", typed)
        return
    per_programme = [(p, await s.call(s.store.audience_size, f"programme:{p.id}"))
                     for p in s.learner_programmes()]
    everyone = await s.call(s.store.audience_size, "all")
    await send(context, update, texts.audience_menu(lang, everyone, per_programme))


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    if not is_admin(update, context):
        await misc.unknown_button(update, context)
        return
    s = svc(context)
    lang = language_of(update, context)
    _, action, arg = (query.data or "").split(":", 2) + [""] * (3 - len((query.data or "").split(":", 2)))
    await answer_callback(update)
    if action == "aud":
        audience = "all" if arg == "all" else f"programme:{arg}"
        if arg != "all" and arg not in s.programmes:
            return
        assert update.effective_user is not None
        await s.call(s.store.create_announcement, update.effective_user.id, audience, "", s.now())
        name = t(lang, "admin.audience_all") if arg == "all" else s.programmes[arg].title[lang]
        await say(context, update, lang, "admin.announce_type", audience=name,
                  count=await s.call(s.store.audience_size, audience))
        return
    if not arg.isascii() or not arg.isdigit():
        return
    announcement = await s.call(s.store.get_announcement, int(arg))
    if announcement is None or announcement.author_id != (update.effective_user and update.effective_user.id):
        return
    if action == "cancel":
        await s.call(s.store.cancel_announcement, announcement.id)
        await say(context, update, lang, "admin.announce_cancelled")
    elif action == "send":
        queued = await s.call(s.store.queue_announcement,
            announcement.id, texts.announcement_html(lang, announcement.text), s.now())
        if queued is None:
            await say(context, update, lang, "admin.announce_twice")
        else:
            await say(context, update, lang, "admin.announce_queued", count=queued)


async def on_text(update: Update, context: Context) -> None:
    """An admin's text is the announcement while a draft waits; else it is an ordinary message."""
    s = svc(context)
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    draft = await s.call(s.store.waiting_draft, user.id, s.now() - DRAFT_WAITS)
    if draft is None or not message.text:
        await answers.on_message(update, context)
        return
    await _preview(update, context, draft.audience, message.text, draft.id)


async def _preview(update: Update, context: Context, audience: str, text: str,
                   draft_id: int | None = None) -> None:
    s = svc(context)
    lang = language_of(update, context)
    assert update.effective_user is not None
    count = await s.call(s.store.audience_size, audience)
    if count == 0:
        await say(context, update, lang, "admin.announce_nobody")
        return
    if draft_id is None:
        draft = await s.call(s.store.create_announcement, update.effective_user.id, audience,
                             text, s.now())
        draft_id = draft.id
    else:
        await s.call(s.store.set_announcement_text, draft_id, text)
    await send(context, update, Outgoing(texts.announcement_html(lang, text)))
    await send(context, update, texts.preview_question(lang, draft_id, count))
