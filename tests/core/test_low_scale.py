"""The mentor's "lage score" flag appears only on scales whose low end is bad news."""

from __future__ import annotations

from datetime import date

from bot.core.privacy import FLAG_LOW_SCALE, learner_digest
from bot.core.weekly import LearnerWeek, LinkView, WeekAnswer

MONDAY = date(2026, 11, 30)


def week(*answers: WeekAnswer) -> LearnerWeek:
    return LearnerWeek(learner_id=1, learner_name="Sam", lang="nl", week_start=MONDAY,
                       days_asked=tuple(a.day for a in answers), answers=answers)


def scale(day: int, value: int, low_is_bad: bool) -> WeekAnswer:
    return WeekAnswer(answer_id=day, day=date(2026, 12, day), prompt_id=f"p{day}", kind="scale",
                      prompt_text="Hoe vaak?", value=value, low_is_bad=low_is_bad)


def test_a_low_value_where_low_is_bad_is_flagged_with_its_day() -> None:
    part = learner_digest(week(scale(1, 1, low_is_bad=True)), LinkView(1, "answers"))
    assert FLAG_LOW_SCALE in part.flags
    assert part.low_days == ((date(2026, 12, 1), 1),)


def test_a_low_value_where_low_is_good_or_neutral_is_not_flagged() -> None:
    part = learner_digest(week(scale(1, 1, low_is_bad=False), scale(2, 2, low_is_bad=False)),
                          LinkView(1, "answers"))
    assert FLAG_LOW_SCALE not in part.flags
    assert part.low_days == ()
    assert part.scale_values == (1, 2)  # the numbers are still shown


def test_figures_only_keeps_the_meaning_of_the_scale() -> None:
    part = learner_digest(week(scale(1, 2, low_is_bad=False), scale(3, 2, low_is_bad=True)),
                          LinkView(1, "figures"))
    assert part.low_days == ((date(2026, 12, 3), 2),)

