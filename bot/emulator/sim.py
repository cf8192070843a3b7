"""The people on the other side: simulated users and groups that a test drives.

Each action queues the update Telegram would send the bot and returns at once; the bot
picks it up on its next getUpdates. Reading what the bot did goes through live
:class:`BotMessage` records and waits on the emulator's change signal, never on sleeps.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from .html_check import utf16_len
from .state import JSON, BotMessage, CallbackAnswer, Chat, PendingCallback, StoredFile, World


class SimChat:
    """What the bot sent to one chat, in order, with a cursor for ``next_message``."""

    def __init__(self, world: World, chat: Chat) -> None:
        self._world = world
        self._chat = chat
        self._cursor = 0

    @property
    def chat_id(self) -> int:
        return self._chat.id

    @property
    def messages(self) -> list[BotMessage]:
        """Every bot message to this chat, deleted ones included (marked ``deleted``)."""
        return list(self._chat.bot_messages)

    @property
    def last(self) -> BotMessage:
        if not self._chat.bot_messages:
            raise AssertionError(f"the bot sent nothing to chat {self.chat_id}\n{self._dump()}")
        return self._chat.bot_messages[-1]

    def buttons(self, msg: BotMessage | None = None) -> list[list[tuple[str, str]]]:
        """Inline buttons of ``msg`` (default: the latest bot message) as (label, data)."""
        return (msg or self.last).buttons()

    async def next_message(self, timeout: float = 5.0) -> BotMessage:
        """The next bot message not yet returned by this method, waiting for it if needed."""
        arrived = await self._world.signal.wait_until(
            lambda: len(self._chat.bot_messages) > self._cursor, timeout
        )
        if not arrived:
            raise AssertionError(
                f"no new bot message in chat {self.chat_id} within {timeout}s\n{self._dump()}"
            )
        message = self._chat.bot_messages[self._cursor]
        self._cursor += 1
        return message

    def _user_message(self, sender: JSON, content: JSON) -> JSON:
        """Store a message from a person and queue it for the bot."""
        message: JSON = {
            "message_id": self._chat.next_message_id(),
            "from": dict(sender),
            "chat": self._chat.to_json(),
            "date": self._world.now(),
            **content,
        }
        self._world.add_message(self._chat, message)
        self._world.updates.push("message", copy.deepcopy(message))
        return copy.deepcopy(message)

    def _dump(self) -> str:
        recent = [
            f"  #{m.message_id} {m.kind} {(m.text or m.caption or '')[:80]!r}"
            f"{' (deleted)' if m.deleted else ''}"
            for m in self._chat.bot_messages[-5:]
        ]
        return (
            "bot messages in this chat:\n"
            + ("\n".join(recent) if recent else "  (none)")
            + "\nrecent API calls:\n"
            + self._world.recent_calls()
        )


class SimUser(SimChat):
    """A person in a private chat with the bot (chat id == user id)."""

    def __init__(self, world: World, user: JSON, chat: Chat) -> None:
        super().__init__(world, chat)
        self.json = user

    @property
    def id(self) -> int:
        return int(self.json["id"])

    def _user_message(self, sender: JSON, content: JSON) -> JSON:
        if self._chat.bot_status == "kicked":
            # Telegram apps unblock the bot before they let the user write to it.
            self._world.set_bot_status(self._chat, "member", by=self.json)
        return super()._user_message(sender, content)

    @property
    def first_name(self) -> str:
        return str(self.json["first_name"])

    @property
    def callback_answers(self) -> list[tuple[str, str | None, bool]]:
        """(callback_query_id, text, show_alert) for this user's button presses, in order."""
        return [
            (a.callback_query_id, a.text, a.show_alert)
            for a in self._world.callback_answers
            if self._world.callbacks[a.callback_query_id].chat_id == self.id
        ]

    async def send(self, text: str) -> JSON:
        """A text message; "/start PAYLOAD" is how a deep link arrives."""
        return self._user_message(self.json, _text_content(text))

    async def reply(self, to_message_id: int, text: str) -> JSON:
        target = self._chat.messages.get(to_message_id)
        if target is None:
            raise AssertionError(f"no message {to_message_id} in chat {self.chat_id} to reply to")
        replied = copy.deepcopy(target)
        replied.pop("reply_to_message", None)
        return self._user_message(self.json, {**_text_content(text), "reply_to_message": replied})

    async def edit(self, message_id: int, text: str) -> JSON:
        """Edit one of this user's own messages: Telegram sends an ``edited_message``."""
        target = self._chat.messages.get(message_id)
        if target is None or target.get("from", {}).get("id") != self.id:
            raise AssertionError(f"user {self.id} has no message {message_id} to edit")
        target.update(_text_content(text))
        if not text.startswith("/"):
            target.pop("entities", None)
        target["edit_date"] = self._world.now()
        self._world.updates.push("edited_message", copy.deepcopy(target))
        return copy.deepcopy(target)

    async def forward(self, text: str, original_sender: str = "Kees") -> JSON:
        """Forward someone else's text message into this chat (``forward_origin`` set)."""
        origin: JSON = {"type": "hidden_user", "sender_user_name": original_sender,
                        "date": self._world.now() - 3600}
        return self._user_message(self.json, {**_text_content(text), "forward_origin": origin})

    async def press(self, callback_data: str, message: BotMessage | int | None = None) -> str:
        """Press the button carrying ``callback_data``; returns the callback query id."""
        target = self._find_message(message, lambda m: callback_data in m.callback_data())
        return self._press(target, callback_data)

    async def tap(self, callback_data: str, message: BotMessage | None = None) -> str:
        """A callback query with any data (a tampered or outdated client) on ``message``,
        by default the latest bot message in this chat."""
        target = message or self._find_message(None, lambda m: True)
        return self._press(target, callback_data)

    async def press_button(self, label_substring: str) -> str:
        """Press the first button whose label contains ``label_substring``."""
        target = self._find_message(None, lambda m: bool(m.buttons()))
        for row in (target.reply_markup or {}).get("inline_keyboard") or []:
            for button in row:
                if label_substring not in str(button.get("text", "")):
                    continue
                if "callback_data" not in button:
                    raise AssertionError(f"button {button['text']!r} is not a callback button")
                return self._press(target, str(button["callback_data"]))
        raise AssertionError(
            f"no button containing {label_substring!r} in message #{target.message_id}: {target.buttons()}"
        )

    async def wait_answer(self, callback_query_id: str, timeout: float = 5.0) -> CallbackAnswer:
        """The bot's answerCallbackQuery for this press, once it has been sent."""
        pending = self._world.callbacks[callback_query_id]
        if not await self._world.signal.wait_until(lambda: pending.answer is not None, timeout):
            raise AssertionError(
                f"callback query {callback_query_id} not answered within {timeout}s\n" + self._dump()
            )
        assert pending.answer is not None
        return pending.answer

    async def send_voice(self, duration: int = 3) -> JSON:
        data = b"OggS" + bytes(60)
        stored = self._world.store_file("voice", data, extension="oga", mime_type="audio/ogg")
        voice = {**_file_fields(stored), "duration": duration, "mime_type": "audio/ogg"}
        return self._user_message(self.json, {"voice": voice})

    async def send_photo(self, caption: str | None = None) -> JSON:
        content: JSON = {"photo": self._world.photo_sizes(b"\xff\xd8\xff\xe0 emulator photo")}
        if caption:
            content["caption"] = caption
        return self._user_message(self.json, content)

    async def send_sticker(self, emoji: str = "👍") -> JSON:
        stored = self._world.store_file("sticker", b"RIFF webp", extension="webp")
        sticker = {
            **_file_fields(stored),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(self.json, {"sticker": sticker})

    async def send_document(
        self,
        file_name: str = "notes.pdf",
        data: bytes = b"%PDF-1.4 emulator",
        mime_type: str = "application/pdf",
    ) -> JSON:
        stored = self._world.store_file(
            "document", data, extension=file_name.rsplit(".", 1)[-1], mime_type=mime_type
        )
        document = {**_file_fields(stored), "file_name": file_name, "mime_type": mime_type}
        return self._user_message(self.json, {"document": document})

    async def send_location(self, latitude: float = 52.3676, longitude: float = 4.9041) -> JSON:
        return self._user_message(self.json, {"location": {"latitude": latitude, "longitude": longitude}})

    async def block(self) -> JSON:
        """Block the bot: sends to this chat now fail with 403, and the bot is told."""
        return self._world.set_bot_status(self._chat, "kicked", by=self.json)

    async def unblock(self) -> JSON:
        return self._world.set_bot_status(self._chat, "member", by=self.json)

    def _find_message(
        self, message: BotMessage | int | None, wanted: Callable[[BotMessage], bool]
    ) -> BotMessage:
        if isinstance(message, BotMessage):
            return message
        candidates = [m for m in reversed(self._chat.bot_messages) if not m.deleted]
        if isinstance(message, int):
            candidates = [m for m in candidates if m.message_id == message]
        for candidate in candidates:
            if wanted(candidate):
                return candidate
        raise AssertionError(f"no matching bot message with buttons\n{self._dump()}")

    def _press(self, message: BotMessage, data: str) -> str:
        query_id = self._world.new_callback_id()
        self._world.callbacks[query_id] = PendingCallback(self.chat_id, message.message_id)
        current = self._chat.messages.get(message.message_id)
        if current is None:
            raise AssertionError(f"message #{message.message_id} was deleted; it has no buttons")
        self._world.updates.push(
            "callback_query",
            {
                "id": query_id,
                "from": dict(self.json),
                "message": copy.deepcopy(current),
                "chat_instance": str(7_000_000_000_000_000_000 + abs(self.chat_id)),
                "data": data,
            },
        )
        return query_id


class SimGroup(SimChat):
    """A group chat; the bot is not in it until a user adds it."""

    @property
    def id(self) -> int:
        return self._chat.id

    @property
    def title(self) -> str:
        return self._chat.title or ""

    async def add_bot(self, by: SimUser) -> JSON:
        return self._world.set_bot_status(self._chat, "member", by=by.json)

    async def remove_bot(self, by: SimUser) -> JSON:
        return self._world.set_bot_status(self._chat, "kicked", by=by.json)

    async def send(self, user: SimUser, text: str) -> JSON:
        if self._chat.bot_status != "member":
            raise AssertionError(f"the bot is not in group {self.id}; call add_bot() first")
        return self._user_message(user.json, _text_content(text))


def _text_content(text: str) -> JSON:
    content: JSON = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
    return content


def _file_fields(stored: StoredFile) -> JSON:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
