"""A learner's stored week as plain data, and the pure steps that turn it into week data.

Weekly planning reads the weeks of many learners at once (``bot/store/weeks.py``): a few
queries per batch instead of several per learner. What one learner's part of such a
read holds is ``StoredWeek``; the functions below are the per-learner steps that need no
store, so the same rules apply whether a week was read alone or in a batch of hundreds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.core.goals import Goal
from bot.core.programme import Kind, LowIs, Programme, pick
from bot.core.records import Answer, Feedback, MentorLink, OutboxItem
from bot.core.summary import VOICE_MEDIA
from bot.core.weekly import TrendPoint, WeekAnswer


@dataclass(frozen=True)
class StoredWeek:
    """What the store holds about one learner for the days ``first``..``last``.

    ``lookback`` is the first day of the streak's lookback: ``asked`` and ``answered``
    reach back to it (or to ``first``, whichever is earlier)."""

    first: date
    last: date
    lookback: date
    answers: tuple[Answer, ...] = ()  # local day in first..last, in order
    discuss: frozenset[int] = frozenset()  # ids of those answers flagged "discuss"
    media: Mapping[int, tuple[tuple[str, int | None], ...]] = field(default_factory=dict)
    asked: tuple[date, ...] = ()  # days a daily or sprint prompt was delivered, in order
    answered: frozenset[date] = frozenset()  # days with an answer that counts as answered
    feedback: tuple[Feedback, ...] = ()
    names: Mapping[int, str] = field(default_factory=dict)  # first names of feedback's mentors
    trend_before: tuple[TrendPoint, ...] = ()  # earlier answers to this week's trend question
    positions: Mapping[str, int] = field(default_factory=dict)  # per programme id
    prompts_on_last: Mapping[str, OutboxItem] = field(default_factory=dict)  # per kind
    answered_at: Mapping[int, datetime] = field(default_factory=dict)  # per outbox id
    sprints_asked: tuple[int, ...] = ()  # sprints whose prompts reached them, latest first
    in_sprints: bool = False  # any sprint membership at all (else no sprint reads needed)
    goals: tuple[Goal, ...] = ()  # active goals, oldest first
    goal_ties: tuple[tuple[int, bool], ...] = ()  # (goal id, private) per tied answer
    links: tuple[MentorLink, ...] = ()  # active links to mentors, oldest first
    quoted: Mapping[tuple[str, str], str] = field(default_factory=dict)  # check-backs' words

    def days_asked(self) -> tuple[date, ...]:
        return tuple(d for d in self.asked if self.first <= d <= self.last)

    def position(self, programme_id: str) -> int:
        return self.positions.get(programme_id, 0)


def streak(asked: Sequence[date], answered: Iterable[date]) -> int:
    """Asked days answered in a row, counting back from the last asked day."""
    done = set(answered)
    count = 0
    for day in reversed(asked):
        if day not in done:
            break
        count += 1
    return count


def voice_seconds(media: Iterable[tuple[str, int | None]]) -> int | None:
    """The summed length of an answer's voice notes; None when none has a length."""
    lengths = [seconds for kind, seconds in media if kind in VOICE_MEDIA and seconds is not None]
    return sum(lengths) if lengths else None


def quoted_prompt(answer: Answer, programmes: Mapping[str, Programme]) -> str | None:
    """The prompt id whose earlier answer this answer's prompt quotes, if it quotes one."""
    programme = programmes.get(answer.programme_id or "")
    prompt = programme.prompt(answer.prompt_id or "") if programme else None
    return prompt.quotes if prompt is not None and prompt.quotes else None


def week_answer(answer: Answer, programmes: Mapping[str, Programme], lang: str, *,
                quoted_text: str | None, voice: int | None, discuss: bool) -> WeekAnswer:
    """One stored answer with the prompt's text and labels in the learner's language;
    ``quoted_text`` is the learner's latest words to the prompt a check-back quotes."""
    programme = programmes.get(answer.programme_id or "")
    prompt = programme.prompt(answer.prompt_id or "") if programme else None
    prompt_text = pick(prompt.text, lang) if prompt else ""
    choice_label = None
    if prompt is not None and answer.choice:
        option = prompt.option(answer.choice)
        choice_label = pick(option.label, lang) if option else None
    refers_to_text = None
    refers_to_plan = True
    if prompt is not None and prompt.quotes and programme:
        refers_to_text = quoted_text
        referred = programme.prompt(prompt.quotes)
        refers_to_plan = referred is not None and referred.kind == Kind.PLAN
        prompt_text = pick(prompt.fallback or prompt.text, lang)
    return WeekAnswer(
        voice_seconds=voice,
        answer_id=answer.id,
        day=answer.local_date,
        prompt_id=answer.prompt_id,
        kind=answer.kind,
        prompt_text=prompt_text.replace("{answer}", "…"),
        text=answer.text,
        value=answer.value,
        choice_label=choice_label,
        skipped=answer.skipped,
        private=answer.private,
        discuss=discuss,
        media=answer.media,
        refers_to_text=refers_to_text,
        refers_to_plan=refers_to_plan,
        low_is_bad=prompt is None or prompt.low_is == LowIs.BAD,
        created_at=answer.created_at,
        trend=prompt.trend if prompt is not None else None,
    )
