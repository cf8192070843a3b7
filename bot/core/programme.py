"""Immutable learning-programme objects, as loaded from ``content/programmes``."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


class Kind(StrEnum):
    OPEN = "open"
    SCALE = "scale"
    CHOICE = "choice"
    PLAN = "plan"
    CHECKBACK = "checkback"
    MESSAGE = "message"

    @property
    def takes_text(self) -> bool:
        """Kinds answered by typing; scale and choice are answered with a button."""
        return self in (Kind.OPEN, Kind.PLAN, Kind.CHECKBACK)


class Audience(StrEnum):
    LEARNER = "learner"
    MENTOR = "mentor"


Texts = dict[str, str]
"""One text in every language, keyed by language code (``nl``, ``en``)."""


class LowIs(StrEnum):
    """What the low end of a scale means, so a low value is only flagged when it is bad news.

    "1 = almost never" about a tricky situation is good news; "1 = tough" is not."""

    BAD = "bad"
    GOOD = "good"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Option:
    id: str
    label: Texts


@dataclass(frozen=True)
class StoryPart:
    """One piece of an assembled story: the learner's answer to ``prompt_id``, under a label."""

    prompt_id: str
    label: Texts


@dataclass(frozen=True)
class Story:
    """After this prompt is answered the coach sends the learner's answers as one message."""

    title: Texts
    parts: tuple[StoryPart, ...]
    closing: Texts | None = None


@dataclass(frozen=True)
class Prompt:
    id: str
    kind: Kind
    text: Texts
    model: dict[str, str] = field(default_factory=dict)
    follow_up: Texts | None = None
    scale_low: Texts | None = None
    scale_high: Texts | None = None
    options: tuple[Option, ...] = ()
    other: bool = False
    refers_to: str | None = None
    fallback: Texts | None = None
    quote_from: str | None = None
    """Any kind may quote an earlier answer in ``{answer}``; ``fallback`` when there is none."""
    low_is: LowIs = LowIs.NEUTRAL
    why: Texts | None = None
    """One line "why this question", shown under the prompt about once a week."""
    story: Story | None = None
    trend: str | None = None
    """A scale asked in the same words in several weeks: its answers form one line
    (``bot/core/trend.py``); scale prompts without it are about their own week only."""

    @property
    def quotes(self) -> str | None:
        """The id of the earlier prompt whose answer this one quotes, if any."""
        return self.refers_to or self.quote_from

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Week:
    id: str
    theme: Texts
    days: tuple[Prompt, ...]
    mentor_note: Texts | None = None
    """A line for the mentor's digest while the learner is in this week."""


@dataclass(frozen=True)
class Programme:
    id: str
    audience: Audience
    title: Texts
    description: Texts
    weeks: tuple[Week, ...]
    order: int = 100
    """Place in the list learners choose from; lower comes first."""

    @cached_property
    def days(self) -> tuple[Prompt, ...]:
        """Every prompt in order; a learner's progress is an index into this."""
        return tuple(p for w in self.weeks for p in w.days)

    @cached_property
    def _by_id(self) -> dict[str, Prompt]:
        """Prompts by id, built once: weekly planning looks up several per answer."""
        found: dict[str, Prompt] = {}
        for p in self.days:
            found.setdefault(p.id, p)
        return found

    def prompt(self, prompt_id: str) -> Prompt | None:
        return self._by_id.get(prompt_id)

    def week_of(self, position: int) -> Week | None:
        """The week that holds day ``position`` (0-based), for its theme."""
        for week in self.weeks:
            if position < len(week.days):
                return week
            position -= len(week.days)
        return None


def pick(texts: Texts, lang: str, fallback: str = "nl") -> str:
    """A text in ``lang``; content is validated complete, so the fallback is a safety net."""
    return texts.get(lang) or texts[fallback]
