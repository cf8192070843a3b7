"""The Bot API methods the emulator speaks, with Telegram's JSON shapes and error texts.

Validation happens in the order the real Bot API server does it where that is visible to a
client: parameters and markup first (400), then the chat (400 "chat not found"), then the
bot's right to write there (403), then content limits.
"""

from __future__ import annotations

import copy
import json
import mimetypes
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from .checks import MAX_CAPTION, MAX_TEXT, checked_markup, inline
from .edits import EditMethods
from .params import Params, Upload
from .state import (
    JSON,
    ApiError,
    BotMessage,
    CallbackAnswer,
    Chat,
    StoredFile,
    World,
    bad_request,
    photo_size,
)

Handler = Callable[[Params], Awaitable[Any]]

CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)  # fmt: skip
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


@dataclass
class _Poll:
    terminated: bool = False


class BotApi(EditMethods):
    """Method implementations over a :class:`World`; ``handler(name)`` finds one by name."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.webhook_url = ""
        self.closing = False
        self._poll: _Poll | None = None
        self._handlers: dict[str, tuple[str, Handler]] = {}
        for name, handler in [
            ("getMe", self.get_me),
            ("getUpdates", self.get_updates),
            ("setWebhook", self.set_webhook),
            ("deleteWebhook", self.delete_webhook),
            ("getWebhookInfo", self.get_webhook_info),
            ("setMyCommands", self.set_my_commands),
            ("getMyCommands", self.get_my_commands),
            ("deleteMyCommands", self.delete_my_commands),
            ("sendMessage", self.send_message),
            ("editMessageText", self.edit_message_text),
            ("editMessageCaption", self.edit_message_caption),
            ("editMessageReplyMarkup", self.edit_message_reply_markup),
            ("deleteMessage", self.delete_message),
            ("answerCallbackQuery", self.answer_callback_query),
            ("sendPhoto", self.send_photo),
            ("sendDocument", self.send_document),
            ("sendVoice", self.send_voice),
            ("sendChatAction", self.send_chat_action),
            ("getChat", self.get_chat),
            ("leaveChat", self.leave_chat),
            ("getFile", self.get_file),
            ("close", self.close),
            ("logOut", self.log_out),
        ]:
            self._handlers[name.lower()] = (name, handler)

    @property
    def polling(self) -> bool:
        return self._poll is not None

    def handler(self, method: str) -> tuple[str, Handler] | None:
        """Telegram matches method names case-insensitively."""
        return self._handlers.get(method.lower())

    # -- bot and updates ----------------------------------------------------------------

    async def get_me(self, p: Params) -> JSON:
        return dict(self.world.bot_user)

    async def get_updates(self, p: Params) -> list[JSON]:
        """Long poll; a newer getUpdates ends an older one with 409, as the real server does."""
        if self.webhook_url:
            raise ApiError(409, CONFLICT_WEBHOOK)
        updates = self.world.updates
        offset = p.integer("offset")
        limit = min(max(p.integer("limit") or 100, 1), 100)
        timeout = max(p.integer("timeout") or 0, 0)
        allowed = p.array("allowed_updates")
        updates.set_allowed([str(kind) for kind in allowed] if allowed is not None else None)
        if offset is not None:
            updates.confirm(offset)

        if self._poll is not None:
            self._poll.terminated = True
        poll = self._poll = _Poll()
        self.world.signal.notify()
        try:
            await self.world.signal.wait_until(
                lambda: poll.terminated or self.closing or updates.has_deliverable(), timeout
            )
            if poll.terminated:
                raise ApiError(409, CONFLICT_OTHER_POLL)
            return updates.take(limit)
        finally:
            if self._poll is poll:
                self._poll = None

    async def set_webhook(self, p: Params) -> bool:
        url = p.text("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if p.flag("drop_pending_updates"):
            self.world.updates.pending.clear()
        return True

    async def delete_webhook(self, p: Params) -> bool:
        self.webhook_url = ""
        if p.flag("drop_pending_updates"):
            self.world.updates.pending.clear()
            self.world.signal.notify()
        return True

    async def get_webhook_info(self, p: Params) -> JSON:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.world.updates.pending),
        }

    async def close(self, p: Params) -> bool:
        return True

    async def log_out(self, p: Params) -> bool:
        return True

    # -- commands -------------------------------------------------------------------------

    def _commands_key(self, p: Params) -> tuple[str, str]:
        scope = p.obj("scope") or {"type": "default"}
        language = p.text("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return json.dumps(scope, sort_keys=True), language

    async def set_my_commands(self, p: Params) -> bool:
        commands = p.array("commands")
        if commands is None:
            raise bad_request('parameter "commands" is required')
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_RE.fullmatch(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(p)
        if commands:
            self.world.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.world.commands.pop(key, None)
        return True

    async def get_my_commands(self, p: Params) -> list[JSON]:
        return copy.deepcopy(self.world.commands.get(self._commands_key(p), []))

    async def delete_my_commands(self, p: Params) -> bool:
        self.world.commands.pop(self._commands_key(p), None)
        return True

    # -- sending --------------------------------------------------------------------------

    async def send_message(self, p: Params) -> JSON:
        raw = p.text("text") or ""
        if not raw:
            raise bad_request("message text is empty")
        parsed = self._parse(raw, p.text("parse_mode"), p.array("entities"))
        markup = checked_markup(p.obj("reply_markup"))
        chat = self._writable_chat(p)
        if not parsed.text:
            raise bad_request("message text is empty")
        if len(parsed.text) > MAX_TEXT:
            raise bad_request("message is too long")
        content: JSON = {"text": parsed.text}
        if parsed.entities:
            content["entities"] = parsed.entities
        record = BotMessage(
            chat_id=chat.id,
            message_id=0,
            kind="text",
            text=parsed.text,
            html=raw,
            date=0,
            entities=parsed.entities,
            parse_mode=p.text("parse_mode"),
        )
        return self._deliver(chat, p, content, record, markup)

    async def send_photo(self, p: Params) -> JSON:
        return await self._send_media(p, "photo")

    async def send_document(self, p: Params) -> JSON:
        return await self._send_media(p, "document")

    async def send_voice(self, p: Params) -> JSON:
        return await self._send_media(p, "voice")

    async def _send_media(self, p: Params, kind: Literal["photo", "document", "voice"]) -> JSON:
        source = p.upload_or_id(kind)
        if source is None:
            raise bad_request(f"there is no {kind} in the request")
        raw_caption = p.text("caption") or ""
        caption = self._parse(raw_caption, p.text("parse_mode"), p.array("caption_entities"))
        markup = checked_markup(p.obj("reply_markup"))
        chat = self._writable_chat(p)
        if len(caption.text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        content: JSON
        if kind == "photo":
            sizes = self._photo_sizes(source)
            content = {"photo": sizes}
            file_id = sizes[-1]["file_id"]
        elif kind == "voice":
            voice = self._document(source)
            content = {"voice": {"file_id": voice["file_id"], "file_unique_id":
                                 voice["file_unique_id"], "duration": 1,
                                 "mime_type": voice["mime_type"]}}
            file_id = voice["file_id"]
        else:
            document = self._document(source)
            content = {"document": document}
            file_id = document["file_id"]
        if caption.text:
            content["caption"] = caption.text
            if caption.entities:
                content["caption_entities"] = caption.entities
        record = BotMessage(
            chat_id=chat.id,
            message_id=0,
            kind=kind,
            text="",
            html=raw_caption,
            date=0,
            caption=caption.text or None,
            entities=caption.entities,
            parse_mode=p.text("parse_mode"),
            file_id=file_id,
        )
        return self._deliver(chat, p, content, record, markup)

    def _deliver(self, chat: Chat, p: Params, content: JSON, record: BotMessage, markup: JSON | None) -> JSON:
        """Shared tail of every send: reply target, ids, storage and the returned Message."""
        reply_to = self._reply_target(chat, p)
        message: JSON = {
            "message_id": chat.next_message_id(),
            "from": dict(self.world.bot_sender),
            "chat": chat.to_json(),
            "date": self.world.now(),
            **content,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        if inline(markup) is not None:
            message["reply_markup"] = markup
        record.message_id = message["message_id"]
        record.date = message["date"]
        record.reply_markup = markup
        record.reply_to_message_id = reply_to["message_id"] if reply_to else None
        record.disable_notification = p.flag("disable_notification")
        chat.bot_messages.append(record)
        self.world.add_message(chat, message)
        return copy.deepcopy(message)

    def _reply_target(self, chat: Chat, p: Params) -> JSON | None:
        reply = p.obj("reply_parameters")
        if reply is None and p.has("reply_to_message_id"):
            reply = {
                "message_id": p.integer("reply_to_message_id"),
                "allow_sending_without_reply": p.flag("allow_sending_without_reply"),
            }
        if reply is None:
            return None
        target = chat.messages.get(int(reply.get("message_id") or 0))
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        replied = copy.deepcopy(target)
        replied.pop("reply_to_message", None)  # Telegram does not nest replies
        return replied

    def _photo_sizes(self, source: Upload | str) -> list[JSON]:
        if isinstance(source, str):
            stored = self._known_file(source)
            return [photo_size(stored, width=800)]
        return self.world.photo_sizes(source.data)

    def _document(self, source: Upload | str) -> JSON:
        if isinstance(source, str):
            stored = self._known_file(source)
        else:
            name = source.filename or "document"
            mime = source.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
            stored = self.world.store_file(
                "document", source.data, extension=extension, mime_type=mime, file_name=name
            )
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name or "document",
            "mime_type": stored.mime_type or "application/octet-stream",
            "file_size": len(stored.data),
        }

    def _known_file(self, file_id: str) -> StoredFile:
        if file_id in self.world.files:
            return self.world.files[file_id]
        if file_id.startswith(("http://", "https://")):
            # Telegram would download it; an empty file is enough for the bot's side.
            name = file_id.rsplit("/", 1)[-1] or "download"
            return self.world.store_file("document", b"", extension="bin", file_name=name)
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def send_chat_action(self, p: Params) -> bool:
        action = p.text("action") or ""
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._writable_chat(p)
        return True

    # -- callbacks, chats, files -------------------------------------------------------------

    async def answer_callback_query(self, p: Params) -> bool:
        query_id = p.text("callback_query_id") or ""
        pending = self.world.callbacks.get(query_id)
        if pending is None or pending.answer is not None:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        pending.answer = CallbackAnswer(
            callback_query_id=query_id,
            text=p.text("text"),
            show_alert=p.flag("show_alert"),
            url=p.text("url"),
        )
        self.world.callback_answers.append(pending.answer)
        self.world.signal.notify()
        return True

    async def get_chat(self, p: Params) -> JSON:
        chat = self.world.chat(p.chat_id())
        if chat.type != "private":
            self._check_access(chat)
        info = chat.to_json()
        info.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return info

    async def leave_chat(self, p: Params) -> bool:
        chat = self.world.chat(p.chat_id())
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        self._check_access(chat)
        self.world.set_bot_status(chat, "left", by=self.world.bot_sender)
        return True

    async def get_file(self, p: Params) -> JSON:
        stored = self.world.files.get(p.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }
