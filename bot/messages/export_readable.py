"""The readable part of "download my data" beyond the answers: goals, feedback, mentors
and portfolio codes in sentences with dates in words, and dates in words in the
technical rest too — so nobody has to read ``2026-11-30T15:45:00Z`` or an id to know
what is kept about them. The JSON beside it keeps every row as it is stored.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.messages.dates import format_date, format_time
from bot.messages.i18n import Raw, plain, t

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Tables = Mapping[str, list[dict[str, Any]]]
SHOWN = frozenset({"answers", "answer_media", "answer_goals", "goals", "goal_notes",
                   "feedback", "mentor_links", "portfolio_tokens"})  # in sentences above the rest


def zone_of(tables: Tables) -> ZoneInfo:
    """The person's own time zone, so a moment reads as the hour they lived it."""
    users = tables.get("users") or [{}]
    try:
        return ZoneInfo(str(users[0].get("tz") or "Europe/Amsterdam"))
    except (ValueError, KeyError):
        return ZoneInfo("Europe/Amsterdam")


def in_words(value: Any, lang: str, zone: ZoneInfo) -> str:
    """A stored moment or day in words (``30 november 2026 om 16:45``, local time);
    anything else as it is."""
    text = "" if value is None else str(value)
    if _MOMENT.match(text):
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).astimezone(zone)
        return t(lang, "readable.when", day=format_date(moment.date(), "d MMMM y", locale=lang),
                 time=format_time(moment.time(), "HH:mm" if lang == "nl" else "h:mm a",
                                  locale=lang))
    if _DAY.match(text):
        return format_date(date.fromisoformat(text), "d MMMM y", locale=lang)
    return html.escape(text)


def media_label(item: Mapping[str, Any], lang: str) -> str:
    """``spraakbericht, 0:42`` / ``foto``: what a file is, beside its name."""
    seconds = item.get("duration")
    kind = item.get("media_type") or item.get("type") or ""
    key = "readable.voice" if kind in ("voice", "audio", "video_note") else \
        "readable.photo" if kind == "photo" else "readable.file"
    length = f", {seconds // 60}:{seconds % 60:02d}" if isinstance(seconds, int) else ""
    return plain(lang, key) + length


def sections(tables: Tables, user_id: int | None, lang: str) -> list[str]:
    """HTML parts: goals, feedback (received and given), mentors, portfolio codes."""
    zone = zone_of(tables)

    def when(value: Any) -> str:
        return in_words(value, lang, zone)

    parts: list[str] = []
    notes: dict[int, list[dict[str, Any]]] = {}
    for note in tables.get("goal_notes", []):
        notes.setdefault(note["goal_id"], []).append(note)
    goals = tables.get("goals", [])
    if goals:
        parts.append(f"<h2>{html.escape(plain(lang, 'readable.goals'))}</h2><ul>")
        for goal in goals:
            line = t(lang, "readable.goal", text=goal["text"],
                     status=plain(lang, f"readable.status_{goal['status']}")
                     if goal["status"] in ("active", "done", "replaced", "draft") else goal["status"])
            line += " · " + t(lang, "readable.since", day=Raw(when(goal["created_at"])))
            if goal.get("finished_at"):
                line += " · " + t(lang, "readable.until", day=Raw(when(goal["finished_at"])))
            if goal.get("sign"):
                line += "<br>" + t(lang, "readable.sign", sign=goal["sign"])
            for note in notes.get(goal["id"], []):
                line += "<br>" + t(lang, "readable.goal_note", day=Raw(when(note["created_at"])),
                                   text=note["text"])
            parts.append(f"<li>{line}</li>")
        parts.append("</ul>")
    feedback = tables.get("feedback", [])
    if feedback:
        parts.append(f"<h2>{html.escape(plain(lang, 'readable.feedback'))}</h2><ul>")
        for row in feedback:
            key = "readable.feedback_got" if row["learner_id"] == user_id else "readable.feedback_gave"
            line = t(lang, key, day=Raw(when(row["created_at"])), text=row["text"])
            if row.get("reply"):
                line += "<br>" + t(lang, "readable.reply", text=row["reply"])
            parts.append(f"<li>{line}</li>")
        parts.append("</ul>")
    links = tables.get("mentor_links", [])
    if links:
        parts.append(f"<h2>{html.escape(plain(lang, 'readable.links'))}</h2><ul>")
        for row in links:
            key = "readable.link_mentor" if row["learner_id"] == user_id else "readable.link_learner"
            line = t(lang, key, day=Raw(when(row["created_at"])))
            if row.get("ended_at"):
                line += " · " + t(lang, "readable.until", day=Raw(when(row["ended_at"])))
            parts.append(f"<li>{line}</li>")
        parts.append("</ul>")
    codes = tables.get("portfolio_tokens", [])
    if codes:
        parts.append(f"<h2>{html.escape(plain(lang, 'readable.codes'))}</h2><ul>")
        for row in codes:
            state = ("used", row["used_at"]) if row.get("used_at") else \
                ("revoked", row["revoked_at"]) if row.get("revoked_at") else ("open", row["expires_at"])
            parts.append("<li>" + t(lang, "readable.code", made=Raw(when(row["created_at"])),
                                    state=Raw(t(lang, f"readable.code_{state[0]}",
                                                 day=Raw(when(state[1]))))) + "</li>")
        parts.append("</ul>")
    return parts

