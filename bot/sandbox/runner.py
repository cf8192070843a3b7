"""One sandbox: the emulator, the real bot on a FakeClock, personas and the time control.

Everything a page action does goes through :class:`Sandbox`, one action at a time: the
simulated person acts, the bot handles it over real HTTP, the bot's tick runs at the
current sandbox time, and only then does the page look again — so what you see is what
the bot had done by then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from bot.clock import FakeClock
from bot.core.programme import Programme
from bot.emulator import BotApiEmulator, SimGroup, SimUser
from bot.sandbox.clockwork import TimeControl, TimeError, next_weekday_at, next_work_day, parse_local
from bot.sandbox.history import load_history, save_history
from bot.sandbox.personas import (
    GROUP_ID,
    Persona,
    SandboxState,
    load_state,
    save_state,
    state_path,
)
from bot.sandbox.world import BotWorld

log = logging.getLogger(__name__)

PROMPT_KINDS = ("prompt", "sprint_prompt")
NEXT_PROMPT_WITHIN = timedelta(days=14)
SUMMARY_WAITS = timedelta(hours=8)
"""Friday's summary waits for the day's prompt and its answer (bot/core/timing.py)."""
JSON = dict[str, Any]


class ActionError(Exception):
    """Something a page action could not do; ``str()`` is a catalog key or a bot's text."""


def fresh_start(now: datetime | None = None) -> datetime:
    """A new sandbox starts at the current minute, so dates look like today's."""
    moment = now or datetime.now(UTC)
    return moment.replace(second=0, microsecond=0)


class Sandbox:
    """The running sandbox. ``await open()``, act, ``await close()``; ``reset()`` starts over."""

    def __init__(self, db_path: Path, programmes: Mapping[str, Programme], *,
                 demo: Callable[[Sandbox], Awaitable[None]] | None = None,
                 start: datetime | None = None) -> None:
        """``demo``: how to fill a new sandbox (``bot.sandbox.demo.build_demo``); it starts
        over on every open and reset."""
        self.db_path = db_path
        self.programmes = programmes
        self.demo = demo
        self.start = start
        self.lock = asyncio.Lock()
        self.changed = asyncio.Event()
        self.version = 0
        self.flash = ("", False)
        self.state = SandboxState(clock=fresh_start(start))
        self.clock = FakeClock(self.state.clock)
        self._emu: BotApiEmulator | None = None
        self._world: BotWorld | None = None
        self._time: TimeControl | None = None
        self.world_errors: list[BaseException] = []

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def emu(self) -> BotApiEmulator:
        assert self._emu is not None, "sandbox not open"
        return self._emu

    @property
    def world(self) -> BotWorld:
        assert self._world is not None, "sandbox not open"
        return self._world

    @property
    def time(self) -> TimeControl:
        assert self._time is not None, "sandbox not open"
        return self._time

    async def open(self) -> None:
        if self.demo is not None:
            self._erase()
        self.state = load_state(self.db_path, fresh_start(self.start))
        self.clock = FakeClock(self.state.clock)
        self._emu = BotApiEmulator(clock=lambda: self.clock().timestamp())
        self._emu.strict_ampersand = False  # exactly what Telegram accepts, no stricter
        await self._emu.start()
        for persona in self.state.personas:
            self._sim(persona)
        self.group()
        load_history(self.db_path, self._emu)
        self._world = BotWorld(self._emu, self.db_path, self.clock, self.programmes)
        await self._world.start()
        store = self._world.store
        assert store is not None
        self._time = TimeControl(self.clock, self._world.tick, store.next_wakeup)
        if self.demo is not None and not self._has_history():
            await self.demo(self)
        await self._after()

    async def close(self, *, keep: bool = True) -> None:
        if self._world is not None:
            self.world_errors.extend(self._world.errors)
        if self._world is not None and self._world.app is not None:
            try:
                await self._world.stop()
            except Exception:  # a stuck update must not keep the process alive
                log.exception("the bot did not stop cleanly")
        if keep and self._emu is not None:
            self._save()
        if self._emu is not None:
            await self._emu.stop()
        self._world = self._emu = self._time = None

    async def reset(self) -> None:
        """Erase the sandbox's database and state and start again (with the demo if asked)."""
        async with self.lock:
            await self.close(keep=False)
            self._erase()
            await self.open()

    def _erase(self) -> None:
        for path in (self.db_path, self.db_path.with_name(self.db_path.name + "-wal"),
                     self.db_path.with_name(self.db_path.name + "-shm"), state_path(self.db_path),
                     self.db_path.with_name(self.db_path.name + ".chats.json")):
            path.unlink(missing_ok=True)

    def _has_history(self) -> bool:
        return any(chat.messages for chat in self.emu.world.chats.values())

    def _save(self) -> None:
        self.state.clock = self.clock()
        save_state(self.db_path, self.state)
        save_history(self.db_path, self.emu)

    async def _after(self) -> None:
        """Let the bot finish, run a tick at the current time, then tell the pages."""
        await self.world.tick()
        await self.world.settle()
        self._save()
        self.version += 1
        self.changed.set()
        self.changed = asyncio.Event()

    # -- people and chats --------------------------------------------------------------------

    def _sim(self, persona: Persona) -> SimUser:
        return self.emu.user(persona.user_id, first_name=persona.name, language_code=persona.lang)

    def sim(self, key: str) -> SimUser:
        return self._sim(self.persona(key))

    def persona(self, key: str) -> Persona:
        persona = self.state.persona(key)
        if persona is None:
            raise KeyError(key)
        return persona

    def group(self) -> SimGroup:
        return self.emu.group(GROUP_ID, self.state.group_title)

    def messages(self, chat_id: int) -> list[JSON]:
        chat = self.emu.world.chats.get(chat_id)
        if chat is None:
            return []
        return [chat.messages[k] for k in sorted(chat.messages)]

    def bot_count(self, chat_id: int) -> int:
        chat = self.emu.world.chats.get(chat_id)
        return 0 if chat is None else sum(1 for m in chat.bot_messages if not m.deleted)

    def unread(self, key: str, chat_id: int) -> int:
        return max(0, self.bot_count(chat_id) - self.state.seen.get(key, 0))

    def mark_seen(self, key: str, chat_id: int) -> None:
        self.state.seen[key] = self.bot_count(chat_id)

    def bot_in_group(self) -> bool:
        chat = self.emu.world.chats.get(GROUP_ID)
        return chat is not None and chat.bot_status == "member"

    def tz_of(self, persona: Persona) -> str:
        """The time zone the bot uses for this person, else the persona's own."""
        user = self.world.services.store.get_user(persona.user_id)
        return user.tz if user is not None and user.onboarded else persona.tz

    def _set_flash(self, text: str, error: bool = False) -> None:
        self.flash = (text, error)

    def take_flash(self) -> tuple[str, bool]:
        flash, self.flash = self.flash, ("", False)
        return flash

    # -- actions -----------------------------------------------------------------------------

    async def act(self, action: Callable[[], Any]) -> None:
        async with self.lock:
            await self.world.settle()
            result = action()
            if asyncio.iscoroutine(result):
                await result
            await self._after()

    async def send(self, key: str, text: str, reply_to: int | None = None) -> None:
        user = self.sim(key)
        text = text.strip()
        if not text:
            return
        if reply_to is not None and reply_to in self._chat_messages(user.chat_id):
            await self.act(lambda: user.reply(reply_to, text))
        else:
            await self.act(lambda: user.send(text))

    def _chat_messages(self, chat_id: int) -> dict[int, JSON]:
        chat = self.emu.world.chats.get(chat_id)
        return {} if chat is None else chat.messages

    async def press(self, key: str, message_id: int, data: str) -> None:
        user = self.sim(key)
        ids: list[str] = []

        async def press() -> None:
            try:
                ids.append(await user.press(data, message=message_id))
            except AssertionError:
                raise ActionError("") from None

        try:
            await self.act(press)
        except ActionError:
            self._set_flash("sandbox.button_gone", error=True)
            return
        answer = self.emu.world.callbacks[ids[0]].answer
        if answer is not None and answer.text:
            self._set_flash(answer.text)

    async def voice(self, key: str) -> None:
        user = self.sim(key)
        await self.act(lambda: user.send_voice(duration=7))

    async def photo(self, key: str) -> None:
        user = self.sim(key)
        await self.act(lambda: user.send_photo())

    async def open_link(self, key: str, payload: str) -> None:
        user = self.sim(key)
        await self.act(lambda: user.send(f"/start {payload}"))

    async def add_bot_to_group(self, key: str) -> None:
        user = self.sim(key)
        if self.bot_in_group():
            return
        await self.act(lambda: self.group().add_bot(by=user))

    def add_persona(self, name: str, lang: str, tz: str, role: str = "other") -> Persona:
        persona = self.state.add(name, lang, tz, role)
        self._sim(persona)
        self._save()
        return persona

    async def jump(self, key: str, jump: str, at: str = "") -> datetime:
        """Move the sandbox clock (see the time panel); raises TimeError with a catalog key."""
        persona = self.persona(key) if key != "group" else self.state.personas[0]
        async with self.lock:
            await self.world.settle()
            now = self.clock()
            tz = self.tz_of(persona)
            user = self.world.services.store.get_user(persona.user_id)
            days = user.work_days if user is not None else frozenset({1, 2, 3, 4, 5})
            stop: Callable[[], bool] | None = None
            if jump == "next_prompt":
                if not self._gets_prompts(persona.user_id):
                    raise TimeError("sandbox.no_questions")
                target = now + NEXT_PROMPT_WITHIN
                before = self._prompts_sent(persona.user_id)
                stop = lambda: self._prompts_sent(persona.user_id) > before  # noqa: E731
            elif jump == "next_work_day":
                target = next_work_day(now, tz, days)
            elif jump == "friday":  # the weekly summary: it waits for Friday's prompt
                target = next_weekday_at(now, tz, 5, time(16, 0)) + SUMMARY_WAITS
                summaries = self._sent(persona.user_id, "summary")
                stop = lambda: self._sent(persona.user_id, "summary") > summaries  # noqa: E731
            elif jump == "monday":
                target = next_weekday_at(now, tz, 1, time(8, 0))
            elif jump == "week":
                target = now + timedelta(days=7)
            elif jump == "at":
                target = parse_local(at, tz)
            else:
                raise TimeError("sandbox.time_invalid")
            await self.time.advance_to(target, stop)
            if jump == "next_prompt" and stop is not None and not stop():
                self._set_flash("sandbox.no_prompt", error=True)
            await self._after()
            return self.clock()

    def _sent(self, user_id: int, kind: str) -> int:
        return sum(1 for r in self.world.services.store.outbox_for(user_id)
                   if r.kind == kind and r.status == "sent")

    def _gets_prompts(self, user_id: int) -> bool:
        """Someone with a schedule of their own or in a sprint; a mentor alone has none."""
        store = self.world.services.store
        user = store.get_user(user_id)
        if user is None:
            return False
        return (user.onboarded and user.next_plan_at is not None) or bool(store.memberships(user_id))

    def _prompts_sent(self, user_id: int) -> int:
        rows = self.world.services.store.outbox_for(user_id)
        return sum(1 for r in rows if r.kind in PROMPT_KINDS and r.status == "sent")
