"""Dates and times in the reader's language, through Babel, imported on first use.

Babel's import and locale data cost start-up time and memory the bot does not need
before its first message, so the modules that format dates import these two instead.
"""

from __future__ import annotations

from datetime import date, datetime, time


def format_date(day: date, pattern: str, *, locale: str) -> str:
    from babel.dates import format_date as babel_date

    return str(babel_date(day, pattern, locale=locale))


def format_time(at: time | datetime, pattern: str, *, locale: str) -> str:
    from babel.dates import format_time as babel_time

    return str(babel_time(at, pattern, locale=locale))
