"""The spaced return as the learner reads it: "Drie weken geleden schreef je: “…”. Hoe
kijk je daar nu naar?", and the line the weekly summary gives it.

The weeks are counted in calendar weeks between the day the answer was written and the
day it comes back, so "vorige week" is never said of something from two weeks ago. The
learner's words are quoted as they were (escaped, shortened at a word by the caller).
"""

from __future__ import annotations

import html
from datetime import date

from bot.core.records import Button, Outgoing
from bot.core.schedule import week_start
from bot.core.spaced import RETURN_PROMPT
from bot.core.weekly import LearnerWeek
from bot.messages import callbacks
from bot.messages.i18n import Raw, plain, t
from bot.messages.render import fill_quote

NAMED_WEEKS = 10  # up to here a number is a word ("Acht weken geleden")


def ago(lang: str, written: date, today: date) -> str:
    """``Vorige week``, ``Drie weken geleden``: how long ago, from the real dates."""
    weeks = (week_start(today) - week_start(written)).days // 7
    if weeks <= 0:
        return plain(lang, "spaced.ago.earlier")
    if weeks <= NAMED_WEEKS:
        return plain(lang, f"spaced.ago.{weeks}")
    return plain(lang, "spaced.ago.many").format(count=weeks)


def _question(lang: str, quoted: str, written: date, today: date) -> str:
    template = plain(lang, "spaced.question").replace("{ago}", ago(lang, written, today))
    return fill_quote(template, quoted)


def question_text(lang: str, quote: str, written: date, today: date) -> str:
    """The question as plain text (what a summary or digest calls the prompt)."""
    return _question(lang, f"“{quote}”", written, today)


def render_return(lang: str, quote: str, written: date, today: date,
                  outbox_id: int) -> Outgoing:
    """The day's message instead of the programme's step, with the usual skip button."""
    body = _question(lang, "“" + html.escape(quote, quote=False) + "”", written, today)
    text = t(lang, "prompt.layout", header=Raw(t(lang, "spaced.header")), body=Raw(body),
             how=Raw(t(lang, "spaced.example"))).rstrip()
    skip = Button(plain(lang, "spaced.skip"), callbacks.answer(outbox_id, "x"))
    return Outgoing(text, ((skip,),))


def with_look_back(message: Outgoing, week: LearnerWeek) -> Outgoing:
    """The weekly summary with one line about the answer the learner looked back at (the
    first reply this week), before its last part (the next step); else unchanged."""
    quote = next((a.refers_to_text for a in week.answers if a.prompt_id == RETURN_PROMPT
                  and a.refers_to_text and not a.skipped and (a.text or a.media)), None)
    if not quote:
        return message
    paragraphs = message.text.split("\n\n")
    paragraphs.insert(max(len(paragraphs) - 1, 1), t(week.lang, "spaced.summary",
                                                     answer=f"“{quote}”"))
    return Outgoing("\n\n".join(paragraphs), message.buttons)
