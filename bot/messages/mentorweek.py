"""What a mentor reads about a learner's days: the period in words that cannot be misread,
each shared answer as question → answer (a choice, the learner's words, a voice note or
a photo), the learner's state (not started, pause), and the details over as many
messages as the full answers need. Pure rendering over ``bot.core.mentorweek``.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from bot.core.mentorweek import (
    STATE_NOT_STARTED,
    STATE_PAUSED,
    STATE_PAUSED_ITSELF,
    Period,
    SharedItem,
    question_of,
    voice_length,
)
from bot.core.privacy import LearnerDigest
from bot.core.progress import shorten
from bot.core.records import Button, Outgoing
from bot.messages.dates import format_date
from bot.messages.i18n import normalise, plain, t
from bot.messages.render import join_lines, join_paragraphs, text_size

DETAIL_TEXT = 3500  # one details message stays well under Telegram's 4,096
QUESTION_CHARS = 70  # a question beside a choice in the digest
OPEN_PREFIX = "mo"  # button data: mo:<link id>:<answer id> sends the file to the mentor


def _day(day: date, lang: str, pattern: str) -> str:
    return str(format_date(day, pattern, locale=normalise(lang)))


def date_range(period: Period, lang: str) -> str:
    """``23–27 november``, ``30 november – 4 december`` or ``maandag 23 november``."""
    if period.start == period.end:
        return _day(period.start, lang, "EEEE d MMMM")
    if period.start.month == period.end.month:
        return f"{period.start.day}–{_day(period.end, lang, 'd MMMM')}"
    return f"{_day(period.start, lang, 'd MMMM')} – {_day(period.end, lang, 'd MMMM')}"


def period_label(period: Period, day: date, lang: str) -> str:
    """The period as seen from ``day``: ``vorige week, 23–27 november``, ``deze week, …``
    or only the dates when it spans more than one week."""
    monday = day - timedelta(days=day.isoweekday() - 1)
    dates = date_range(period, lang)
    if monday - timedelta(days=7) <= period.start and period.end < monday:
        return plain(lang, "mentorweek.last_week").format(dates=dates)
    if monday <= period.start:
        return plain(lang, "mentorweek.this_week").format(dates=dates)
    return dates


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def media_text(item: SharedItem, lang: str) -> str:
    """``🎙 spraakbericht (0:42)`` and/or ``📷 foto`` (empty when there is no file)."""
    parts: list[str] = []
    if item.voice:
        length = voice_length(item.voice_seconds)
        parts.append(t(lang, "mentorweek.voice_len", length=length) if length
                     else t(lang, "mentorweek.voice"))
    if item.photo:
        parts.append(t(lang, "mentorweek.photo"))
    return " · ".join(parts)


def digest_line(item: SharedItem, lang: str, chars: int) -> str:
    """One shared answer in the digest: a choice with its question, the learner's own
    words in quotes, and what was sent as a file."""
    parts: list[str] = []
    if item.choice and not item.words:
        parts.append(t(lang, "mentorweek.choice_line",
                       question=shorten(item.question, QUESTION_CHARS), choice=item.choice))
    elif item.words:
        parts.append(t(lang, "digest.quote", text=shorten(item.words, chars)))
    media = media_text(item, lang)
    if media:
        parts.append(media)
    return " · ".join(parts)


def _detail_answer(item: SharedItem, lang: str) -> str:
    lines = [t(lang, "mentorweek.detail_question", day=_day(item.day, lang, "EEEE"),
               question=item.question or "…")]
    if item.words:
        lines.append(t(lang, "digest.quote", text=item.words))
    elif item.choice:
        lines.append(t(lang, "mentorweek.detail_choice", choice=item.choice))
    media = media_text(item, lang)
    if media:
        lines.append(media)
    return join_lines(lines)


def learner_line(part: LearnerDigest, lang: str) -> str:
    """One learner in /leerlingen: name, days answered (or why none), voice notes and photos."""
    name = f"<b>{_esc(part.name)}</b>"
    state = state_line(part, lang)
    if not part.asked and not part.answered:
        numbers = state or t(lang, "mentorweek.none_yet")
    else:
        numbers = t(lang, "mentorweek.line_numbers", answered=part.answered, asked=part.asked)
        if part.sparkline:
            numbers += f" {part.sparkline}"
    return f"👤 {name}: {numbers}"


def private_line(part: LearnerDigest, lang: str) -> str:
    """``🔒 1 antwoord is privé``: why the count is higher than what is shown (a number
    only; the words stay with the learner). Not in figures-only mode: nothing is shown."""
    if not part.private_count or part.figures_only:
        return ""
    if part.private_count == 1:
        return t(lang, "mentorweek.private_one")
    return t(lang, "mentorweek.private_many", count=part.private_count)


def state_line(part: LearnerDigest, lang: str) -> str:
    """Why there are no numbers, or that the learner is on a pause now."""
    if part.state == STATE_NOT_STARTED:
        return t(lang, "mentorweek.not_started")
    if part.state == STATE_PAUSED_ITSELF:
        return t(lang, "mentorweek.paused_itself")
    if part.state == STATE_PAUSED:
        if part.resume_on is not None:
            return t(lang, "mentorweek.paused_until", day=_day(part.resume_on, lang, "d MMMM"))
        return t(lang, "mentorweek.paused")
    return ""


def _chunks(text: str, size: int) -> list[str]:
    """A very long answer over several messages, cut between words."""
    words, chunks, current = text.split(" "), [], ""
    for word in words:
        if current and text_size(current) + len(word) + 1 > size:
            chunks.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*chunks, current] if current else chunks


def render_details(part: LearnerDigest, lang: str, head: str, feedback: str,
                   period: str) -> list[Outgoing]:
    """Every shared answer with its question, in full, over as many messages as needed;
    a button under the last one opens each voice note or photo."""
    title = t(lang, "mentorweek.detail_title", name=part.name, period=period)
    if part.held_back:
        return [Outgoing(join_lines([title, t(lang, "digest.held_back")]))]
    dated = [(item.day, _detail_answer(item, lang)) for item in part.items]
    dated += [
        (day, t(lang, "mentorweek.detail_scale", day=_day(day, lang, "EEEE"),
                question=question_of(prompt) or "…", value=value))
        for day, prompt, value in part.scales
    ]
    items = [text for _, text in sorted(dated, key=lambda pair: pair[0])]  # day order, stable
    if not items:
        items = [t(lang, "digest.detail_nothing")]
    pieces: list[str] = []
    for item in items:
        pieces += _chunks(item, DETAIL_TEXT) if text_size(item) > DETAIL_TEXT else [item]
    messages: list[list[str]] = [[join_lines([title, head])]]
    for piece in [*pieces, feedback]:
        if not piece:
            continue
        if text_size(join_paragraphs([*messages[-1], piece])) > DETAIL_TEXT:
            messages.append([])
        messages[-1].append(piece)
    buttons = tuple(
        (Button(_open_label(item, lang), f"{OPEN_PREFIX}:{part.link_id}:{item.answer_id}"),)
        for item in part.items if item.media
    )
    out = [Outgoing(join_paragraphs(m)) for m in messages]
    out[-1] = Outgoing(out[-1].text, buttons)
    return out


def _open_label(item: SharedItem, lang: str) -> str:
    key = "mentorweek.btn_open_voice" if item.voice else "mentorweek.btn_open_photo"
    return plain(lang, key).format(day=_day(item.day, lang, "EEE"))
