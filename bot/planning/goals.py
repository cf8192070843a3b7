"""Learning goals in the mentor's digest: per goal, how often the learner worked on it in
the answers this mentor may see.

The learner's own summary counts every tied answer; a mentor's count goes through the
same privacy rules as the digest (``bot/core/privacy.py``): a private answer, a note, an
answer from before the link or from a week held back is not counted, so no number can
tell what a withheld answer was about. Goals themselves are always shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from bot.core.goals import Goal, shared_counts
from bot.core.privacy import MentorDigest, mentor_view
from bot.core.summary import WITHHELD
from bot.core.weekly import LearnerWeek, LinkView
from bot.store import Store


def with_shared_counts(store: Store, digest: MentorDigest,
                       learners: Iterable[tuple[LearnerWeek, LinkView]],
                       goals: Mapping[int, Iterable[Goal]] | None = None) -> MentorDigest:
    """The digest with each learner's goal counts; ``goals`` (learner id → active goals)
    when the batch read them already, else they are read here."""
    counted: dict[int, tuple[tuple[str, int], ...]] = {}
    for week, link in learners:
        own = list(goals.get(week.learner_id, ()) if goals is not None
                   else store.goals_of(week.learner_id))
        view = mentor_view(week, link) if own else None
        if view is None:
            continue  # no goals, or the week is held back: nothing to say
        seen = [a.answer_id for a in view.answers if a.kind != WITHHELD and not a.skipped]
        ties = store.goals_of_answers(seen)
        counted[link.link_id] = tuple((g.text, n) for g, n in shared_counts(own, ties, seen))
    return replace(digest, learners=tuple(
        replace(part, goal_counts=counted[part.link_id]) if part.link_id in counted else part
        for part in digest.learners))
