"""The mentor's week, as one set of rules: which days a digest covers, what the mentor
is shown of each shared answer, and how a learner's state reads in it. Pure.

Why one place: the learner's preview ("this is what your mentor sees") and the mentor's
digest used to count different days for the same week (4 of 4 against 5 of 5). Both now
take their days from ``digest_period`` and count with ``bot.core.summary.participation``.

- **The period.** A digest covers the whole days from the day after the last digest's
  period up to the day before the digest day. So a Monday digest covers last week, and a
  digest day moved to Wednesday covers Monday and Tuesday, then Wednesday to Tuesday. The
  first digest (or one after a gap of more than two weeks) covers last week when it comes
  Monday to Thursday, and this week so far from Friday on.
- **The label** leaves out weekend days nobody was asked on: "23–27 november", not
  "23–29 november", for a Monday-to-Friday worker.
- **A shared answer** is shown as its question (the sentence with the question mark, not
  the programme's welcome or example) and what the learner gave: their own words in full,
  a chosen option (marked as a choice, never quoted as if the learner wrote it), a voice
  note with its length, or a photo.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MAX_PERIOD_DAYS = 14
SHORT_QUESTION = 40  # a question this short keeps the sentence before it (its context)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

STATE_ACTIVE = "active"
STATE_NOT_STARTED = "not_started"  # no prompt before the end of the period
STATE_PAUSED = "paused"  # on a pause now, and nothing asked in the period
STATE_PAUSED_ITSELF = "paused_itself"  # the coach stopped after silent prompts (no detail shown)


@dataclass(frozen=True)
class Period:
    """Whole local days, ``start`` to ``end`` inclusive."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def mondays(self) -> tuple[date, ...]:
        """The Mondays of the ISO weeks this period touches (held-back weeks are per ISO week)."""
        first = self.start - timedelta(days=self.start.isoweekday() - 1)
        count = (self.end - first).days // 7 + 1
        return tuple(first + timedelta(days=7 * i) for i in range(count))


def digest_period(day: date, last_end: date | None) -> Period | None:
    """The days a digest sent on local ``day`` covers; None when there is nothing new
    (a second digest on the same day)."""
    yesterday = day - timedelta(days=1)
    if last_end is not None and last_end >= yesterday:
        return None
    if last_end is not None and (yesterday - last_end).days <= MAX_PERIOD_DAYS:
        return Period(last_end + timedelta(days=1), yesterday)
    monday = day - timedelta(days=day.isoweekday() - 1)
    if day.isoweekday() <= 4:
        return Period(monday - timedelta(days=7), monday - timedelta(days=1))
    return Period(monday, yesterday)


def preview_period(summary_day: date, digest_day: date | None, last_end: date | None) -> Period:
    """The days of the next digest that have passed by ``summary_day``: what the learner's
    preview shows is the digest's own period, up to today. Without a planned digest: this
    ISO week so far."""
    period = digest_period(digest_day, last_end) if digest_day is not None else None
    if period is None or period.start > summary_day:
        return Period(summary_day - timedelta(days=summary_day.isoweekday() - 1), summary_day)
    return Period(period.start, min(period.end, summary_day))


def shown_days(period: Period, asked: Iterable[date]) -> Period:
    """The period without leading or trailing weekend days nobody was asked on."""
    asked_set = set(asked)
    start, end = period.start, period.end
    while end > start and end.isoweekday() >= 6 and end not in asked_set:
        end -= timedelta(days=1)
    while start < end and start.isoweekday() >= 6 and start not in asked_set:
        start += timedelta(days=1)
    return Period(start, end)


def question_of(prompt_text: str) -> str:
    """The question of a prompt, without the welcome, the example or a quoted answer.

    The first sentence that ends with "?"; a very short one keeps the sentence before it
    (unless that is a greeting or a quote of an earlier answer). No question mark: the
    first sentence."""
    sentences = [s.strip() for s in _SENTENCE.split(" ".join(prompt_text.split())) if s.strip()]
    if not sentences:
        return ""
    for index, sentence in enumerate(sentences):
        if not sentence.endswith("?"):
            continue
        before = sentences[index - 1] if index else ""
        if len(sentence) < SHORT_QUESTION and before and not before.endswith("!") \
                and "…" not in before:
            return f"{before} {sentence}"
        return sentence
    return sentences[0]


@dataclass(frozen=True)
class SharedItem:
    """One shared answer as the mentor sees it (already filtered by the privacy rules)."""

    answer_id: int
    day: date
    question: str
    words: str = ""  # the learner's own words (typed, or a photo's caption), in full
    choice: str = ""  # the label of the option the learner chose
    voice_seconds: int | None = None  # a voice note, with its length when known
    voice: bool = False
    photo: bool = False
    discuss: bool = False

    @property
    def media(self) -> bool:
        return self.voice or self.photo


def voice_length(seconds: int | None) -> str:
    """``0:42`` for a voice note of 42 seconds; empty when the length is unknown."""
    if seconds is None or seconds < 0:
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"
