"""Editing and deleting messages, with Telegram's 'message is not modified' rules."""

from __future__ import annotations

import copy

from .checks import MAX_CAPTION, MAX_TEXT, NOT_MODIFIED, ApiBase, checked_markup, inline, set_or_drop
from .html_check import ParsedText
from .params import Params
from .state import JSON, BotMessage, Chat, bad_request


class EditMethods(ApiBase):
    """editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage."""

    async def edit_message_text(self, p: Params) -> JSON:
        raw = p.text("text") or ""
        if not raw:
            raise bad_request("message text is empty")
        parsed = self._parse(raw, p.text("parse_mode"), p.array("entities"))
        markup = checked_markup(p.obj("reply_markup"))
        chat, message, record = self._editable(p)
        if record.kind != "text":
            raise bad_request("there is no text in the message to edit")
        if len(parsed.text) > MAX_TEXT:
            raise bad_request("message is too long")
        self._check_modified(record, parsed, markup)
        message["text"] = parsed.text
        set_or_drop(message, "entities", parsed.entities)
        record.text, record.html, record.entities = parsed.text, raw, parsed.entities
        record.parse_mode = p.text("parse_mode")
        return self._edited(chat, message, record, markup)

    async def edit_message_caption(self, p: Params) -> JSON:
        raw = p.text("caption") or ""
        parsed = self._parse(raw, p.text("parse_mode"), p.array("caption_entities"))
        markup = checked_markup(p.obj("reply_markup"))
        chat, message, record = self._editable(p)
        if record.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        if len(parsed.text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        self._check_modified(record, parsed, markup)
        set_or_drop(message, "caption", parsed.text)
        set_or_drop(message, "caption_entities", parsed.entities)
        record.caption, record.html, record.entities = parsed.text or None, raw, parsed.entities
        record.parse_mode = p.text("parse_mode")
        return self._edited(chat, message, record, markup)

    async def edit_message_reply_markup(self, p: Params) -> JSON:
        markup = checked_markup(p.obj("reply_markup"))
        chat, message, record = self._editable(p)
        if inline(markup) == inline(record.reply_markup):
            raise bad_request(NOT_MODIFIED)
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
            and inline(markup) == inline(record.reply_markup)
        ):
            raise bad_request(NOT_MODIFIED)

    def _edited(self, chat: Chat, message: JSON, record: BotMessage, markup: JSON | None) -> JSON:
        """An edit without ``reply_markup`` removes the inline keyboard, as on Telegram."""
        if inline(markup) is not None:
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
