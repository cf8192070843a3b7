"""The assembled story as a message the learner can keep (HTML, every answer escaped)."""

from __future__ import annotations

from bot.core.programme import Prompt, Texts, pick
from bot.core.records import Outgoing
from bot.messages.i18n import Raw, t


def render_story(prompt: Prompt, parts: tuple[tuple[Texts, str], ...], lang: str) -> Outgoing | None:
    """The story message, or None when there is nothing of the learner's to put in it."""
    if prompt.story is None or not parts:
        return None
    blocks = [t(lang, "story.part", label=pick(label, lang), text=words) for label, words in parts]
    if prompt.story.closing is not None:
        blocks.append(t(lang, "story.closing", text=pick(prompt.story.closing, lang)))
    return Outgoing(t(lang, "story.message", title=pick(prompt.story.title, lang),
                      parts=Raw("\n\n".join(blocks))).rstrip())
