"""The shape of a programme file, as pydantic models: what ``content/programmes`` may hold.

Kept apart from the loader so both stay short; the loader adds the rules a schema
cannot express and reports every problem with its line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.core.programme import Kind, LowIs

LANGUAGES = ("nl", "en")
MAX_PROMPT_CHARS = 300
MAX_BUTTON_CHARS = 30
CHECKBACK_SAMPLE = "x" * 80
"""Check-backs are measured with a quoted answer this long (answers are shortened to it)."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,40}$"

MODEL_STEPS: dict[str, set[str]] = {
    "alact": {"action", "looking_back", "awareness", "alternatives", "trial"},
    "starr": {"situatie", "taak", "actie", "resultaat", "reflectie", "transfer"},
    "feedback": {"feed_up", "feed_back", "feed_forward"},
    "sbi": {"situation", "behaviour", "impact"},
    "gibbs": {"description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"},
    "kolb": {"experience", "reflection", "conceptualisation", "experimentation"},
    "schon": {"in_action", "on_action"},
    "retrieval": {"practice"},
    "mentor": {"time", "asking", "process_feedback", "talk", "privacy"},
    "retro": {"worked", "take_away", "still_learn"},
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextsIn(_Strict):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class ScaleIn(_Strict):
    low: TextsIn
    high: TextsIn
    low_is: LowIs


class StoryPartIn(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: str = Field(alias="from", pattern=ID_PATTERN)
    label: TextsIn


class StoryIn(_Strict):
    title: TextsIn
    parts: list[StoryPartIn] = Field(min_length=2)
    closing: TextsIn | None = None


class OptionIn(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: TextsIn


class PromptIn(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    kind: Kind
    model: dict[str, str] = Field(min_length=1)
    text: TextsIn
    follow_up: TextsIn | None = None
    scale: ScaleIn | None = None
    options: list[OptionIn] | None = None
    other: bool = False
    refers_to: str | None = None
    quote_from: str | None = None
    fallback: TextsIn | None = None
    why: TextsIn | None = None
    story: StoryIn | None = None
    trend: str | None = Field(default=None, pattern=ID_PATTERN)

    @property
    def quotes(self) -> str | None:
        return self.refers_to or self.quote_from


class WeekIn(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    theme: TextsIn
    days: list[PromptIn] = Field(min_length=1)
    mentor_note: TextsIn | None = None


class ProgrammeIn(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    audience: Literal["learner", "mentor"]
    order: int = Field(default=100, ge=0, le=1000)
    title: TextsIn
    description: TextsIn
    weeks: list[WeekIn] = Field(min_length=1)
