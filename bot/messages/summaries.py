"""Weekly messages as HTML text: the learner's summary, the mentor's digest, the preview
the learner gets of that digest, and the details of one learner for the mentor.

Pure rendering over the core results (``bot.core.summary``, ``bot.core.privacy``) and the
catalogs: no Telegram, no store. Every user-provided value goes through ``t()`` (which
escapes it) or ``html.escape``; composed pieces are passed on as ``Raw``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.core.mentorweek import Period
from bot.core.privacy import FLAG_DISCUSS, FLAG_LOW_SCALE, FLAG_NO_ANSWERS, LearnerDigest, MentorDigest
from bot.core.progress import shorten
from bot.core.records import Button, Outgoing
from bot.core.summary import LearnerSummary, sparkline
from bot.core.weekly import LearnerWeek, WeekFeedback
from bot.messages.dates import format_date
from bot.messages.goals import digest_counts
from bot.messages.i18n import Raw, normalise, plain, t
from bot.messages.mentorweek import (
    date_range,
    digest_line,
    period_label,
    private_line,
    render_details,
    state_line,
)
from bot.messages.render import join_lines, join_paragraphs, text_size

MAX_TEXT = 4096  # Telegram's limit for a message text
FEEDBACK_CHARS = 200  # the mentor's feedback in the learner's summary
PLAN_CHARS = 80
NAME_CHARS = 24  # a learner's name on a button
TRACK_SHORT = 300  # the mentor-track message when the digest is too long

# How the digest shrinks when it is too long: (quotes per learner, quote length,
# length of the mentor's own feedback lines or 0 for none, track message length or None
# for all of it). The learner's words are cut last: the mentor knows their own feedback.
_LEVELS: tuple[tuple[int, int, int, int | None], ...] = (
    (3, 80, 80, None),
    (2, 40, 40, None),
    (1, 40, 0, None),
    (0, 0, 0, None),
    (0, 0, 0, TRACK_SHORT),
)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _date(day: date, lang: str) -> str:
    return str(format_date(day, "d MMMM", locale=normalise(lang)))


def _weekday(day: date, lang: str) -> str:
    return str(format_date(day, "EEEE", locale=normalise(lang)))


def _and_list(items: Sequence[str], lang: str) -> str:
    """``a, b en c`` (items are already safe HTML or plain numbers)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t(lang, 'summary.and')} " + items[-1]


# --- the learner's summary ---------------------------------------------------------------


def _participation(summary: LearnerSummary, lang: str) -> str:
    if summary.answered == 0:
        key = "summary.no_questions" if summary.asked == 0 else "summary.answered_none"
        lines = [t(lang, key)]
    else:
        lines = [t(lang, "summary.answered", answered=summary.answered, asked=summary.asked)]
        if summary.streak >= 2:
            lines.append(t(lang, "summary.streak", count=summary.streak))
        elif summary.answered < summary.asked:
            lines.append(t(lang, "summary.skip_ok"))
    items: list[str] = []
    if summary.voice_notes:
        items.append(t(lang, "summary.voice_one") if summary.voice_notes == 1
                     else t(lang, "summary.voice_many", count=summary.voice_notes))
    if summary.pictures:
        items.append(t(lang, "summary.pictures_one") if summary.pictures == 1
                     else t(lang, "summary.pictures_many", count=summary.pictures))
    if items:
        lines.append(t(lang, "summary.media", items=Raw(_and_list(items, lang))))
    return join_lines(lines)


def _feedback_lines(feedback: Sequence[WeekFeedback], lang: str) -> str:
    if not feedback:
        return ""
    lines = [t(lang, "summary.feedback_title")]
    lines += [
        t(lang, "summary.feedback", mentor=f.mentor_name, text=shorten(f.text, FEEDBACK_CHARS))
        for f in feedback
    ]
    return join_lines(lines)


def render_learner_summary(week: LearnerWeek, summary: LearnerSummary) -> Outgoing:
    """The learner's own week, in the learner's language; the next step comes last."""
    lang = week.lang
    when = _date(week.week_start, lang)
    subtitle = (
        t(lang, "summary.subtitle", programme=week.programme_title, date=when)
        if week.programme_title
        else t(lang, "summary.subtitle_plain", date=when)
    )
    parts = [join_lines([t(lang, "summary.title"), subtitle]), _participation(summary, lang)]
    if summary.scale_values:
        values = [str(v) for v in summary.scale_values]
        scores = _trend_line(summary, lang) or (
            t(lang, "summary.scale_one", value=values[0]) if len(values) == 1 else  # no bar of one
            t(lang, "summary.scale", spark=sparkline(summary.trend),
              values=Raw(_and_list(values, lang))))
        question = _question(summary.scale_question)
        parts.append(join_lines([scores, t(lang, "lived.scale_question", question=question)
                                 if question else ""]))
    if summary.quotes:
        parts.append(join_lines([t(lang, "summary.quotes_title")]
                            + [t(lang, "summary.quote", text=q) for q in summary.quotes]))
    if summary.plans:
        lines = [t(lang, "summary.plans_title")]
        for plan in summary.plans:
            text = shorten(plan.plan, PLAN_CHARS)
            if plan.outcome is None:
                lines.append(t(lang, "summary.plan_open", plan=text))
                continue
            lines.append(t(lang, "summary.plan_done", plan=text))
            if plan.outcome:
                lines.append(t(lang, "summary.plan_outcome", outcome=shorten(plan.outcome, PLAN_CHARS)))
        parts.append(join_lines(lines))
    parts.append(_feedback_lines(summary.feedback, lang))
    step = t(lang, summary.next_step, **summary.next_step_values)
    step = re.sub(r"([?!])(</b>)?\.", r"\1\2", step)  # a theme that asks: no "?." after it
    parts.append(join_lines([t(lang, "summary.next_title"), step]))
    return Outgoing(join_paragraphs(parts))


CHART_TITLE = 60  # a chart's title is the question its line answers


def _trend_line(summary: LearnerSummary, lang: str) -> str:
    """The trend question's weeks as numbers, oldest first ("2 → 3 → 4"); this week's
    answer in bold. Empty without earlier weeks: then the week's own scores say it all."""
    if summary.trend_key is None or len(summary.trend) < 2:
        return ""
    values = [str(v) for v in summary.trend[:-1]] + [f"<b>{summary.trend[-1]}</b>"]
    return t(lang, "trend.line", values=Raw(" → ".join(values)))


def _question(text: str, limit: int = PLAN_CHARS) -> str:
    """The scale's question without its "1 = …, 5 = …" part (the axis says that)."""
    question = text.split(" 1 = ")[0].split(" 1 =")[0].strip()
    return shorten(question, limit) if question else ""


def chart_spec(week: LearnerWeek, summary: LearnerSummary) -> tuple[dict[str, Any], str] | None:
    """The arguments of ``scale_chart_png`` and the caption, or None when there is no chart.

    Kept as plain data so the outbox can record the chart before it is drawn and sent.
    """
    if not summary.chart:
        return None
    lang = week.lang
    labels = [str(format_date(d, "d MMM", locale=normalise(lang))).rstrip(".")
              for d in summary.trend_days]  # one point a week: the day it was answered
    spec = {"values": list(summary.trend), "labels": labels,
            "title": _question(summary.scale_question, CHART_TITLE)
            or plain(lang, "summary.chart_title"), "highlight_from": len(summary.trend) - 1}
    return spec, t(lang, "trend.chart_caption")


def render_learner_chart(week: LearnerWeek, summary: LearnerSummary) -> tuple[bytes, str] | None:
    """The PNG chart of the trend and its caption, or None when there is no chart."""
    found = chart_spec(week, summary)
    if found is None:
        return None
    from bot.messages.charts import scale_chart_png  # matplotlib is slow to import: only when needed

    spec, caption = found
    return scale_chart_png(**spec), caption


# --- the mentor's digest -----------------------------------------------------------------


def _flag_lines(part: LearnerDigest, lang: str) -> list[str]:
    lines: list[str] = []
    for flag in part.flags:
        if flag == FLAG_DISCUSS:
            days = ", ".join(_weekday(d, lang) for d in part.discuss_days)
            lines.append(t(lang, "digest.flag_discuss", days=days))
        elif flag == FLAG_LOW_SCALE:
            low = [
                t(lang, "digest.flag_low_day", day=_weekday(day, lang), value=value)
                for day, value in part.low_days
            ]
            lines.append(t(lang, "digest.flag_low", days=Raw(", ".join(low))))
        elif flag == FLAG_NO_ANSWERS:
            lines.append(t(lang, "digest.flag_none"))
    return lines


def _digest_feedback(part: LearnerDigest, lang: str, limit: int) -> list[str]:
    lines: list[str] = []
    for f in part.feedback:
        line = t(lang, "digest.feedback", text=shorten(f.text, limit))
        if f.reaction == "thumbs_up":
            line += " " + t(lang, "digest.reaction")
        lines.append(line)
        if f.reply:
            lines.append(t(lang, "digest.reply", text=shorten(f.reply, limit)))
    return lines


def _numbers_line(part: LearnerDigest, lang: str) -> str:
    state = state_line(part, lang)
    if part.asked == 0 and part.answered == 0 and state:
        return state
    if part.asked == 0 and part.answered == 0:
        numbers = t(lang, "digest.no_questions")
    else:
        numbers = t(lang, "digest.participation", answered=part.answered, asked=part.asked)
    if len(part.scale_values) == 1:  # one bar is no line: the score itself
        numbers += " · " + t(lang, "digest.spark_one", value=part.scale_values[0])
    elif part.scale_values:
        values = ", ".join(str(v) for v in part.scale_values)
        numbers += " · " + t(lang, "digest.spark", spark=part.sparkline, values=values)
    return numbers


def learner_block(part: LearnerDigest, lang: str, quotes: int = 3, quote_chars: int = 80,
                  feedback_chars: int = 80, details: bool = True) -> str:
    """One learner's block in the digest: exactly what the mentor sees of this learner
    (``details``: point to the Details button, which only the mentor has)."""
    name = f"<b>{_esc(part.name)}</b>"
    if part.held_back:
        return join_lines([name, t(lang, "digest.held_back")])
    lines = [name, _numbers_line(part, lang)]
    if part.asked or part.answered:
        lines.append(state_line(part, lang))  # a pause that began during the period
    if part.note:
        lines.append(t(lang, "digest_note.line", text=part.note))
    lines.append(digest_counts(lang, part.goal_counts))
    if part.figures_only:
        lines.append(t(lang, "digest.figures_only"))
    lines += [digest_line(item, lang, quote_chars) for item in part.items[:quotes]]
    lines.append(private_line(part, lang))
    if part.items and len(part.items) > quotes and details:
        lines.append(t(lang, "digest.more"))
    lines += _flag_lines(part, lang)
    if feedback_chars:
        lines += _digest_feedback(part, lang, feedback_chars)
    return join_lines(lines)


def details_data(link_id: int, period: Period | None) -> str:
    """``md:<link>`` or ``md:<link>:<first>:<last>``: details of exactly the digest's days."""
    if period is None:
        return f"md:{link_id}"
    return f"md:{link_id}:{period.start:%Y%m%d}:{period.end:%Y%m%d}"


def _digest_buttons(digest: MentorDigest) -> tuple[tuple[Button, ...], ...]:
    label = "💬 " + plain(digest.lang, "digest.btn_feedback")
    return tuple(
        (Button("🔎 " + shorten(part.name, NAME_CHARS), details_data(part.link_id, digest.period)),
         Button(label, f"fb:{part.link_id}"))
        for part in digest.learners
    )


def _digest_head(digest: MentorDigest, day: date | None) -> str:
    lang = digest.lang
    if digest.period is None or day is None:
        title = t(lang, "digest.title", date=_date(digest.week_start, lang))
    else:
        title = t(lang, "mentorweek.title", period=period_label(digest.period, day, lang))
    if len(digest.learners) == 1:
        intro = t(lang, "mentorweek.intro_one", mentor=digest.mentor_name,
                  name=digest.learners[0].name)
    else:
        intro = t(lang, "digest.intro", mentor=digest.mentor_name)
    return join_lines([title, intro])


def _digest_text(digest: MentorDigest, blocks: Sequence[str], track_chars: int | None,
                 hidden: int = 0, day: date | None = None) -> str:
    lang = digest.lang
    head = _digest_head(digest, day)
    if not digest.learners:
        body = [t(lang, "digest.no_learners")]
    else:
        body = list(blocks)
        if hidden:
            body.append(t(lang, "digest.more_learners", count=hidden))
    parts = [head, *body]
    if digest.track_message and digest.track_message.strip():
        message = digest.track_message.strip()
        if track_chars is not None:
            message = shorten(message, track_chars)
        parts.append(join_lines([t(lang, "digest.track_title"), _esc(message)]))
    if any(FLAG_DISCUSS in p.flags or FLAG_LOW_SCALE in p.flags for p in digest.learners):
        # How to answer the flag, where it is: the track's tip on it may be weeks away.
        parts.append(t(lang, "digest_note.flag_tip"))
    if digest.learners:
        parts.append(t(lang, "digest.footer"))
    return join_paragraphs(parts)


def render_mentor_digest(digest: MentorDigest, day: date | None = None) -> Outgoing:
    """One message for all of a mentor's learners, in the order given (no ranking).

    Kept under Telegram's 4,096 characters: quotes (and the mentor's own feedback) get
    shorter, then feedback lines go, then quotes make way for "(more in Details)", then
    the mentor-track message is cut;
    as a last resort only the first learners get a block (every learner keeps buttons)."""
    lang = digest.lang
    buttons = _digest_buttons(digest)
    text = ""
    for quotes, chars, feedback, track in _LEVELS:
        blocks = [learner_block(p, lang, quotes, chars, feedback) for p in digest.learners]
        text = _digest_text(digest, blocks, track, day=day)
        if text_size(text) <= MAX_TEXT:
            return Outgoing(text, buttons)
    blocks = [learner_block(p, lang, 0, 0, 0) for p in digest.learners]
    while blocks:
        blocks.pop()
        text = _digest_text(digest, blocks, TRACK_SHORT, hidden=len(digest.learners) - len(blocks),
                            day=day)
        if text_size(text) <= MAX_TEXT:
            break
    return Outgoing(text, buttons)


def render_mentor_preview(digest_part: LearnerDigest, lang: str, week_start: date,
                          mentor_name: str | None = None, digest_day: date | None = None,
                          period: Period | None = None) -> Outgoing:
    """What the mentor will see of this learner's week, with a button to hold it back.

    The block is the digest's block for this learner, without the lines about the
    mentor's own feedback (they would read "your feedback" to the learner). It names
    the mentor, the day the digest comes and its days: the learner has one preview
    per mentor."""
    block = learner_block(digest_part, lang, feedback_chars=0, details=False)
    if digest_part.held_back:
        return Outgoing(join_paragraphs([t(lang, "digest.preview_held")]))
    title = t(lang, "digest.preview_title")
    if mentor_name and digest_day and period:
        title = join_lines([
            t(lang, "mentorweek.preview_title", mentor=mentor_name,
              day=str(format_date(digest_day, "EEEE d MMMM", locale=normalise(lang)))),
            t(lang, "mentorweek.preview_days", dates=date_range(period, lang)),
        ])
    text = join_paragraphs([title, block, t(lang, "digest.preview_hint")])
    button = Button(plain(lang, "digest.btn_hold"), f"hold:{week_start:%Y%m%d}")
    return Outgoing(text, ((button,),))


def render_learner_details(part: LearnerDigest, lang: str,
                           period: Period | None = None) -> list[Outgoing]:
    """The mentor's details of one learner: every shared answer with its question, in
    full (over more than one message when needed), and a button per voice note or photo."""
    head = join_lines([_numbers_line(part, lang),
                       state_line(part, lang) if part.asked or part.answered else "",
                       t(lang, "digest.figures_only") if part.figures_only else "",
                       private_line(part, lang), *_flag_lines(part, lang)])
    feedback = join_lines(_digest_feedback(part, lang, 300))
    label = date_range(period, lang) if period is not None else t(lang, "mentorweek.so_far")
    return render_details(part, lang, head, feedback, label)


def render_learner_detail(part: LearnerDigest, lang: str) -> Outgoing:
    """The first message of the details (all of it when it fits in one)."""
    return render_learner_details(part, lang)[0]
