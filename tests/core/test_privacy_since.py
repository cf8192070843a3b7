"""Rule 7 of the mentor's view: sharing starts at the link (older weeks only when shared)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.core.privacy import learner_digest, mentor_view
from bot.core.weekly import LearnerWeek, LinkView, WeekAnswer

MONDAY = date(2026, 11, 30)
LINKED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def week() -> LearnerWeek:
    old = WeekAnswer(1, MONDAY, "p1", "open", "Wat deed je?", text="oud geheim",
                     created_at=datetime(2026, 11, 30, 15, 0, tzinfo=UTC))
    new = WeekAnswer(2, date(2026, 12, 1), "p2", "open", "En nu?", text="na de koppeling",
                     created_at=datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    return LearnerWeek(1, "Sanne", "nl", MONDAY, (MONDAY, date(2026, 12, 1)), (old, new))


def test_answers_before_the_link_are_not_there_for_the_mentor() -> None:
    link = LinkView(7, "answers", since=LINKED, since_day=date(2026, 12, 1))
    view = mentor_view(week(), link)
    assert view is not None
    assert [a.answer_id for a in view.answers] == [2]
    part = learner_digest(week(), link)
    assert (part.answered, part.asked) == (1, 1)
    assert "oud geheim" not in str(part)


def test_a_week_the_learner_shared_is_shown_whole() -> None:
    link = LinkView(7, "answers", since=LINKED, since_day=date(2026, 12, 1),
                    shared_weeks=frozenset({MONDAY}))
    part = learner_digest(week(), link)
    assert (part.answered, part.asked) == (2, 2)
    assert "oud geheim" in str(part)


def test_an_answer_without_a_time_counts_as_older() -> None:
    link = LinkView(7, "answers", since=LINKED)
    bare = LearnerWeek(1, "Sanne", "nl", MONDAY, (), (WeekAnswer(1, MONDAY, "p", "open",
                                                                 text="x"),))
    view = mentor_view(bare, link)
    assert view is not None and view.answers == ()
