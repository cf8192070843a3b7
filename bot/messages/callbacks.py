"""Callback data on buttons: one compact grammar, parsed defensively.

Callback data comes from the user's client and is never trusted. ``valid`` is the one
gate every tap passes before any handler sees it (see ``telegram/inbox.py``): plain
ASCII in our grammar, numbers of at most 16 digits, so ``str.isdigit`` and ``int`` in a
handler can never meet a "²" or a number SQLite cannot hold. Handlers then check that
what the data points at belongs to this user and is still valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATA = re.compile(r"^[a-z]{1,8}(:[A-Za-z0-9_.-]{0,48}){0,4}$")
_LONG_NUMBER = re.compile(r"[0-9]{17,}")
_NUMBER = re.compile(r"^[0-9]{1,16}$")
_ANSWER = re.compile(r"^a:([0-9]{1,12}):(s[1-5]|c[a-z0-9_-]{1,41}|o|x)$")


def valid(data: str | None) -> bool:
    """True when ``data`` fits the grammar of every button this bot makes."""
    return bool(data) and data is not None and data.isascii() and bool(_DATA.match(data)) \
        and not _LONG_NUMBER.search(data)


def number(raw: str) -> int | None:
    """An id from button data: ASCII digits only (``int`` would also take "٣")."""
    return int(raw) if _NUMBER.match(raw) else None


@dataclass(frozen=True)
class AnswerChoice:
    outbox_id: int
    action: str  # "scale", "choice", "other" or "skip"
    value: str = ""


def answer(outbox_id: int, code: str) -> str:
    """``code``: ``s3`` (scale 3), ``c<option>`` (choice), ``o`` (other…), ``x`` (skip)."""
    return f"a:{outbox_id}:{code}"


def parse_answer(data: str) -> AnswerChoice | None:
    match = _ANSWER.match(data)
    if not match:
        return None
    oid, code = int(match[1]), match[2]
    if code.startswith("s"):
        return AnswerChoice(oid, "scale", code[1:])
    if code.startswith("c"):
        return AnswerChoice(oid, "choice", code[1:])
    return AnswerChoice(oid, "other" if code == "o" else "skip")


_FORWARD = re.compile(r"^fw:([0-9]{1,12}):(y|n)$")


def forward(update_id: int, keep: bool) -> str:
    """Keep (``y``) or drop (``n``) a forwarded message held as update ``update_id``."""
    return f"fw:{update_id}:{'y' if keep else 'n'}"


def parse_forward(data: str) -> tuple[int, bool] | None:
    match = _FORWARD.match(data)
    return (int(match[1]), match[2] == "y") if match else None
