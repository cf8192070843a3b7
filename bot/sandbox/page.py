"""The sandbox page as server-rendered HTML: personas, the chat, the composer, time control.

Every value that reaches the page goes through ``html.escape`` or, for message texts,
through :func:`bot.sandbox.render.entities_html`. Page chrome comes from the
``sandbox.*`` keys of the locale catalogs.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from bot.messages.i18n import catalog
from bot.sandbox.personas import ROLES
from bot.sandbox.render import LinkMapper, entities_html

JSON = dict[str, Any]


def _template(lang: str, key: str) -> str:
    texts = catalog(lang if lang in ("nl", "en") else "nl")
    return texts.get(f"sandbox.{key}") or catalog("nl")[f"sandbox.{key}"]


def chrome(lang: str, key: str, **values: Any) -> str:
    """A page text from the catalog as HTML, every value escaped (also for attributes)."""
    return html.escape(_template(lang, key).format(**values), quote=True)


def chrome_text(lang: str, key: str, **values: Any) -> str:
    """The same text unescaped, for storing (it is escaped when shown)."""
    return _template(lang, key).format(**values)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass
class Tab:
    key: str
    name: str
    role: str
    unread: int
    current: bool
    href: str


@dataclass
class ChatView:
    key: str  # persona key, or "group"
    title: str  # HTML (escaped already)
    hint: str  # HTML (escaped already)
    tz: str
    messages: list[JSON]
    bot_id: int
    is_group: bool = False
    reply_to: JSON | None = None
    bot_in_group: bool = False
    group_adders: list[tuple[str, str]] = field(default_factory=list)  # (key, name)


@dataclass
class PageView:
    lang: str
    tabs: list[Tab]
    chat: ChatView
    now: datetime
    mapper: LinkMapper
    version: int
    flash: str = ""  # HTML
    flash_error: bool = False


def when(moment: datetime, tz: str, lang: str) -> str:
    return str(format_datetime(moment.astimezone(ZoneInfo(tz)), "EEEE d MMMM y, HH:mm", locale=lang))


def message_html(view: PageView, message: JSON) -> str:
    chat = view.chat
    lang = view.lang
    sender = message.get("from") or {}
    mine = sender.get("id") != chat.bot_id
    parts: list[str] = []
    if chat.is_group and mine:
        parts.append(f'<p class="sender">{esc(sender.get("first_name", ""))}</p>')
    quoted = message.get("reply_to_message")
    if quoted:
        snippet = (quoted.get("text") or quoted.get("caption") or "")[:90]
        parts.append(f'<blockquote class="quoted">{esc(snippet)}</blockquote>')
    if message.get("photo"):
        file_id = message["photo"][-1]["file_id"]
        if mine:
            parts.append(f'<p class="media">{chrome(lang, "you_photo")}</p>')
        else:
            alt = message.get("caption") or chrome(lang, "bot_photo")
            parts.append(f'<img src="/file/{esc(file_id)}" alt="{esc(alt)}" loading="lazy">')
    if message.get("document"):
        doc = message["document"]
        name = doc.get("file_name") or "document"
        size = int(doc.get("file_size") or 0)
        parts.append(
            f'<p class="doc">📄 <a href="/file/{esc(doc["file_id"])}?download=1" download="{esc(name)}">'
            f'{esc(name)}</a> <span class="size">({max(1, size // 1024)} KB)</span></p>'
        )
    if message.get("voice"):
        seconds = message["voice"].get("duration", 0)
        parts.append(f'<p class="media">{chrome(lang, "you_voice", seconds=seconds)}</p>')
    text = message.get("text")
    entities = message.get("entities")
    if text is None and message.get("caption"):
        text, entities = message["caption"], message.get("caption_entities")
    if text:
        parts.append(f'<div class="text">{entities_html(text, entities, view.mapper)}</div>')
    if not parts:
        parts.append(f'<p class="media">{chrome(lang, "you_other")}</p>')
    parts.append(_buttons(view, message))
    stamp = datetime.fromtimestamp(int(message.get("date", 0)), UTC).astimezone(ZoneInfo(chat.tz))
    meta = f'<time datetime="{stamp.isoformat()}">{stamp:%H:%M}</time>'
    if message.get("edit_date"):
        meta += f' · {chrome(lang, "edited")}'
    if not chat.is_group:
        meta += (f' · <a class="reply" href="/p/{esc(chat.key)}?reply={int(message["message_id"])}'
                 f'#composer">{chrome(lang, "reply")}</a>')
    parts.append(f'<p class="meta">{meta}</p>')
    who = "me" if mine else "bot"
    return (f'<li class="msg {who}" id="m{int(message["message_id"])}" '
            f'data-id="{int(message["message_id"])}">{"".join(parts)}</li>')


def _buttons(view: PageView, message: JSON) -> str:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    if not rows:
        return ""
    out = [f'<div class="keyboard" role="group" aria-label="{chrome(view.lang, "buttons")}">']
    for row in rows:
        out.append('<div class="row">')
        for button in row:
            label = esc(button.get("text", ""))
            if "callback_data" in button and not view.chat.is_group:
                out.append(
                    f'<form method="post" action="/p/{esc(view.chat.key)}/press" class="js">'
                    f'<input type="hidden" name="message_id" value="{int(message["message_id"])}">'
                    f'<input type="hidden" name="data" value="{esc(button["callback_data"])}">'
                    f'<button type="submit" class="kb">{label}</button></form>'
                )
            elif "url" in button and (href := view.mapper(str(button["url"]))):
                out.append(f'<a class="kb" href="{esc(href)}">{label}</a>')
            else:
                out.append(f'<span class="kb disabled">{label}</span>')
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def _log(view: PageView) -> str:
    chat = view.chat
    if not chat.messages:
        empty = "group_empty" if chat.is_group and not chat.bot_in_group else "empty"
        return f'<p class="empty">{chrome(view.lang, empty)}</p>'
    out: list[str] = []
    day: date | None = None
    for message in chat.messages:
        local = datetime.fromtimestamp(int(message.get("date", 0)), UTC).astimezone(ZoneInfo(chat.tz))
        if local.date() != day:
            day = local.date()
            out.append(f'<li class="day" role="presentation">'
                       f'{esc(format_date(day, "EEEE d MMMM", locale=view.lang))}</li>')
        out.append(message_html(view, message))
    return "".join(out)


def _tabs(view: PageView) -> str:
    lang = view.lang
    out = [f'<nav id="personas" aria-label="{chrome(lang, "personas")}"><ul>']
    for tab in view.tabs:
        role = chrome(lang, f"role_{tab.role}") if tab.role != "group" else chrome(lang, "group")
        badge = ""
        if tab.unread:
            badge = (f' <span class="badge" aria-label="{chrome(lang, "unread", n=tab.unread)}">'
                     f'{tab.unread}</span>')
        current = ' aria-current="page"' if tab.current else ""
        out.append(f'<li><a href="{esc(tab.href)}"{current}><span class="name">{esc(tab.name)}</span>'
                   f' <span class="role">{esc(role)}</span>{badge}</a></li>')
    out.append("</ul></nav>")
    return "".join(out)


def _composer(view: PageView) -> str:
    chat, lang = view.chat, view.lang
    if chat.is_group:
        if chat.bot_in_group:
            return f'<p class="note">{chrome(lang, "group_in")}</p>'
        forms = "".join(
            f'<form method="post" action="/group/add" class="js"><input type="hidden" name="by" '
            f'value="{esc(key)}"><button type="submit">{chrome(lang, "group_add", name=name)}</button></form>'
            for key, name in chat.group_adders)
        return f'<div class="note">{forms}</div>'
    reply = ""
    if chat.reply_to is not None:
        snippet = (chat.reply_to.get("text") or chat.reply_to.get("caption") or "")[:80]
        reply = (f'<p class="replying">{chrome(lang, "replying_to", text=snippet)} '
                 f'<a href="/p/{esc(chat.key)}">{chrome(lang, "cancel")}</a></p>'
                 f'<input type="hidden" name="reply_to" value="{int(chat.reply_to["message_id"])}">')
    action = f"/p/{esc(chat.key)}"
    return (
        f'<form id="composer" method="post" action="{action}/send" class="js composer">{reply}'
        f'<label for="text" class="sr-only">{chrome(lang, "composer")}</label>'
        f'<textarea id="text" name="text" rows="1" placeholder="{chrome(lang, "placeholder")}"'
        f' required></textarea><button type="submit">{chrome(lang, "send")}</button></form>'
        f'<div class="media-actions">'
        f'<form method="post" action="{action}/voice" class="js"><button type="submit">'
        f'{chrome(lang, "voice")}</button></form>'
        f'<form method="post" action="{action}/photo" class="js"><button type="submit">'
        f'{chrome(lang, "photo")}</button></form></div>'
    )


def _time_panel(view: PageView) -> str:
    lang, key = view.lang, view.chat.key
    buttons = "".join(
        f'<button type="submit" name="jump" value="{jump}">{chrome(lang, jump)}</button>'
        for jump in ("next_prompt", "next_work_day", "friday", "monday", "week"))
    local = view.now.astimezone(ZoneInfo(view.chat.tz))
    return (
        f'<section id="time" aria-labelledby="time-h"><h2 id="time-h">{chrome(lang, "time")}</h2>'
        f'<p id="clock" aria-live="polite"><span class="label">{chrome(lang, "now")}:</span> '
        f'<strong>{esc(when(view.now, view.chat.tz, lang))}</strong>'
        f' <span class="tz">({esc(view.chat.tz)})</span></p>'
        f'<form method="post" action="/time" class="js jumps">'
        f'<input type="hidden" name="persona" value="{esc(key)}">{buttons}</form>'
        f'<form method="post" action="/time" class="js free">'
        f'<input type="hidden" name="persona" value="{esc(key)}">'
        f'<label for="at">{chrome(lang, "free")}</label>'
        f'<input type="datetime-local" id="at" name="at" value="{local:%Y-%m-%dT%H:%M}" required>'
        f'<button type="submit" name="jump" value="at">{chrome(lang, "go")}</button></form>'
        f'</section>'
    )


def _add_persona(lang: str) -> str:
    options = "".join(f'<option value="{code}">{code}</option>' for code in ("nl", "en"))
    roles = "".join(f'<option value="{role}"{" selected" if role == "other" else ""}>'
                    f'{chrome(lang, f"role_{role}")}</option>' for role in ROLES)
    return (
        f'<details class="add"><summary>{chrome(lang, "add_persona")}</summary>'
        f'<form method="post" action="/personas">'
        f'<label>{chrome(lang, "field_name")} <input name="name" required maxlength="32"></label>'
        f'<label>{chrome(lang, "field_lang")} <select name="lang">{options}</select></label>'
        f'<label>{chrome(lang, "field_tz")} <input name="tz" value="Europe/Amsterdam" required></label>'
        f'<label>{chrome(lang, "field_role")} <select name="role">{roles}</select></label>'
        f'<button type="submit">{chrome(lang, "add")}</button></form></details>'
    )


def page_html(view: PageView) -> str:
    lang = view.lang
    other = "en" if lang == "nl" else "nl"
    flash = ""
    if view.flash:
        kind = "error" if view.flash_error else "ok"
        flash = f'<p class="flash {kind}" role="status">{view.flash}</p>'
    chat = view.chat
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{chrome(lang, "title")}</title><link rel="stylesheet" href="/static/sandbox.css">'
        f'</head><body data-version="{view.version}">'
        f'<a class="sr-only skip" href="#composer">{chrome(lang, "skip")}</a>'
        f'<header><h1>{chrome(lang, "title")}</h1><p class="intro">{chrome(lang, "intro")}</p>'
        f'<div class="tools"><a href="/lang/{other}?next=/p/{esc(chat.key)}" hreflang="{other}"'
        f' lang="{other}">{chrome(lang, "language")}</a>'
        f'<form method="post" action="/reset" data-confirm="{chrome(lang, "reset_confirm")}">'
        f'<button type="submit" class="danger">{chrome(lang, "reset")}</button></form></div></header>'
        f'<div class="layout">{_tabs(view)}'
        f'<main id="chat" aria-label="{chat.title}"><h2 class="chat-title">{chat.title}</h2>'
        f'<p class="hint">{chat.hint}</p><div id="flash">{flash}</div>'
        f'<ol id="log" aria-live="polite">{_log(view)}</ol>{_composer(view)}</main>'
        f'<aside>{_time_panel(view)}{_add_persona(lang)}</aside></div>'
        f'<script src="/static/sandbox.js" defer></script></body></html>'
    )


def link_html(lang: str, title: str, choices: Sequence[tuple[str, str, str]], back: str) -> str:
    """The "continue as …" page for a deep link: (action, hidden fields html, label)."""
    forms = "".join(
        f'<form method="post" action="{esc(action)}">{fields}<button type="submit">{esc(label)}'
        f'</button></form>' for action, fields, label in choices)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{chrome(lang, "link_title")}</title><link rel="stylesheet" href="/static/sandbox.css">'
        f'</head><body><main class="linkpage"><h1>{chrome(lang, "link_title")}</h1>'
        f'<p>{esc(title)}</p><div class="choices">{forms}</div>'
        f'<p><a href="{esc(back)}">{chrome(lang, "back")}</a></p></main></body></html>'
    )
