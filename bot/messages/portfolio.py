"""The portfolio as a PDF a learner can hand to school: name, the chosen period, goals,
per goal the dated answers (question → answer), voice notes and photos by name, mentor
feedback and a chart per trend question (the scale asked in the same words each week).

reportlab's built-in Helvetica covers Latin-1 (ë, é, € …), so it works offline with no
font files. Plain data in, bytes out: no store, no Telegram. ``Document`` is what the
PDF and the HTML version (``portfolio_html``) both show, so the two never differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO
from typing import Any

from bot.core.goals import Goal
from bot.core.portfolio import Entry, by_goal, period_start, select, trends
from bot.core.programme import Programme
from bot.core.progress import shorten
from bot.messages.dates import format_date
from bot.messages.export import readable_answers
from bot.messages.i18n import plain, t
from bot.messages.render import format_day

CHART_TITLE = 60  # characters of the question above a chart


@dataclass(frozen=True)
class Document:
    """Everything one portfolio shows, already chosen: period, privacy, what is in it."""

    name: str
    lang: str
    choice: str  # 4w, 3m or all (``core.portfolio.PERIODS``)
    first: date
    last: date
    include_private: bool
    goals: tuple[Goal, ...]
    chosen: tuple[Entry, ...]
    feedback: tuple[tuple[date, str], ...]
    charts: tuple[tuple[str, bytes], ...] = ()  # (title, PNG), filled by ``with_charts``


def _latin1(text: str) -> str:
    """Helvetica has Latin-1 only: anything else (an emoji) becomes '?' instead of a box."""
    return text.encode("latin-1", "replace").decode("latin-1")


def long_date(day: date, lang: str) -> str:
    """``2 november 2026``: a period's ends carry the year, a teacher reads it later."""
    return format_date(day, "d MMMM y", locale=lang)


def _media_label(item: Mapping[str, Any], day: date, lang: str) -> str:
    seconds = item.get("duration")
    length = f"{seconds // 60}:{seconds % 60:02d}" if isinstance(seconds, int) else ""
    key = "portfolio.voice" if item["media_type"] in ("voice", "audio", "video_note") \
        else "portfolio.photo" if item["media_type"] == "photo" else "portfolio.file"
    return t(lang, key, length=length, day=format_day(day, lang)).replace(", ,", ",")


def entries(tables: Mapping[str, list[dict[str, Any]]], programmes: Mapping[str, Programme],
            lang: str) -> list[Entry]:
    """The export's answers as portfolio entries (skipped days and empty rows left out).
    A scale answer belongs to a line when its prompt carries a ``trend`` key: the same
    question asked week after week, also across programmes."""
    media: dict[int, list[dict[str, Any]]] = {}
    for row in tables.get("answer_media", []):
        media.setdefault(row["answer_id"], []).append(row)
    ties = {r["answer_id"]: r["goal_id"] for r in tables.get("answer_goals", [])}
    found = []
    for row, readable in zip(tables.get("answers", []), readable_answers(tables, programmes, lang),
                             strict=True):
        day = date.fromisoformat(row["local_date"])
        scale = readable["scale"]
        words = [readable["answer"] or "", readable["choice"] or "",
                 str(scale) if scale is not None else ""]
        words += [_media_label(m, day, lang) for m in media.get(row["id"], [])]
        answer = " · ".join(w for w in words if w)
        if readable["skipped"] or not answer:
            continue
        question = readable["question"] or ""
        programme = programmes.get(row["programme_id"] or "")
        prompt = programme.prompt(row["prompt_id"] or "") if programme else None
        found.append(Entry(row["id"], day, question, answer, bool(row["private"]),
                           ties.get(row["id"]), scale if isinstance(scale, int) else None,
                           prompt.trend if prompt else None))
    return found


def document(name: str, lang: str, goals: list[Goal], found: list[Entry],
             feedback: list[dict[str, Any]], choice: str, today: date,
             include_private: bool, since: date | None = None) -> Document:
    """What the chosen period holds: the answers from its first day (``since``, or where
    ``choice`` starts), the goals open at some moment in it, the mentor's feedback
    written in it."""
    since = since or period_start(choice, today)
    chosen = select(found, include_private, since)
    first = since or min([e.day for e in chosen], default=today)
    notes = []
    for row in feedback:
        day = date.fromisoformat(row["created_at"][:10])
        if day >= first:
            notes.append((day, str(row["text"])))
    kept = tuple(g for g in goals if g.created_at.date() <= today
                 and (g.finished_at is None or g.finished_at.date() >= first))
    return Document(name, lang, choice, first, today, include_private, kept, tuple(chosen),
                    tuple(notes))


def with_charts(doc: Document) -> Document:
    """The document with a chart per trend question, titled by what was asked. matplotlib
    takes 50-200 ms a chart: call this off the event loop (the handler uses the chart
    worker)."""
    from bot.messages.charts import scale_chart_png  # slow to import: only when needed

    charts = []
    for _key, points in trends(list(doc.chosen)):
        step = max(1, -(-len(points) // 8))  # at most about 8 dates under the axis
        labels = [format_date(p.day, "d MMM", locale=doc.lang) if i % step == 0 else ""
                  for i, p in enumerate(points)]
        asked = points[-1].question.split("\n")[0]
        title = shorten(asked.split(" 1 = ")[0].split(" 1 =")[0].strip(), CHART_TITLE)
        charts.append((title, scale_chart_png([p.scale or 1 for p in points], labels, title,
                                              annotate=len(points) <= 16)))
    return replace(doc, charts=tuple(charts))


def period_text(doc: Document) -> str:
    """``Periode: laatste 4 weken (2 november 2026 tot en met 30 november 2026)``."""
    return t(doc.lang, "portfolio.period_chosen", period=plain(doc.lang, f"portfolio.p_{doc.choice}"),
             first=long_date(doc.first, doc.lang), last=long_date(doc.last, doc.lang))


def portfolio_pdf(doc: Document) -> bytes:
    """The PDF: what a teacher reads, goal by goal, dates in words, then the charts."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    lang = doc.lang
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["Italic"]

    def para(text: str, style: Any = body) -> Paragraph:
        return Paragraph(_latin1(text).replace("\n", "<br/>"), style)

    story: list[Any] = [
        para(t(lang, "portfolio.title", name=doc.name), styles["Title"]),
        para(period_text(doc)),
        para(plain(lang, "portfolio.with_private" if doc.include_private
                   else "portfolio.without_private"), small),
        Spacer(1, 0.4 * cm),
    ]
    sections = by_goal(list(doc.chosen), [g.id for g in doc.goals])
    for goal in doc.goals:
        story.append(para(t(lang, "portfolio.goal", text=goal.text), styles["Heading2"]))
        story.append(para(t(lang, "portfolio.sign", sign=goal.sign or "-"), small))
        story += _answers(sections[goal.id], lang, para)
    if sections[None]:
        story.append(para(plain(lang, "portfolio.no_goal"), styles["Heading2"]))
        story += _answers(sections[None], lang, para)
    if doc.charts:
        heading = [para(plain(lang, "portfolio.scores"), styles["Heading2"])]
        for _title, png in doc.charts:  # the heading stays with the first chart
            story.append(KeepTogether([*heading, Image(BytesIO(png), width=14 * cm,
                                                        height=7.9 * cm)]))
            heading = []
    if doc.feedback:
        story.append(para(plain(lang, "portfolio.feedback"), styles["Heading2"]))
        for day, text in doc.feedback:
            story.append(para(t(lang, "portfolio.feedback_line", day=format_day(day, lang),
                                text=text)))
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=_latin1(t(lang, "portfolio.title", name=doc.name)),
                      leftMargin=2 * cm, rightMargin=2 * cm).build(story)
    return buffer.getvalue()


def _answers(chosen: list[Entry], lang: str, para: Any) -> list[Any]:
    if not chosen:
        return [para(plain(lang, "portfolio.none"))]
    return [para(t(lang, "portfolio.entry", day=format_day(e.day, lang), question=e.question,
                   answer=e.answer)) for e in chosen]
