"""Which prompt comes next, and small rules about answers."""

from __future__ import annotations

from bot.core.programme import Kind, Programme, Prompt

QUOTE_CHARS = 80
SHORT_ANSWER_WORDS = 4


def prompt_at(programme: Programme, position: int) -> Prompt | None:
    """The prompt for day ``position`` (0-based); None once the programme is done."""
    days = programme.days
    return days[position] if 0 <= position < len(days) else None


def position_of(programme: Programme, prompt_id: str) -> int | None:
    for index, prompt in enumerate(programme.days):
        if prompt.id == prompt_id:
            return index
    return None


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """Cut at a word boundary, so a quoted answer stays readable on a phone."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,.;:") + "…"


def needs_follow_up(prompt: Prompt, answer_text: str) -> bool:
    """A very short answer to a prompt that has a gentle follow-up gets it (once)."""
    if prompt.follow_up is None or not prompt.kind.takes_text:
        return False
    return len(answer_text.split()) < SHORT_ANSWER_WORDS


def is_button_kind(prompt: Prompt) -> bool:
    return prompt.kind in (Kind.SCALE, Kind.CHOICE)
