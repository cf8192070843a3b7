"""What of a learner's earlier words is worth quoting back, and how to name the day.

A check-back or summary that quotes the first words of a long story, or "ok", reads as a
machine that did not listen. A plan is quoted by its "als …, dan …" part (or the whole
answer when it is short and has words); an answer with no real words is not quoted at
all, so the caller leaves the line out or uses the prompt's fallback. Pure functions.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.progress import QUOTE_CHARS, shorten

MIN_WORDS = 3
"""A plan needs a few words ("ok", "3", "ja hoor" are no plan)."""
MIN_QUOTE_WORDS = 2
"""An answer quoted back needs at least two words with letters."""

_IF_THEN = re.compile(
    r"\b(als|wanneer|zodra|if|when|whenever)\b[^.!?\n]*?\b(dan|then)\b[^.!?\n]*[.!?]?",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _tidy(text: str, limit: int) -> str:
    """Shortened at a word; otherwise the learner's words as they typed them."""
    return shorten(" ".join(text.split()), limit).rstrip()


def plan_quote(text: str | None, limit: int = QUOTE_CHARS) -> str | None:
    """The part of an answer that is a plan, shortened; None when there is no plan in it.

    ``"Ik let op de klant. Als hij iets vraagt, dan vraag ik door."`` →
    ``"Als hij iets vraagt, dan vraag ik door"``; a long story without an if-then part →
    its first sentence; ``"ok"`` → None.
    """
    if not text or _words(text) < MIN_WORDS:
        return None
    found = _IF_THEN.search(text)
    if found is not None:
        return _tidy(found.group(0), limit)
    first = _SENTENCE.search(text.strip())
    return _tidy(first.group(0) if first else text, limit)


def answer_quote(text: str | None, limit: int = QUOTE_CHARS) -> str | None:
    """An earlier answer as a check-back quotes it; None when it has no real words."""
    if not text or _words(text) < MIN_QUOTE_WORDS:
        return None
    return shorten(" ".join(text.split()), limit)


def worth_quoting(text: str | None) -> bool:
    """Words a summary may quote: not "ok" or a bare number."""
    return bool(text) and _words(text or "") >= MIN_QUOTE_WORDS


TODAY = "today"
YESTERDAY = "yesterday"
EARLIER = "earlier"


def day_reference(written: date, today: date) -> str | int:
    """How to name the day an answer was written, seen from ``today``.

    ``"today"``, ``"yesterday"``, an ISO weekday (2–6 days ago: "woensdag" cannot be
    mistaken) or ``"earlier"`` ("vorige keer": a week or more ago, after a pause).
    """
    days = (today - written).days
    if days <= 0:
        return TODAY
    if days == 1:
        return YESTERDAY
    if days < 7:
        return written.isoweekday()
    return EARLIER
