"""A persona's phone: what they do and what the bot shows them, as one readable transcript.

Journey tests act through a ``Phone`` (``send``, ``tap``, ``voice``, ``photo``) and let time
pass with ``World.run_until``; every bot message is written down the first time the phone
sees it, in its state at that moment, and again (marked ✎) when the bot edits it. The
transcript is the golden file a person reviews by reading it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.emulator import BotMessage, SimGroup, SimUser
from bot.emulator.sim import SimChat
from tests.e2e.harness import World

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
GOLDEN = Path(__file__).parent / "golden"
DAYS = {"nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
        "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS = {"nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
          "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}
TOKEN = re.compile(r"\b([sm]_)[A-Za-z0-9_-]{16,48}")
RAW_TAG = re.compile(r"</?(b|i|u|s|a|code|pre|blockquote|tg-spoiler)\b[^>]*>|&lt;|&gt;|&amp;")


@dataclass
class Seen:
    text: str
    buttons: list[list[tuple[str, str]]]


@dataclass
class Screen:
    """One chat with the bot as a person reads it; ``Phone`` and ``GroupScreen`` act on it."""

    world: World
    tz: str = field(default="Europe/Amsterdam", kw_only=True)
    lang: str = field(default="nl", kw_only=True)
    lines: list[str] = field(default_factory=list, kw_only=True)
    seen: dict[int, Seen] = field(default_factory=dict, kw_only=True)
    shown: list[BotMessage] = field(default_factory=list, kw_only=True)
    _stamp: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        self.world.observers.append(self.look)

    @property
    def chat(self) -> SimChat:
        raise NotImplementedError

    # -- what the persona sees ----------------------------------------------------------------

    async def settle(self) -> None:
        await self.world.settle()
        self.look()

    def look(self) -> None:
        """Write down every bot message not seen before, and every edit of one seen before."""
        for message in self.chat.messages:
            now = Seen(_content(message), message.buttons())
            before = self.seen.get(message.message_id)
            if before is None:
                self._stamp_line()
                self.lines.extend(_render(message, now))
                self.shown.append(message)
            elif (before.text, before.buttons) != (now.text, now.buttons) and not message.deleted:
                self._stamp_line()
                self.lines.extend(_render(message, now, edited=True))
            self.seen[message.message_id] = now

    def last_with(self, needle: str) -> BotMessage:
        """The newest message shown whose text contains ``needle``."""
        found = next((m for m in reversed(self.shown) if needle in _content(m)), None)
        assert found is not None, f"no message with {needle!r}"
        return found

    def new_since(self, count: int) -> list[BotMessage]:
        """Messages first shown after the first ``count`` (for assertions on one step)."""
        return self.shown[count:]

    def transcript(self) -> str:
        """The lines as read; link tokens (random each run) are written as ``s_…``."""
        return TOKEN.sub(r"\1…", "\n".join(self.lines)).rstrip() + "\n"

    def check_golden(self, name: str) -> None:
        path = GOLDEN / f"{name}.txt"
        text = self.transcript()
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden transcript {path.name}: run with UPDATE_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8"), (
            f"{path.name} changed: run with UPDATE_GOLDEN=1 and read the diff"
        )

    # -- helpers ------------------------------------------------------------------------------

    async def _act(self, line: str) -> None:
        await self.world.settle()
        self.look()
        self._stamp_line()
        self.lines.append(line)

    def _stamp_line(self) -> None:
        stamp = self.when(self.world.clock())
        if stamp != self._stamp:
            self.lines.extend(["", f"── {stamp} ──"])
            self._stamp = stamp

    def when(self, moment: datetime) -> str:
        local = moment.astimezone(ZoneInfo(self.tz))
        day = DAYS[self.lang][local.weekday()]
        return f"{day} {local.day} {MONTHS[self.lang][local.month - 1]} {local:%H:%M}"


@dataclass
class Phone(Screen):
    """One persona's private chat with the bot, written down as they would read it."""

    user: SimUser

    @property
    def chat(self) -> SimChat:
        return self.user

    # -- what the persona does ---------------------------------------------------------------

    async def send(self, text: str) -> None:
        await self._act(f"▶ {text}")
        await self.user.send(text)
        await self.settle()

    async def tap(self, label: str, on: BotMessage | None = None) -> str | None:
        """Press the button whose label contains ``label``; returns the pop-up text, if any.

        The button is looked for on the newest message with buttons, or on ``on`` (a
        message further up, as a person scrolls back to a prompt)."""
        await self._act(f"▶ [{label}]")
        if on is None:
            query = await self.user.press_button(label)
        else:
            data = next((d for row in on.buttons() for text, d in row if label in text), None)
            assert data is not None, f"no button {label!r} on {on.buttons()}"
            query = await self.user.press(data, on)
        answer = await self.user.wait_answer(query)
        if answer.text:
            label = "melding" if self.lang == "nl" else "pop-up"
            self.lines.append(f"  ({label}) {answer.text}")
        await self.settle()
        return answer.text

    async def voice(self, seconds: int) -> None:
        await self._act(f"▶ 🎙 ({seconds} s)")
        await self.user.send_voice(seconds)
        await self.settle()

    async def photo(self, caption: str | None = None) -> None:
        await self._act(f"▶ 📷 {caption or ''}".rstrip())
        await self.user.send_photo(caption)
        await self.settle()


@dataclass
class GroupScreen(Screen):
    """A team's group chat as any member sees it: the bot's posts, and who typed what."""

    group: SimGroup

    @property
    def chat(self) -> SimChat:
        return self.group

    async def add_bot(self, by: Phone) -> None:
        await self._act(f"▶ {by.user.first_name} voegt de bot toe")
        await self.group.add_bot(by=by.user)
        await self.settle()

    async def say(self, member: Phone, text: str) -> None:
        await self._act(f"▶ {member.user.first_name}: {text}")
        await self.group.send(member.user, text)
        await self.settle()


def _content(message: BotMessage) -> str:
    if message.kind == "text":
        return message.text
    return message.caption or ""


def _render(message: BotMessage, seen: Seen, *, edited: bool = False) -> list[str]:
    mark = "✎" if edited else "◀"
    head = {"photo": "🖼 ", "document": "📎 ", "voice": "🔊 "}.get(message.kind, "")
    body = (head + seen.text).splitlines() or [head.strip()]
    lines = [f"{mark} {body[0]}", *(f"  {line}" if line else "" for line in body[1:])]
    for row in seen.buttons:
        lines.append("  " + " ".join(f"[{label}]" for label, _ in row))
    return lines


def raw_tags(message: BotMessage) -> list[str]:
    """HTML a person would see as characters: tags or entities left in the shown text."""
    return RAW_TAG.findall(_content(message))
