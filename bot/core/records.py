"""Plain records passed between the store, the core and the edges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bot.core.holidays import holiday_country
from bot.core.schedule import Schedule
from bot.core.shifts import ShiftPlan


@dataclass(frozen=True)
class User:
    id: int
    chat_id: int
    first_name: str
    language: str
    tz: str
    prompt_time: time
    work_days: frozenset[int]
    state: str
    programme_id: str | None = None
    onboarded: bool = False
    paused: bool = False
    resume_on: date | None = None
    active: bool = True
    next_plan_at: datetime | None = None
    summary_weekday: int = 5
    summary_time: time = time(16, 0)
    next_summary_at: datetime | None = None
    digest_weekday: int = 1
    digest_time: time = time(8, 0)
    next_digest_at: datetime | None = None
    shifts: ShiftPlan | None = None
    reminders: bool = True
    auto_paused: bool = False  # the coach paused itself after a run of silent prompts

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.tz, self.prompt_time, self.work_days, self.paused, self.resume_on,
                        self.shifts, holiday_country(self.tz))


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Outgoing:
    """A message as the core describes it: HTML text and rows of callback buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()


@dataclass(frozen=True)
class OutboxItem:
    id: int
    chat_id: int
    user_id: int | None
    kind: str
    status: str
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    programme_id: str | None = None
    prompt_id: str | None = None
    local_date: date | None = None
    reply_to: int | None = None
    message_id: int | None = None
    attempts: int = 0
    due_at: datetime | None = None
    expires_at: datetime | None = None
    sent_at: datetime | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    sprint_id: int | None = None


@dataclass(frozen=True)
class Answer:
    id: int
    user_id: int
    outbox_id: int | None
    programme_id: str | None
    prompt_id: str | None
    local_date: date
    kind: str
    text: str | None = None
    value: int | None = None
    choice: str | None = None
    skipped: bool = False
    private: bool = False
    media: tuple[str, ...] = field(default_factory=tuple)
    sprint_id: int | None = None
    share_team: bool = False
    created_at: datetime | None = None


@dataclass(frozen=True)
class Invitation:
    token: str
    learner_id: int
    share_mode: str
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class MentorLink:
    id: int
    learner_id: int
    mentor_id: int
    share_mode: str  # "answers" or "figures"
    status: str  # "active" or "ended"
    created_at: datetime | None = None  # sharing starts here (older weeks only if shared)


@dataclass(frozen=True)
class Feedback:
    id: int
    link_id: int | None
    mentor_id: int | None
    learner_id: int
    text: str
    created_at: datetime
    reaction: str | None = None
    reply: str | None = None


@dataclass(frozen=True)
class Sprint:
    id: int
    team_id: int
    team_name: str
    lead_id: int | None
    programme_id: str | None
    start_date: date | None
    weeks: int
    tz: str
    join_token: str | None
    status: str  # draft | active | ended
    group_chat_id: int | None = None
    next_event_at: datetime | None = None


@dataclass(frozen=True)
class SprintMember:
    sprint_id: int
    user_id: int
    status: str  # joining | active | left | removed
    mode: str  # only | pause_own | both
    next_plan_at: datetime | None = None
    joined_at: datetime | None = None
