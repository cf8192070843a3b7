"""The story at the end of a programme: the learner's own answers, in order, as one text.

The learner does the steps day by day (what happened, what I had to do, what I did, how
it turned out, what I would do again); the coach puts them together so nobody has to
copy answers around on a phone. Pure: answers in, parts out.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.programme import Programme, Prompt, Texts

STORY_ANSWER_CHARS = 600
"""Each part is cut to this many characters, so the whole story fits one message."""


def story_prompt(programme: Programme) -> Prompt | None:
    """The prompt after which the programme's story is sent, if it has one."""
    return next((p for p in reversed(programme.days) if p.story is not None), None)


def story_parts(prompt: Prompt, answers: Mapping[str, str]) -> tuple[tuple[Texts, str], ...]:
    """(label, the learner's words) for every part that has an answer, in the story's order.

    A part the learner skipped is left out rather than shown empty: the story stays theirs.
    """
    if prompt.story is None:
        return ()
    parts = []
    for part in prompt.story.parts:
        words = " ".join((answers.get(part.prompt_id) or "").split())
        if words:
            if len(words) > STORY_ANSWER_CHARS:
                words = words[: STORY_ANSWER_CHARS - 1].rsplit(" ", 1)[0] + "…"
            parts.append((part.label, words))
    return tuple(parts)
