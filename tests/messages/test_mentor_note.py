"""A programme's mentor note shows as one line in the learner's block of the digest."""

from __future__ import annotations

from dataclasses import replace

from bot.core.privacy import learner_digest
from bot.core.weekly import LinkView
from bot.messages.summaries import learner_block
from tests.core.test_low_scale import scale, week


def test_the_mentor_note_is_a_line_in_the_learners_block() -> None:
    part = learner_digest(week(scale(1, 4, low_is_bad=True)), LinkView(1, "answers"))
    text = learner_block(replace(part, note="Sam vraagt deze week iemand om feedback."), "nl")
    assert "👉 Sam vraagt deze week iemand om feedback." in text
    assert "👉" not in learner_block(part, "nl")
