"""Checks every Bot API method shares: parse modes, chat access, inline keyboards.

Kept apart from the methods so that sending and editing (two files) validate alike.
"""

from __future__ import annotations

from typing import Any

from .html_check import HtmlParseError, ParsedText, parse_html, strip_text
from .params import Params
from .state import JSON, ApiError, Chat, World, bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024
_NOT_AN_OBJECT = "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
_BUTTON_ACTIONS = (
    "callback_data", "url", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip


class ApiBase:
    """The world the methods act on, and the checks they run before acting."""

    world: World

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


NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def inline(markup: JSON | None) -> JSON | None:
    """Only inline keyboards are part of a Message; reply keyboards live on the client."""
    if markup is None or not markup.get("inline_keyboard"):
        return None
    return markup


def checked_markup(markup: JSON | None) -> JSON | None:
    if markup is None or "inline_keyboard" not in markup:
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(_NOT_AN_OBJECT)
    for row in rows:
        for button in row:
            check_button(button)
    return markup


def check_button(button: Any) -> None:
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


def set_or_drop(message: JSON, key: str, value: Any) -> None:
    if value:
        message[key] = value
    else:
        message.pop(key, None)
