"""Request parameters, however the client encoded them.

PTB posts ``application/x-www-form-urlencoded`` (or ``multipart/form-data`` when it uploads
a file) where every value is a string: plain strings as-is, everything else JSON-encoded
(``123``, ``true``, ``{"inline_keyboard": ...}``). Other clients post a JSON body with real
types, or use GET with a query string. Telegram accepts all three, so we do too and let each
method ask for the type it needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .state import JSON, bad_request

# Parameters that are text by nature: never JSON-decode them, or a message "123" or "true"
# would turn into a number or a boolean.
_TEXT_PARAMS = frozenset(
    {
        "text", "caption", "callback_query_id", "inline_message_id", "file_id", "parse_mode",
        "action", "title", "description", "short_description", "name", "url", "language_code",
        "photo", "document", "audio", "video", "voice", "animation", "sticker", "emoji",
        "query", "message_effect_id", "business_connection_id", "secret_token", "ip_address",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None


class Params:
    """One request's parameters with typed accessors that fail like the Bot API does."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    @classmethod
    async def read(cls, request: web.Request) -> Params:
        values: dict[str, Any] = {}
        for name, value in request.query.items():
            values[name] = _decode_form_value(name, value)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if isinstance(body, dict):
                values.update(body)
        elif request.body_exists:
            form = await request.post()
            for name, form_value in form.items():
                if isinstance(form_value, web.FileField):
                    values[name] = Upload(
                        form_value.file.read(), form_value.filename, form_value.content_type
                    )
                elif isinstance(form_value, str):
                    values[name] = _decode_form_value(name, form_value)
        return cls(values)

    def decoded(self) -> JSON:
        """The parameters for the call log: uploads are summarised, not kept twice."""
        shown: JSON = {}
        for name, value in self.values.items():
            if isinstance(value, Upload):
                shown[name] = {
                    "filename": value.filename,
                    "size": len(value.data),
                    "content_type": value.content_type,
                }
            else:
                shown[name] = value
        return shown

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"invalid {name} specified")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        try:
            return int(str(value))
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None

    def chat_id(self, name: str = "chat_id") -> int | str:
        """A numeric id or an ``@username``; Telegram resolves both, we only know numbers."""
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value)
        try:
            return int(text)
        except ValueError:
            return text

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None or isinstance(value, Upload):
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def obj(self, name: str) -> JSON | None:
        value = self._json(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise bad_request(f"can't parse {name} JSON object")
        return value

    def array(self, name: str) -> list[Any] | None:
        value = self._json(name)
        if value is None:
            return None
        if not isinstance(value, list):
            raise bad_request(f"can't parse {name} JSON array")
        return value

    def upload_or_id(self, name: str) -> Upload | str | None:
        value = self.values.get(name)
        if value is None or isinstance(value, Upload):
            return value
        return str(value)

    def _json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            if value == "":
                return None
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value


def _decode_form_value(name: str, value: str) -> Any:
    if name in _TEXT_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
