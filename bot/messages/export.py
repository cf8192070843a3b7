"""The readable half of "download my data": answers by their question's text (not ids
like ``w1-ma``), media named by their date, and one HTML page a person can open.

The raw rows (every table) go into the JSON next to it; this module only makes them
readable. Plain data in, text out: no store, no Telegram.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.core.programme import Programme, pick
from bot.core.spaced import quote_of
from bot.messages import export_readable
from bot.messages.i18n import plain, t
from bot.messages.render import format_day
from bot.messages.spaced import question_text

MEDIA_EXT = {"voice": "ogg", "audio": "mp3", "photo": "jpg", "video": "mp4",
             "video_note": "mp4", "document": "bin"}


def media_name(media_type: str, day: date, number: int) -> str:
    """A file name that says what and when, the same in every language:
    ``voice-2026-11-30-1.ogg`` (the first voice note or photo of that day is 1)."""
    return f"{media_type}-{day.isoformat()}-{number}.{MEDIA_EXT.get(media_type, 'bin')}"


def _looked_back(original: Mapping[str, Any], day: date, lang: str) -> str:
    """A reply's question as it was asked; a private original stays out ("…"), as a
    portfolio without private answers must not quote one."""
    quote = None if original["private"] else quote_of(original["kind"], original["text"])
    return question_text(lang, quote or "…", date.fromisoformat(original["local_date"]), day)


def readable_answers(tables: Mapping[str, list[dict[str, Any]]],
                     programmes: Mapping[str, Programme], lang: str) -> list[dict[str, Any]]:
    """One entry per answer: its day, the question as it was asked, and what was answered."""
    media: dict[int, list[dict[str, Any]]] = {}
    for row in tables.get("answer_media", []):
        media.setdefault(row["answer_id"], []).append(row)
    out = []
    counter: dict[date, int] = {}
    by_id = {row["id"]: row for row in tables.get("answers", [])}
    for row in tables.get("answers", []):
        day = date.fromisoformat(row["local_date"])
        programme = programmes.get(row["programme_id"] or "")
        prompt = programme.prompt(row["prompt_id"] or "") if programme else None
        question = pick(prompt.text, lang).replace("{answer}", "…") if prompt else (
            plain(lang, "privacy.export_note") if row["kind"] == "note" else "")
        if row.get("returns_to") in by_id:  # a look-back: the question with what it quoted
            question = _looked_back(by_id[row["returns_to"]], day, lang)
        choice = None
        if prompt is not None and row["choice"]:
            option = prompt.option(row["choice"])
            choice = pick(option.label, lang) if option else row["choice"]
        files = []
        for item in media.get(row["id"], []):
            counter[day] = counter.get(day, 0) + 1
            files.append({"file": media_name(item["media_type"], day, counter[day]),
                          "type": item["media_type"], "caption": item["caption"],
                          "duration": item.get("duration"),
                          "telegram_file_id": item["file_id"]})
        out.append({
            "date": day.isoformat(),
            "programme": pick(programme.title, lang) if programme else row["programme_id"],
            "question": question,
            "answer": row["text"],
            "scale": row["value"],
            "choice": choice,
            "skipped": bool(row["skipped"]),
            "private": bool(row["private"]),
            "media": files,
        })
    return out


def export_html(name: str, lang: str, answers: list[dict[str, Any]],
                tables: Mapping[str, list[dict[str, Any]]]) -> str:
    """A page to read: answers by day with their question (and the goal they belong to),
    goals, feedback, mentors and codes in sentences, then the rest with dates in words."""
    esc = html.escape
    users = tables.get("users") or [{}]
    zone = export_readable.zone_of(tables)
    goal_text = {g["id"]: g["text"] for g in tables.get("goals", [])}
    ties = {r["answer_id"]: goal_text.get(r["goal_id"]) for r in tables.get("answer_goals", [])}
    rows = tables.get("answers", [])
    answer_ids = [r.get("id") for r in rows] if len(rows) == len(answers) else [None] * len(answers)
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{esc(plain(lang, 'privacy.export_title'))}</title>",
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}"
        "h2{margin-top:2em}.q{color:#555}.day{font-weight:bold;margin-top:1.2em}</style>",
        "</head><body>",
        f"<h1>{esc(plain(lang, 'privacy.export_title'))}: {esc(name)}</h1>",
        f"<p>{t(lang, 'privacy.export_intro')}</p>",
        f"<h2>{esc(plain(lang, 'privacy.export_answers'))}</h2>",
    ]
    for answer_id, item in zip(answer_ids, answers, strict=True):
        day = format_day(date.fromisoformat(item["date"]), lang)
        parts.append(f"<p class='day'>{esc(day)} {esc(item['date'][:4])}"
                     + (f" · 🔒 {esc(plain(lang, 'privacy.export_private'))}"
                        if item["private"] else "") + "</p>")
        if item["question"]:
            parts.append(f"<p class='q'>{esc(item['question'])}</p>")
        said = [x for x in (item["answer"], item["choice"],
                            None if item["scale"] is None else f"{item['scale']} / 5") if x]
        if item["skipped"] and not said:
            said = [plain(lang, "privacy.export_skipped")]
        parts += [f"<p>{esc(str(x)).replace(chr(10), '<br>')}</p>" for x in said]
        parts += [f"<p>📎 {esc(m['file'])} ({esc(export_readable.media_label(m, lang))})"
                  + (f" — {esc(m['caption'])}" if m["caption"] else "")
                  + "</p>" for m in item["media"]]
        if ties.get(answer_id):
            parts.append(f"<p class='q'>{t(lang, 'readable.goal_tie', goal=ties[answer_id])}</p>")
    parts += export_readable.sections(tables, users[0].get("id"), lang)
    parts.append(f"<h2>{esc(plain(lang, 'privacy.export_other'))}</h2>")
    for table, found in tables.items():
        if table in export_readable.SHOWN or not found:
            continue
        parts.append(f"<h3>{esc(table)} ({len(found)})</h3><ul>")
        parts += ["<li>" + ", ".join(f"{esc(k)}: {export_readable.in_words(v, lang, zone)}"
                                     for k, v in row.items() if v not in (None, "")) + "</li>"
                  for row in found]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)
