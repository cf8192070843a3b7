"""Plain data for weekly summaries and digests, as the store hands it to the core.

The store fills these from rows; ``bot/core/summary.py`` turns them into summary
models and ``bot/core/privacy.py`` decides what a mentor may see. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.core.mentorweek import Period


@dataclass(frozen=True)
class TrendPoint:
    """One answer to a trend question (``bot/core/trend.py``): its day and its value."""

    day: date
    value: int


@dataclass(frozen=True)
class WeekAnswer:
    """One answer of the week, with what the prompt was (for quoting and grouping)."""

    answer_id: int
    day: date
    prompt_id: str | None
    kind: str  # open, plan, checkback, scale, choice, note
    prompt_text: str = ""  # the prompt in the learner's language (plain text, not HTML)
    text: str | None = None
    value: int | None = None  # scale 1..5
    choice_label: str | None = None  # the chosen option's label in the learner's language
    skipped: bool = False
    private: bool = False
    discuss: bool = False  # the learner pressed "I'd like to discuss this"
    media: tuple[str, ...] = ()  # media types: voice, photo, ...
    refers_to_text: str | None = None  # a checkback: the earlier plan it checked
    refers_to_plan: bool = True  # what it quoted was the answer to a plan prompt
    low_is_bad: bool = True  # a scale whose low end is bad news (``low_is: bad``) may be flagged
    created_at: datetime | None = None  # when it was written: before a mentor link or after
    voice_seconds: int | None = None  # the length of a voice note, when there is one
    trend: str | None = None  # the prompt's trend key: the same question asked every week


@dataclass(frozen=True)
class WeekFeedback:
    """Feedback from a mentor to the learner this week, and the learner's reaction."""

    feedback_id: int
    mentor_name: str
    learner_name: str
    text: str
    sent_at: datetime
    reaction: str | None = None  # "thumbs_up" or None
    reply: str | None = None


@dataclass(frozen=True)
class LearnerWeek:
    """Everything about one learner's ISO week that a summary may use."""

    learner_id: int
    learner_name: str
    lang: str
    week_start: date  # Monday
    days_asked: tuple[date, ...]  # days a daily prompt was delivered
    answers: tuple[WeekAnswer, ...]
    feedback: tuple[WeekFeedback, ...] = ()
    earlier_trend: tuple[TrendPoint, ...] = ()  # earlier weeks' answers to this week's trend
    programme_title: str | None = None
    next_theme: str | None = None  # theme of the learner's coming week, if known
    streak_days: int = 0  # consecutive asked days answered, up to the last asked day


@dataclass(frozen=True)
class LinkView:
    """A mentor's view settings for one learner."""

    link_id: int
    share_mode: str  # "answers" (shared answers visible) or "figures" (only numbers)
    held_back: bool = False  # the learner held this week back
    since: datetime | None = None  # the link's start: older answers stay with the learner
    since_day: date | None = None  # the learner's local day of ``since``: asked days before it
    shared_weeks: frozenset[date] = frozenset()  # older weeks the learner chose to share
    state: str = "active"  # active | not_started | paused (bot/core/mentorweek.py)
    resume_on: date | None = None  # the end of the learner's current pause, if known


@dataclass(frozen=True)
class MentorDigestInput:
    mentor_id: int
    mentor_name: str
    lang: str  # the mentor's language
    week_start: date
    learners: tuple[tuple[LearnerWeek, LinkView], ...]
    track_message: str | None = None  # this week's message of the mentor track
    period: Period | None = None  # the days this digest covers (None: the ISO week)
    extra: dict[str, str] = field(default_factory=dict)
