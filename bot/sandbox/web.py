"""The sandbox's web server (aiohttp, 127.0.0.1 only): pages, form actions, files, events.

Every action is a plain HTML form POST answered with a redirect, so the page works
without JavaScript; the small script in ``static/`` sends the same forms with fetch and
refreshes the page parts when the server-sent event stream says something changed.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from urllib.parse import quote

from aiohttp import web

from bot.sandbox.clockwork import TimeError
from bot.sandbox.page import (
    ChatView,
    PageView,
    Tab,
    chrome,
    chrome_text,
    esc,
    link_html,
    page_html,
    when,
)
from bot.sandbox.personas import GROUP_ID, PersonaError
from bot.sandbox.render import deep_link_mapper
from bot.sandbox.runner import Sandbox

STATIC = Path(__file__).resolve().parent / "static"
SANDBOX: web.AppKey[Sandbox] = web.AppKey("sandbox", Sandbox)
STOPPING: web.AppKey[asyncio.Event] = web.AppKey("stopping", asyncio.Event)
_TYPES = {".css": "text/css", ".js": "text/javascript", ".png": "image/png"}


def _lang(request: web.Request) -> str:
    lang = request.cookies.get("lang", "nl")
    return lang if lang in ("nl", "en") else "nl"


def _done(request: web.Request, location: str) -> web.StreamResponse:
    """Scripts get 204 (they refresh themselves); forms without script a redirect."""
    if request.headers.get("X-Requested-With") == "fetch":
        return web.Response(status=204)
    raise web.HTTPSeeOther(location)


def _flash_html(lang: str, text: str) -> str:
    """A catalog key ("sandbox.…") or a text such as the bot's answer to a button."""
    return chrome(lang, text.removeprefix("sandbox.")) if text.startswith("sandbox.") else esc(text)


def _view(sb: Sandbox, lang: str, key: str, reply: int | None) -> PageView:
    tabs: list[Tab] = []
    for persona in sb.state.personas:
        tabs.append(Tab(persona.key, persona.name, persona.role,
                        0 if persona.key == key else sb.unread(persona.key, persona.user_id),
                        persona.key == key, f"/p/{persona.key}"))
    tabs.append(Tab("group", sb.state.group_title, "group",
                    0 if key == "group" else sb.unread("group", GROUP_ID), key == "group", "/g"))
    bot_id = int(sb.emu.world.bot_user["id"])
    if key == "group":
        first = sb.state.personas[0]
        chat = ChatView("group", esc(sb.state.group_title), chrome(lang, "group"), sb.tz_of(first),
                        sb.messages(GROUP_ID), bot_id, is_group=True, bot_in_group=sb.bot_in_group(),
                        group_adders=[(p.key, p.name) for p in sb.state.personas])
        sb.mark_seen("group", GROUP_ID)
    else:
        persona = sb.persona(key)
        tz = sb.tz_of(persona)
        messages = sb.messages(persona.user_id)
        reply_to = next((m for m in messages if m["message_id"] == reply), None)
        hint = chrome(lang, "tz_hint", name=persona.name, role=chrome(lang, f"role_{persona.role}"),
                      language=persona.lang, tz=tz)
        chat = ChatView(key, chrome(lang, "chat_with", name=persona.name), hint, tz, messages,
                        bot_id, reply_to=reply_to)
        sb.mark_seen(key, persona.user_id)
    flash, error = sb.take_flash()
    return PageView(lang, tabs, chat, sb.clock(), deep_link_mapper(sb.emu.world.bot_user["username"]),
                    sb.version, _flash_html(lang, flash), error)


async def index(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    raise web.HTTPSeeOther(f"/p/{sb.state.personas[0].key}")


async def persona_page(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    key = request.match_info["key"]
    if sb.state.persona(key) is None:
        raise web.HTTPNotFound(text="no such persona")
    reply = request.query.get("reply", "")
    view = _view(sb, _lang(request), key, int(reply) if reply.isdigit() else None)
    return web.Response(text=page_html(view), content_type="text/html", headers=_no_store())


async def group_page(request: web.Request) -> web.StreamResponse:
    view = _view(request.app[SANDBOX], _lang(request), "group", None)
    return web.Response(text=page_html(view), content_type="text/html", headers=_no_store())


def _no_store() -> dict[str, str]:
    return {"Cache-Control": "no-store", "Content-Security-Policy":
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"}


async def persona_action(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    key, action = request.match_info["key"], request.match_info["action"]
    if sb.state.persona(key) is None:
        raise web.HTTPNotFound(text="no such persona")
    form = await request.post()
    if action == "send":
        reply = str(form.get("reply_to", ""))
        await sb.send(key, str(form.get("text", "")), int(reply) if reply.isdigit() else None)
    elif action == "press":
        message_id = str(form.get("message_id", ""))
        if message_id.isdigit():
            await sb.press(key, int(message_id), str(form.get("data", "")))
    elif action == "voice":
        await sb.voice(key)
    elif action == "photo":
        await sb.photo(key)
    elif action == "start":
        payload = str(form.get("payload", ""))
        if payload:
            await sb.open_link(key, payload)
    else:
        raise web.HTTPNotFound()
    return _done(request, f"/p/{key}")


async def time_action(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    lang = _lang(request)
    form = await request.post()
    key = str(form.get("persona", ""))
    if key != "group" and sb.state.persona(key) is None:
        key = sb.state.personas[0].key
    try:
        moment = await sb.jump(key, str(form.get("jump", "")), str(form.get("at", "")))
        if not sb.flash[0]:
            persona = sb.state.persona(key) or sb.state.personas[0]
            sb.flash = (chrome_text(lang, "moved", when=when(moment, sb.tz_of(persona), lang)), False)
    except TimeError as error:
        sb.flash = (str(error), True)
    return _done(request, "/g" if key == "group" else f"/p/{key}")


async def add_persona(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    form = await request.post()
    try:
        persona = sb.add_persona(str(form.get("name", "")), str(form.get("lang", "nl")),
                                 str(form.get("tz", "")).strip(), str(form.get("role", "other")))
    except PersonaError as error:
        sb.flash = (str(error), True)
        raise web.HTTPSeeOther(f"/p/{sb.state.personas[0].key}") from None
    raise web.HTTPSeeOther(f"/p/{persona.key}")


async def group_add(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    form = await request.post()
    key = str(form.get("by", ""))
    if sb.state.persona(key) is not None:
        await sb.add_bot_to_group(key)
    return _done(request, "/g")


async def reset(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    await sb.reset()
    sb.flash = ("sandbox.reset_done", False)
    raise web.HTTPSeeOther("/")


async def link(request: web.Request) -> web.StreamResponse:
    """A deep link from a bot message: choose who opens it."""
    sb = request.app[SANDBOX]
    lang = _lang(request)
    start, group = request.query.get("start", ""), request.query.get("startgroup", "")
    choices: list[tuple[str, str, str]] = []
    if group:
        for p in sb.state.personas:
            choices.append(("/group/add", f'<input type="hidden" name="by" value="{esc(p.key)}">',
                            chrome(lang, "group_add", name=p.name)))
    elif start:
        for p in sb.state.personas:
            choices.append((f"/p/{quote(p.key)}/start",
                            f'<input type="hidden" name="payload" value="{esc(start)}">',
                            chrome(lang, "continue_as", name=p.name)))
    back = request.headers.get("Referer", "/")
    if not back.startswith(f"http://{request.host}/"):
        back = "/"
    html = link_html(lang, chrome(lang, "link_intro"), choices, back)
    return web.Response(text=html, content_type="text/html", headers=_no_store())


async def file(request: web.Request) -> web.StreamResponse:
    sb = request.app[SANDBOX]
    stored = sb.emu.world.files.get(request.match_info["file_id"])
    if stored is None:
        raise web.HTTPNotFound()
    headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
    mime = stored.mime_type or "application/octet-stream"
    if request.query.get("download") or not mime.startswith("image/"):
        name = stored.file_name or stored.file_path.rsplit("/", 1)[-1]
        headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return web.Response(body=stored.data, content_type=mime, headers=headers)


async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    path = STATIC / name
    if "/" in name or not path.is_file() or path.suffix not in _TYPES:
        raise web.HTTPNotFound()
    return web.Response(body=path.read_bytes(), content_type=_TYPES[path.suffix],
                        headers={"Cache-Control": "no-cache"})


async def set_lang(request: web.Request) -> web.StreamResponse:
    lang = request.match_info["lang"]
    target = request.query.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = web.HTTPSeeOther(target)
    if lang in ("nl", "en"):
        response.set_cookie("lang", lang, samesite="Lax", httponly=True)
    raise response


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: the sandbox's version number whenever something changed."""
    sb = request.app[SANDBOX]
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-store"})
    await response.prepare(request)
    stopping = request.app[STOPPING]
    sent = -1
    with contextlib.suppress(ConnectionResetError, asyncio.CancelledError):
        while not stopping.is_set():
            if sb.version != sent:
                sent = sb.version
                await response.write(f"data: {sent}\n\n".encode())
            waits = [asyncio.ensure_future(sb.changed.wait()), asyncio.ensure_future(stopping.wait())]
            done, pending = await asyncio.wait(waits, timeout=15, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            if not done:
                await response.write(b": ping\n\n")
    return response


async def _stopping(app: web.Application) -> None:
    """Open event streams end at once, so Ctrl-C does not wait for them."""
    app[STOPPING].set()


def make_app(sb: Sandbox) -> web.Application:
    app = web.Application()
    app[SANDBOX] = sb
    app[STOPPING] = asyncio.Event()
    app.on_shutdown.append(_stopping)
    app.router.add_get("/", index)
    app.router.add_get("/p/{key}", persona_page)
    app.router.add_post("/p/{key}/{action}", persona_action)
    app.router.add_get("/g", group_page)
    app.router.add_post("/group/add", group_add)
    app.router.add_post("/time", time_action)
    app.router.add_post("/personas", add_persona)
    app.router.add_post("/reset", reset)
    app.router.add_get("/link", link)
    app.router.add_get("/file/{file_id}", file)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/lang/{lang}", set_lang)
    app.router.add_get("/events", events)
    return app
