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
from bot.messages.i18n import plain, t
from bot.messages.render import format_day

MEDIA_EXT = {"voice": "ogg", "audio": "mp3", "photo": "jpg", "video": "mp4",
             "video_note": "mp4", "document": "bin"}


def media_name(media_type: str, day: date, number: int) -> str:
    """A file name that says what and when, the same in every language:
    ``voice-2026-11-30-1.ogg`` (the first voice note or photo of that day is 1)."""
    return f"{media_type}-{day.isoformat()}-{number}.{MEDIA_EXT.get(media_type, 'bin')}"


def readable_answers(tables: Mapping[str, list[dict[str, Any]]],
                     programmes: Mapping[str, Programme], lang: str) -> list[dict[str, Any]]:
    """One entry per answer: its day, the question as it was asked, and what was answered."""
    media: dict[int, list[dict[str, Any]]] = {}
    for row in tables.get("answer_media", []):
        media.setdefault(row["answer_id"], []).append(row)
    out = []
    counter: dict[date, int] = {}
    for row in tables.get("answers", []):
        day = date.fromisoformat(row["local_date"])
        programme = programmes.get(row["programme_id"] or "")
        prompt = programme.prompt(row["prompt_id"] or "") if programme else None
        question = pick(prompt.text, lang).replace("{answer}", "…") if prompt else (
            plain(lang, "privacy.export_note") if row["kind"] == "note" else "")
        choice = None
        if prompt is not None and row["choice"]:
            option = prompt.option(row["choice"])
            choice = pick(option.label, lang) if option else row["choice"]
        files = []
        for item in media.get(row["id"], []):
            counter[day] = counter.get(day, 0) + 1
            files.append({"file": media_name(item["media_type"], day, counter[day]),
                          "type": item["media_type"], "caption": item["caption"],
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
    """A page to read: answers by day with their question, then what else is stored."""
    esc = html.escape
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
    for item in answers:
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
        parts += [f"<p>📎 {esc(m['file'])}" + (f" — {esc(m['caption'])}" if m["caption"] else "")
                  + "</p>" for m in item["media"]]
    parts.append(f"<h2>{esc(plain(lang, 'privacy.export_other'))}</h2>")
    for table, rows in tables.items():
        if table in ("answers", "answer_media") or not rows:
            continue
        parts.append(f"<h3>{esc(table)} ({len(rows)})</h3><ul>")
        parts += ["<li>" + esc(", ".join(f"{k}: {v}" for k, v in row.items()
                                         if v not in (None, ""))) + "</li>" for row in rows]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)
