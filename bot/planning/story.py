"""Send the learner's story once: after they answer its prompt, or when the programme ends.

The dedupe key makes it once per learner and programme, whichever comes first; the
store's latest answers are what goes in, so an answer extended after a follow-up counts.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.programme import Programme
from bot.core.records import Outgoing, User
from bot.core.story import story_parts, story_prompt
from bot.messages.story import render_story
from bot.store import Store


def story_key(user: User, programme: Programme) -> str:
    return f"story:{user.id}:{programme.id}"


def story_message(store: Store, programme: Programme, user: User) -> Outgoing | None:
    """The learner's story from their latest answers, or None (no story, or no answers)."""
    prompt = story_prompt(programme)
    if prompt is None or prompt.story is None:
        return None
    answers: dict[str, str] = {}
    for part in prompt.story.parts:
        found = store.latest_answer_to(user.id, programme.id, part.prompt_id)
        if found is not None and found.text:
            answers[part.prompt_id] = found.text
    return render_story(prompt, story_parts(prompt, answers), user.language)


def enqueue_story(store: Store, programme: Programme, user: User, now: datetime) -> None:
    """At the end of the programme: the story, if it was not sent after its prompt."""
    message = story_message(store, programme, user)
    if message is not None:
        store.enqueue(chat_id=user.chat_id, user_id=user.id, kind="story", message=message,
                      due_at=now, now=now, dedupe_key=story_key(user, programme),
                      programme_id=programme.id)
