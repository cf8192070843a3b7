"""The portfolio as a PDF a learner can hand to school: name, period, goals, per goal the
dated answers (question → answer), voice notes and photos by name, mentor feedback.

reportlab's built-in Helvetica covers Latin-1 (ë, é, € …), so it works offline with no
font files. Plain data in, bytes out: no store, no Telegram.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from bot.core.goals import Goal
from bot.core.portfolio import Entry, by_goal, select
from bot.core.programme import Programme
from bot.messages.export import readable_answers
from bot.messages.i18n import plain, t
from bot.messages.render import format_day


def _latin1(text: str) -> str:
    """Helvetica has Latin-1 only: anything else (an emoji) becomes '?' instead of a box."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _media_label(item: Mapping[str, Any], day: date, lang: str) -> str:
    seconds = item.get("duration")
    length = f"{seconds // 60}:{seconds % 60:02d}" if isinstance(seconds, int) else ""
    key = "portfolio.voice" if item["media_type"] in ("voice", "audio", "video_note") \
        else "portfolio.photo" if item["media_type"] == "photo" else "portfolio.file"
    return t(lang, key, length=length, day=format_day(day, lang)).replace(", ,", ",")


def entries(tables: Mapping[str, list[dict[str, Any]]], programmes: Mapping[str, Programme],
            lang: str) -> list[Entry]:
    """The export's answers as portfolio entries (skipped days and empty rows left out)."""
    media: dict[int, list[dict[str, Any]]] = {}
    for row in tables.get("answer_media", []):
        media.setdefault(row["answer_id"], []).append(row)
    ties = {r["answer_id"]: r["goal_id"] for r in tables.get("answer_goals", [])}
    found = []
    for row, readable in zip(tables.get("answers", []), readable_answers(tables, programmes, lang),
                             strict=True):
        day = date.fromisoformat(row["local_date"])
        words = [readable["answer"] or "", readable["choice"] or "",
                 str(readable["scale"]) if readable["scale"] is not None else ""]
        words += [_media_label(m, day, lang) for m in media.get(row["id"], [])]
        answer = " · ".join(w for w in words if w)
        if readable["skipped"] or not answer:
            continue
        found.append(Entry(row["id"], day, readable["question"] or "", answer,
                           bool(row["private"]), ties.get(row["id"])))
    return found


def portfolio_pdf(name: str, lang: str, goals: list[Goal], found: list[Entry],
                  feedback: list[dict[str, Any]], include_private: bool) -> bytes:
    """The PDF: what a teacher reads, goal by goal, dates in words."""
    chosen = select(found, include_private)
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["Italic"]

    def para(text: str, style: Any = body) -> Paragraph:
        return Paragraph(_latin1(text).replace("\n", "<br/>"), style)

    days = [e.day for e in chosen] or [date.today()]
    story: list[Any] = [
        para(t(lang, "portfolio.title", name=name), styles["Title"]),
        para(t(lang, "portfolio.period", first=format_day(min(days), lang),
               last=format_day(max(days), lang))),
        para(plain(lang, "portfolio.with_private" if include_private
                   else "portfolio.without_private"), small),
        Spacer(1, 0.4 * cm),
    ]
    sections = by_goal(chosen, [g.id for g in goals])
    for goal in goals:
        story.append(para(t(lang, "portfolio.goal", text=goal.text), styles["Heading2"]))
        story.append(para(t(lang, "portfolio.sign", sign=goal.sign or "-"), small))
        story += _answers(sections[goal.id], lang, para)
    if sections[None]:
        story.append(para(plain(lang, "portfolio.no_goal"), styles["Heading2"]))
        story += _answers(sections[None], lang, para)
    if feedback:
        story.append(para(plain(lang, "portfolio.feedback"), styles["Heading2"]))
        for row in feedback:
            day = date.fromisoformat(row["created_at"][:10])
            story.append(para(t(lang, "portfolio.feedback_line", day=format_day(day, lang),
                                text=row["text"])))
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=_latin1(t(lang, "portfolio.title", name=name)),
                      leftMargin=2 * cm, rightMargin=2 * cm).build(story)
    return buffer.getvalue()


def _answers(chosen: list[Entry], lang: str, para: Any) -> list[Any]:
    if not chosen:
        return [para(plain(lang, "portfolio.none"))]
    return [para(t(lang, "portfolio.entry", day=format_day(e.day, lang), question=e.question,
                   answer=e.answer)) for e in chosen]
