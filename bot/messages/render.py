"""Turn core objects into messages (HTML text and buttons) in the user's language.

No Telegram here: the result is an ``Outgoing`` that the outbox stores as it is, so
what was recorded is exactly what is sent.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.programme import Kind, Programme, Prompt, pick
from bot.core.progress import shorten
from bot.core.quoting import day_reference
from bot.core.records import Button, Outgoing
from bot.core.schedule import Schedule, next_work_day, week_start
from bot.messages import callbacks
from bot.messages.dates import format_date, format_time
from bot.messages.i18n import Raw, normalise, plain, t, tr

_CHOOSE = re.compile(r"\b(kies|tik|choose|pick|tap)\b", re.IGNORECASE)
"""A choice prompt whose text already says how to answer gets no second hint."""

_WEEKS_WORDS = {
    "nl": r"\b(vorige week|(?:twee|drie|vier|vijf|zes|\d+) weken geleden)\b",
    "en": r"\b(last week|(?:two|three|four|five|six|\d+) weeks ago)\b",
}
_NEXT_DAY_WORDS = {"nl": r"\bmorgen\b", "en": r"\btomorrow\b"}
"""A writer's "morgen" is the learner's next work day, which after a Friday is Monday."""
_WEEKDAY_WORDS = {
    "nl": r"\b(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\b",
    "en": r"\b(?:on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
}


def day_phrase(lang: str, written: date, today: date) -> str:
    """``gisteren``, ``woensdag``, ``vorige keer``: the day an earlier answer was written,
    named so that it cannot be the wrong day (after a mid-week start or a pause)."""
    ref = day_reference(written, today)
    if isinstance(ref, int):
        return plain(lang, "lived.day.weekday").format(day=plain(lang, f"days.long.{ref}"))
    return plain(lang, f"lived.day.{ref}")


def next_day_phrase(lang: str, next_day: date | None, today: date) -> str:
    """``morgen``, ``maandag``, ``op je volgende werkdag``: the learner's next work day as
    seen from the day the message is read (``vandaag`` for a night shift's next shift)."""
    if next_day is None or (next_day - today).days > 6:
        return plain(lang, "nextday.later")
    if next_day <= today:
        return plain(lang, "lived.day.today")
    if next_day == today + timedelta(days=1):
        return plain(lang, "nextday.tomorrow")
    return plain(lang, "lived.day.weekday").format(day=plain(lang, f"days.long.{next_day.isoweekday()}"))


def next_day_after(lang: str, schedule: Schedule, work_day: date, today: date) -> str:
    """The phrase for the learner's first work day after ``work_day``, read on ``today``."""
    return next_day_phrase(lang, next_work_day(work_day, schedule), today)


def name_next_day(text: str, lang: str, phrase: str | None) -> str:
    """Replace a writer's "morgen" / "tomorrow" by the real next work day (``phrase``).
    Applied to templates only: the learner's own quoted words are never changed."""
    pattern = _NEXT_DAY_WORDS.get(normalise(lang))
    if phrase is None or pattern is None:
        return text
    return re.sub(pattern, lambda m: _capitalised(phrase, m[0]), text, flags=re.IGNORECASE)


def _capitalised(phrase: str, like: str) -> str:
    return phrase[:1].upper() + phrase[1:] if like[:1].isupper() else phrase


def weeks_phrase(lang: str, written: date, today: date) -> str:
    """``vorige week``, ``vijf weken geleden``, or (the same week) the day: counted in
    calendar weeks, because a programme week need not be one (mid-week start, pause)."""
    weeks = (week_start(today) - week_start(written)).days // 7
    if weeks <= 0:
        return day_phrase(lang, written, today)
    if weeks == 1:
        return plain(lang, "lived.weeks.one")
    number = plain(lang, f"lived.numbers.{weeks}") if weeks <= 6 else str(weeks)
    return plain(lang, "lived.weeks.many").format(count=number)


def name_the_day(text: str, lang: str, phrase: str, weeks: str | None = None) -> str:
    """Fill ``{day}`` with the real day; a weekday a writer typed is replaced by it too,
    and "vorige week" / "drie weken geleden" by ``weeks`` when that is what it really was.
    Only for the template: the learner's own quoted words are never changed."""
    text = re.sub(r"(^|[.!?]\s+)\{day\}", lambda m: m[1] + _capitalised(phrase, "X"), text)
    text = text.replace("{day}", phrase)
    pattern = _WEEKDAY_WORDS.get(normalise(lang))
    if pattern is not None:
        text = re.sub(pattern, lambda m: _capitalised(phrase, m[0]), text, flags=re.IGNORECASE)
    relative = _WEEKS_WORDS.get(normalise(lang))
    if weeks is not None and relative is not None:
        text = re.sub(relative, lambda m: _capitalised(weeks, m[0]), text, flags=re.IGNORECASE)
    return text


def fill_quote(template: str, quoted: str) -> str:
    """Put a quote into ``{answer}`` without doubled punctuation (“…klus?”. → “…klus?”)."""
    if quoted[-2:-1] in ("?", "!", "."):
        template = template.replace("{answer}.", "{answer}")
    return template.replace("{answer}", quoted)


def prompt_text(prompt: Prompt, lang: str, earlier: str | None,
                earlier_on: date | None = None, today: date | None = None,
                next_day: str | None = None) -> str:
    """The prompt's own text as safe HTML; a prompt that quotes shows the earlier answer
    and names the real day it was written (``earlier_on``, seen from ``today``).

    Without an earlier answer (a skipped day, a late start) it shows its fallback, so it
    never points at something the learner cannot see. ``next_day`` (see
    ``next_day_phrase``) takes the place of a written "morgen"."""
    if prompt.quotes:
        if earlier:
            quoted = "“" + html.escape(shorten(earlier), quote=False) + "”"
            template = name_next_day(html.escape(pick(prompt.text, lang), quote=False), lang,
                                     next_day)
            if earlier_on is not None and today is not None:
                template = name_the_day(template, lang, day_phrase(lang, earlier_on, today),
                                        weeks_phrase(lang, earlier_on, today))
            return fill_quote(template, quoted)
        assert prompt.fallback is not None
        return name_next_day(html.escape(pick(prompt.fallback, lang), quote=False), lang,
                             next_day)
    return name_next_day(html.escape(pick(prompt.text, lang), quote=False), lang, next_day)


def prompt_buttons(prompt: Prompt, lang: str, outbox_id: int) -> tuple[tuple[Button, ...], ...]:
    rows: list[tuple[Button, ...]] = []
    if prompt.kind == Kind.SCALE:
        rows.append(tuple(Button(str(v), callbacks.answer(outbox_id, f"s{v}")) for v in range(1, 6)))
    elif prompt.kind == Kind.CHOICE:
        rows += [
            (Button(pick(o.label, lang), callbacks.answer(outbox_id, f"c{o.id}")),)
            for o in prompt.options
        ]
        if prompt.other:
            rows.append((Button(plain(lang, "prompt.other"), callbacks.answer(outbox_id, "o")),))
    rows.append((Button(plain(lang, "prompt.skip"), callbacks.answer(outbox_id, "x")),))
    return tuple(rows)


def render_prompt(
    programme: Programme,
    position: int,
    prompt: Prompt,
    lang: str,
    outbox_id: int,
    earlier: str | None = None,
    header: str | None = None,
    earlier_on: date | None = None,
    today: date | None = None,
    next_day: str | None = None,
) -> Outgoing:
    """A daily prompt: where you are in the programme (or sprint), the question, how to answer."""
    if header is None:
        week = programme.week_of(position)
        header = t(
            lang, "prompt.header",
            theme=pick(week.theme, lang) if week else "",
            day=position + 1,
            total=len(programme.days),
        )
    body = prompt_text(prompt, lang, earlier, earlier_on, today, next_day)
    if prompt.why:
        body += "\n" + t(lang, "prompt.why", text=name_next_day(pick(prompt.why, lang), lang,
                                                                 next_day))
    if prompt.kind == Kind.SCALE:
        assert prompt.scale_low is not None and prompt.scale_high is not None
        low, high = pick(prompt.scale_low, lang), pick(prompt.scale_high, lang)
        already_said = low in body and high in body  # the writer put the labels in the text
        how = "" if already_said else t(lang, "prompt.how_scale", low=low, high=high)
    elif prompt.kind == Kind.CHOICE:  # not twice: "Kies wat past." and "Tik op wat past."
        how = "" if _CHOOSE.search(body) else t(lang, "prompt.how_choice")
    else:
        how = t(lang, "prompt.how_text")
    text = t(lang, "prompt.layout", header=Raw(header), body=Raw(body), how=Raw(how)).rstrip()
    return Outgoing(text, prompt_buttons(prompt, lang, outbox_id))


def mark_chosen(
    buttons: tuple[tuple[Button, ...], ...], chosen_data: str
) -> tuple[tuple[Button, ...], ...]:
    """The same keyboard with a check mark on the chosen button, so the choice shows."""
    return tuple(
        tuple(
            Button(("✅ " if b.data == chosen_data else "") + b.label.removeprefix("✅ "), b.data)
            for b in row
        )
        for row in buttons
    )


def format_day(day: date, lang: str) -> str:
    """``maandag 30 november`` / ``Monday 30 November``."""
    pattern = "EEEE d MMMM"
    return format_date(day, pattern, locale=lang)


def format_clock(at: time, lang: str) -> str:
    return format_time(at, "HH:mm" if lang == "nl" else "h:mm a", locale=lang)


def when_text(moment: datetime, tz: str, now: datetime, lang: str) -> Raw:
    """``vandaag om 16:00``, ``morgen om 16:00`` or ``maandag 30 november om 16:00``."""
    local = moment.astimezone(ZoneInfo(tz))
    today = now.astimezone(ZoneInfo(tz)).date()
    clock = format_clock(local.time(), lang)
    if local.date() == today:
        return tr(lang, "when.today", time=clock)
    if local.date() == today + timedelta(days=1):
        return tr(lang, "when.tomorrow", time=clock)
    return tr(lang, "when.day", day=format_day(local.date(), lang), time=clock)


def day_names(days: frozenset[int], lang: str) -> str:
    """``ma, di, wo, do, vr`` in the user's language, Monday first."""
    return ", ".join(plain(lang, f"days.short.{d}") for d in sorted(days))


def text_size(text: str) -> int:
    """Length as Telegram may count it (UTF-16 units) and never less than the HTML."""
    return max(len(text), len(text.encode("utf-16-le")) // 2)


def join_lines(parts: Iterable[str]) -> str:
    """Non-empty parts, one per line: optional lines of a message simply drop out."""
    return "\n".join(p for p in parts if p)


def join_paragraphs(parts: Iterable[str]) -> str:
    return "\n\n".join(p for p in parts if p)
