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

from .html_check import HtmlParseError, ParsedText, parse_html, strip_text
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

MAX_TEXT = 4096
MAX_CAPTION = 1024
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
_NOT_AN_OBJECT = "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
_BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


@dataclass
class _Poll:
    terminated: bool = False


class BotApi:
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
        markup = _checked_markup(p.obj("reply_markup"))
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

    async def _send_media(self, p: Params, kind: Literal["photo", "document"]) -> JSON:
        source = p.upload_or_id(kind)
        if source is None:
            raise bad_request(f"there is no {kind} in the request")
        raw_caption = p.text("caption") or ""
        caption = self._parse(raw_caption, p.text("parse_mode"), p.array("caption_entities"))
        markup = _checked_markup(p.obj("reply_markup"))
        chat = self._writable_chat(p)
        if len(caption.text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        content: JSON
        if kind == "photo":
            sizes = self._photo_sizes(source)
            content = {"photo": sizes}
            file_id = sizes[-1]["file_id"]
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
        if _inline(markup) is not None:
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

    # -- editing and deleting ---------------------------------------------------------------

    async def edit_message_text(self, p: Params) -> JSON:
        raw = p.text("text") or ""
        if not raw:
            raise bad_request("message text is empty")
        parsed = self._parse(raw, p.text("parse_mode"), p.array("entities"))
        markup = _checked_markup(p.obj("reply_markup"))
        chat, message, record = self._editable(p)
        if record.kind != "text":
            raise bad_request("there is no text in the message to edit")
        if len(parsed.text) > MAX_TEXT:
            raise bad_request("message is too long")
        self._check_modified(record, parsed, markup)
        message["text"] = parsed.text
        _set_or_drop(message, "entities", parsed.entities)
        record.text, record.html, record.entities = parsed.text, raw, parsed.entities
        record.parse_mode = p.text("parse_mode")
        return self._edited(chat, message, record, markup)

    async def edit_message_caption(self, p: Params) -> JSON:
        raw = p.text("caption") or ""
        parsed = self._parse(raw, p.text("parse_mode"), p.array("caption_entities"))
        markup = _checked_markup(p.obj("reply_markup"))
        chat, message, record = self._editable(p)
        if record.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        if len(parsed.text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        self._check_modified(record, parsed, markup)
        _set_or_drop(message, "caption", parsed.text)
        _set_or_drop(message, "caption_entities", parsed.entities)
        record.caption, record.html, record.entities = parsed.text or None, raw, parsed.entities
        record.parse_mode = p.text("parse_mode")
        return self._edited(chat, message, record, markup)

    async def edit_message_reply_markup(self, p: Params) -> JSON:
        markup = _checked_markup(p.obj("reply_markup"))
        chat, message, record = self._editable(p)
        if _inline(markup) == _inline(record.reply_markup):
            raise bad_request(_NOT_MODIFIED)
        return self._edited(chat, message, record, markup)

    def _editable(self, p: Params) -> tuple[Chat, JSON, BotMessage]:
        if p.has("inline_message_id"):
            raise bad_request("message to edit not found")  # inline mode is not emulated
        chat = self._writable_chat(p)
        message_id = p.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        message = chat.messages.get(message_id)
        if message is None:
            raise bad_request("message to edit not found")
        record = chat.bot_message(message_id)
        if record is None:
            raise bad_request("message can't be edited")
        return chat, message, record

    def _check_modified(self, record: BotMessage, parsed: ParsedText, markup: JSON | None) -> None:
        current = record.text if record.kind == "text" else record.caption or ""
        if (
            parsed.text == current
            and parsed.entities == record.entities
            and _inline(markup) == _inline(record.reply_markup)
        ):
            raise bad_request(_NOT_MODIFIED)

    def _edited(self, chat: Chat, message: JSON, record: BotMessage, markup: JSON | None) -> JSON:
        """An edit without ``reply_markup`` removes the inline keyboard, as on Telegram."""
        if _inline(markup) is not None:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = self.world.now()
        record.reply_markup = markup
        record.edited = True
        self.world.signal.notify()
        return copy.deepcopy(message)

    async def delete_message(self, p: Params) -> bool:
        chat = self.world.chat(p.chat_id())
        message_id = p.integer("message_id")
        if message_id is None or chat.messages.pop(message_id, None) is None:
            raise bad_request("message to delete not found")
        record = chat.bot_message(message_id)
        if record is not None:
            record.deleted = True
        self.world.signal.notify()
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

    # -- shared checks --------------------------------------------------------------------

    def _parse(self, raw: str, parse_mode: str | None, entities: list[Any] | None) -> ParsedText:
        mode = (parse_mode or "").lower()
        if mode == "html":
            try:
                parsed = parse_html(raw, strict_ampersand=self.world.strict_ampersand)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        elif mode in ("", "markdown", "markdownv2"):
            # Markdown is not emulated: the text is kept as sent.
            parsed = ParsedText(raw, [e for e in entities or [] if isinstance(e, dict)])
        else:
            raise bad_request("unsupported parse_mode")
        return strip_text(parsed)

    def _writable_chat(self, p: Params) -> Chat:
        chat = self.world.chat(p.chat_id())
        self._check_access(chat)
        return chat

    def _check_access(self, chat: Chat) -> None:
        if chat.bot_status == "member":
            return
        if chat.type == "private":
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        where = "group chat" if chat.type == "group" else "supergroup chat"
        if chat.bot_status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {where}")
        raise ApiError(403, f"Forbidden: bot is not a member of the {where}")


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _inline(markup: JSON | None) -> JSON | None:
    """Only inline keyboards are part of a Message; reply keyboards live on the client."""
    if markup is None or not markup.get("inline_keyboard"):
        return None
    return markup


def _checked_markup(markup: JSON | None) -> JSON | None:
    if markup is None or "inline_keyboard" not in markup:
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(_NOT_AN_OBJECT)
    for row in rows:
        for button in row:
            _check_button(button)
    return markup


def _check_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(_NOT_AN_OBJECT)
    if not isinstance(button.get("text"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    if not button["text"]:
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if len(actions) != 1:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")


def _set_or_drop(message: JSON, key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)
