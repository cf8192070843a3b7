"""Keep the emulated chats across sandbox restarts, in a JSON file beside the database.

The emulator keeps Telegram's side (messages, files, update ids) in memory only; the bot
keeps its side in SQLite. Without this, a restarted sandbox would show empty chats
while the bot remembers everything — and reuse update ids the bot has already seen.
"""

from __future__ import annotations

import base64
import itertools
import json
import logging
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from bot.emulator import BotApiEmulator, BotMessage
from bot.emulator.state import Chat, StoredFile

log = logging.getLogger(__name__)


def history_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".chats.json")


def _next(counter: Any) -> int:
    """Read an ``itertools.count`` without losing the value."""
    value = int(next(counter))
    return value


def save_history(db_path: Path, emu: BotApiEmulator) -> None:
    world = emu.world
    # The emulator has no public counters; read and restore them (sandbox only).
    next_update = _next(world.updates._ids)
    world.updates._ids = itertools.count(next_update)
    next_file = _next(world._file_numbers)
    world._file_numbers = itertools.count(next_file)
    chats = []
    for chat in world.chats.values():
        data = {f.name: getattr(chat, f.name) for f in fields(Chat)
                if f.name not in ("messages", "bot_messages")}
        data["messages"] = [chat.messages[k] for k in sorted(chat.messages)]
        data["bot_messages"] = [asdict(m) for m in chat.bot_messages]
        chats.append(data)
    files = [{**asdict(f), "data": base64.b64encode(f.data).decode("ascii")}
             for f in world.files.values()]
    body = {"next_update": next_update, "next_file": next_file, "chats": chats, "files": files}
    path = history_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load_history(db_path: Path, emu: BotApiEmulator) -> None:
    """Restore chats and files; call after the personas' chats exist (they are updated)."""
    path = history_path(db_path)
    if not path.exists():
        return
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        world = emu.world
        for data in body["chats"]:
            messages = {int(m["message_id"]): m for m in data.pop("messages")}
            bot_messages = [BotMessage(**m) for m in data.pop("bot_messages")]
            chat = world.chats.get(int(data["id"]))
            if chat is None:
                world.chats[int(data["id"])] = Chat(**data, messages=messages,
                                                    bot_messages=bot_messages)
                continue
            # Update in place: the simulated users hold on to their Chat objects.
            for name, value in data.items():
                setattr(chat, name, value)
            chat.messages, chat.bot_messages = messages, bot_messages
        for data in body["files"]:
            data["data"] = base64.b64decode(data["data"])
            stored = StoredFile(**data)
            world.files[stored.file_id] = stored
        world.updates._ids = itertools.count(int(body["next_update"]))
        world._file_numbers = itertools.count(int(body["next_file"]))
    except (ValueError, KeyError, TypeError):
        log.warning("could not read the sandbox's chat history %s; starting with empty chats", path)
