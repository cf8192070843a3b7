"""What the emulated Telegram remembers: chats, messages, files, updates and calls.

Everything here is plain data plus small helpers, so the HTTP layer (``server``), the Bot API
methods (``methods``) and the test-side actors (``sim``) share one picture of the world.
All of it lives on one event loop; nothing needs locks.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

JSON = dict[str, Any]

# The update types Telegram sends when a bot does not name any (chat_member and the
# reaction updates must be asked for explicitly).
DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "inline_query", "chosen_inline_result",
        "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media",
        "poll", "poll_answer", "my_chat_member", "chat_join_request", "chat_boost",
        "removed_chat_boost",
    }
)  # fmt: skip


class ApiError(Exception):
    """A Bot API error reply; raised anywhere in a method, turned into JSON by the server."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def to_json(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class ApiCall:
    """One HTTP request to the emulator, as a test wants to inspect it.

    ``params`` are decoded (numbers, booleans and nested objects parsed; uploads replaced by
    ``{"filename", "size", "content_type"}``). The bot token is never stored.
    ``client_gone`` marks answers nobody received, such as the long poll PTB abandons on
    shutdown (the real server ends it with 409 when PTB's final getUpdates arrives).
    """

    index: int
    method: str
    params: JSON
    status: int
    response: JSON | None
    time: float
    client_gone: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200

    def summary(self) -> str:
        """One line for failure dumps: enough to see what the bot did, short enough to scan."""
        shown = {k: v for k, v in self.params.items() if k != "reply_markup"}
        text = f"#{self.index} {self.method} {shown} -> {self.status}"
        if self.client_gone:
            text += " (client gone)"
        if self.response is not None and not self.response.get("ok", True):
            text += f" {self.response.get('description')!r}"
        return text if len(text) <= 300 else text[:297] + "..."


@dataclass
class BotMessage:
    """A message the bot sent, kept up to date as the bot edits or deletes it.

    ``text`` is what the user sees (tags removed, entities decoded); ``html`` is the raw
    text or caption exactly as the bot sent it, so tests can check escaping.
    """

    chat_id: int
    message_id: int
    kind: Literal["text", "photo", "document", "voice"]
    text: str
    html: str
    date: int
    caption: str | None = None
    entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    reply_to_message_id: int | None = None
    parse_mode: str | None = None
    disable_notification: bool = False
    file_id: str | None = None
    edited: bool = False
    deleted: bool = False

    def buttons(self) -> list[list[tuple[str, str]]]:
        """(label, callback_data) per inline button; URL buttons give (label, url)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [(b.get("text", ""), b.get("callback_data") or b.get("url") or "") for b in row] for row in rows
        ]

    def callback_data(self) -> list[str]:
        return [data for row in self.buttons() for _, data in row]


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None


ChatType = Literal["private", "group", "supergroup"]
# The bot's membership: private chats are "member" until the user blocks ("kicked");
# groups start "left" until a user adds the bot.
BotStatus = Literal["member", "left", "kicked"]


@dataclass
class Chat:
    id: int
    type: ChatType
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    bot_status: BotStatus = "member"
    last_message_id: int = 0
    messages: dict[int, JSON] = field(default_factory=dict)  # current JSON, all senders
    bot_messages: list[BotMessage] = field(default_factory=list)

    def to_json(self) -> JSON:
        data: JSON = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name
            if self.username:
                data["username"] = self.username
        else:
            data["title"] = self.title
        return data

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id

    def bot_message(self, message_id: int) -> BotMessage | None:
        for message in self.bot_messages:
            if message.message_id == message_id:
                return message
        return None


class Signal:
    """Wakes every waiter whenever anything changes.

    One broadcast for all kinds of change keeps waiting code trivial: re-check your own
    predicate after each wake-up. At test scale the extra wake-ups cost nothing.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return predicate()
        return True


class UpdateQueue:
    """Telegram's per-bot update store with getUpdates' offset rules.

    Updates stay until a getUpdates call passes an ``offset`` above their id ("confirmed").
    ``duplicate_next`` makes the next delivered update come again in the following batch,
    as happens when a connection drops after Telegram answered.
    """

    def __init__(self, signal: Signal) -> None:
        self._signal = signal
        self._ids = itertools.count(10_001)
        self.pending: list[JSON] = []
        self.allowed: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.duplicate_next = False
        self._redeliver: list[JSON] = []

    def push(self, kind: str, payload: JSON) -> JSON:
        update = {"update_id": next(self._ids), kind: payload}
        self.pending.append(update)
        self._signal.notify()
        return update

    def set_allowed(self, allowed: list[str] | None) -> None:
        """``None`` keeps the previous choice; an empty list means Telegram's default set."""
        if allowed is not None:
            self.allowed = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES

    def confirm(self, offset: int) -> None:
        if offset < 0:
            # A negative offset keeps only the last -offset updates.
            self.pending = self.pending[offset:] if -offset < len(self.pending) else self.pending
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        self._drop_unwanted()
        self._signal.notify()

    def has_deliverable(self) -> bool:
        self._drop_unwanted()
        return bool(self.pending or self._redeliver)

    def take(self, limit: int) -> list[JSON]:
        """The next batch; it stays pending until confirmed by a later offset."""
        batch = self._redeliver + [u for u in self.pending if u not in self._redeliver]
        batch = batch[:limit]
        self._redeliver = []
        if self.duplicate_next and self.pending:
            first = self.pending[0]
            if first in batch:
                self._redeliver = [first]
                self.duplicate_next = False
        return batch

    def idle(self) -> bool:
        """Every update was fetched and confirmed by a later getUpdates offset."""
        return not self.pending and not self._redeliver

    def _drop_unwanted(self) -> None:
        """Telegram never delivers (nor keeps) updates of types the bot opted out of."""
        self.pending = [u for u in self.pending if _update_kind(u) in self.allowed]


def _update_kind(update: JSON) -> str:
    return next(key for key in update if key != "update_id")


@dataclass
class PendingCallback:
    chat_id: int
    message_id: int
    answer: CallbackAnswer | None = None


class World:
    """The emulated Telegram as seen by one bot: shared by the API methods and the test actors."""

    def __init__(self, bot_user: JSON, clock: Callable[[], float]) -> None:
        self.bot_user = bot_user  # as getMe returns it
        # Messages and member lists show a bot with the plain User fields only.
        self.bot_sender: JSON = {k: bot_user[k] for k in ("id", "is_bot", "first_name", "username")}
        self.clock = clock
        self.signal = Signal()
        self.updates = UpdateQueue(self.signal)
        self.chats: dict[int, Chat] = {}
        self.users: dict[int, JSON] = {}
        self.calls: list[ApiCall] = []
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, PendingCallback] = {}
        self.callback_answers: list[CallbackAnswer] = []
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.strict_ampersand = True
        self._file_numbers = itertools.count(1)
        self._callback_numbers = itertools.count(1)

    def now(self) -> int:
        """Message dates are whole Unix seconds; PTB misreads anything else."""
        return int(self.clock())

    def chat(self, chat_id: int | str) -> Chat:
        """The chat a method addresses; Telegram says "chat not found" for strangers."""
        if isinstance(chat_id, int) and chat_id in self.chats:
            return self.chats[chat_id]
        raise bad_request("chat not found")

    def add_message(self, chat: Chat, message: JSON) -> None:
        chat.messages[message["message_id"]] = message
        self.signal.notify()

    def store_file(
        self,
        kind: str,
        data: bytes,
        *,
        extension: str,
        mime_type: str | None = None,
        file_name: str | None = None,
    ) -> StoredFile:
        number = next(self._file_numbers)
        stored = StoredFile(
            file_id=f"emu-{kind}-{number:06d}",
            file_unique_id=f"emuU{number:06d}",
            data=data,
            file_path=f"{kind}s/file_{number}.{extension}",
            mime_type=mime_type,
            file_name=file_name,
        )
        self.files[stored.file_id] = stored
        return stored

    def photo_sizes(self, data: bytes) -> list[JSON]:
        """A thumbnail and a full size, each with its own file id, as Telegram returns."""
        thumb = self.store_file("photo", data, extension="jpg", mime_type="image/jpeg")
        full = self.store_file("photo", data, extension="jpg", mime_type="image/jpeg")
        return [photo_size(thumb, width=90), photo_size(full, width=800)]

    def set_bot_status(self, chat: Chat, status: BotStatus, *, by: JSON) -> JSON:
        """Change the bot's membership and tell the bot, as Telegram does with my_chat_member."""
        old, chat.bot_status = chat.bot_status, status
        return self.updates.push(
            "my_chat_member",
            {
                "chat": chat.to_json(),
                "from": by,
                "date": self.now(),
                "old_chat_member": self._member(old),
                "new_chat_member": self._member(status),
            },
        )

    def _member(self, status: BotStatus) -> JSON:
        member: JSON = {"user": dict(self.bot_sender), "status": status}
        if status == "kicked":
            member["until_date"] = 0
        return member

    def new_callback_id(self) -> str:
        # Real ids are decimal strings of 64-bit numbers.
        return str(4_000_000_000_000_000_000 + next(self._callback_numbers))

    def recent_calls(self, count: int = 15) -> str:
        """A readable tail of the call log for assertion messages."""
        lines = [call.summary() for call in self.calls[-count:]]
        return "\n".join(lines) if lines else "(no API calls yet)"


def photo_size(stored: StoredFile, *, width: int) -> JSON:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "width": width,
        "height": width * 3 // 4,
    }
