"""Logs that are safe to share: the bot token is masked in every line, and message texts
stay out unless the operator explicitly allows them (``LOG_MESSAGE_TEXTS``).

PTB logs the Bot API URL (which contains the token) and, at DEBUG, every request's
parameters and every response (which contain what people wrote). A formatter on the
handlers masks the token in the finished line — message, arguments and traceback alike —
and a filter cuts the parameters and return values out of PTB's DEBUG lines.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

MASK = "<token>"
# PTB's DEBUG lines: "... with parameters `{...}`", "... finished with return value `...`"
_PAYLOAD = re.compile(r"(parameters|return value|updates?:?)\s*`.*", re.S)
WITHHELD = "`…` (withheld; LOG_MESSAGE_TEXTS=true shows it)"


class MaskingFormatter(logging.Formatter):
    """Formats as usual, then replaces every secret in the whole line."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        # Longest first: the full token before its secret half.
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self.secrets:
            line = line.replace(secret, MASK)
        return line


class NoMessageTexts(logging.Filter):
    """Drops the request and response bodies from the Telegram library's DEBUG lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG and record.name.startswith(("telegram", "httpx",
                                                                         "httpcore")):
            text = record.getMessage()
            cut = _PAYLOAD.sub(lambda m: f"{m[1]} {WITHHELD}", text)
            for marker in ("Update(", "Message(", "CallbackQuery("):  # "Processing update …"
                if marker in cut:
                    cut = cut.split(marker, 1)[0] + "… (withheld; LOG_MESSAGE_TEXTS=true shows it)"
            if "'text'" in cut or '"text"' in cut or "'caption'" in cut:
                cut = cut.split("`", 1)[0] + WITHHELD
            if cut != text:
                record.msg, record.args = cut, ()
        return True


def install(secrets: Iterable[str], allow_texts: bool) -> None:
    """Put the mask (and, unless allowed, the text filter) on every root handler."""
    secrets = list(secrets)
    for handler in logging.getLogger().handlers:
        fmt = handler.formatter._fmt if handler.formatter else None
        handler.setFormatter(MaskingFormatter(fmt or "%(message)s", secrets))
        if not allow_texts and not any(isinstance(f, NoMessageTexts) for f in handler.filters):
            handler.addFilter(NoMessageTexts())


def token_parts(token: str) -> list[str]:
    """The token and its secret half (after the colon): either alone is enough to misuse."""
    return [token, token.partition(":")[2]]
