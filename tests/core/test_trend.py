"""Which answers form the learner's trend line (bot/core/trend.py) and when it is charted."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.programme import Kind, Programme, Prompt, Week
from bot.core.summary import build_learner_summary
from bot.core.trend import (
    MAX_POINTS,
    chart_due,
    series,
    trend_answers,
    trend_prompts,
    week_trend,
    weekly_points,
)
from bot.core.weekly import LearnerWeek, TrendPoint, WeekAnswer

MON = date(2026, 11, 30)
TUE, WED, THU, FRI = (MON + timedelta(days=n) for n in range(1, 5))


def scale(answer_id: int, day: date, value: int | None, trend: str | None = "zeker",
          skipped: bool = False, prompt_id: str = "w1-zeker") -> WeekAnswer:
    return WeekAnswer(answer_id, day, prompt_id, "scale", "Hoe zeker was je vandaag?",
                      value=value, trend=trend, skipped=skipped)


def weeks_back(n: int, value: int) -> TrendPoint:
    return TrendPoint(THU - timedelta(weeks=n), value)


def test_trend_prompts_are_the_scale_prompts_with_that_key_in_any_programme() -> None:
    def programme(pid: str, *prompts: Prompt) -> Programme:
        return Programme(pid, "learner", {}, {}, (Week("w1", {}, prompts),))  # type: ignore[arg-type]
    a = programme("starter", Prompt("w2-wo", Kind.SCALE, {}, trend="zeker"),
                  Prompt("w2-do", Kind.SCALE, {}))
    b = programme("leren", Prompt("w1-zeker", Kind.SCALE, {}, trend="zeker"),
                  Prompt("w1-x", Kind.SCALE, {}, trend="other"))
    assert trend_prompts([a, b], "zeker") == {("starter", "w2-wo"), ("leren", "w1-zeker")}
    assert trend_prompts([a, b], "nothing") == frozenset()


def test_the_weeks_trend_is_its_last_answered_trend_question() -> None:
    answers = [scale(1, MON, 2, trend="a"), scale(2, TUE, 3, trend=None),
               scale(3, WED, 4, trend="b"), scale(4, THU, None, trend="c"),
               scale(5, FRI, 5, trend="d", skipped=True)]
    assert week_trend(answers) == "b"  # no value or skipped: not an answer
    assert week_trend([scale(1, MON, 2, trend=None)]) is None
    assert [a.answer_id for a in trend_answers(answers, "b")] == [3]


def test_one_point_per_calendar_week_its_last_answer_oldest_first() -> None:
    points = [TrendPoint(THU, 4), weeks_back(2, 2), TrendPoint(MON, 3), weeks_back(1, 3)]
    assert weekly_points(points) == (weeks_back(2, 2), weeks_back(1, 3), TrendPoint(THU, 4))
    many = [weeks_back(n, 1 + n % 5) for n in range(20)]
    kept = weekly_points(many)
    assert len(kept) == MAX_POINTS and kept[-1] == TrendPoint(THU, 1)  # the newest weeks


def test_the_series_is_earlier_weeks_then_this_weeks_answer() -> None:
    earlier = (weeks_back(2, 2), weeks_back(1, 3))
    answers = [scale(1, TUE, 1), scale(2, THU, 4), scale(3, WED, 5, trend="other")]
    line = series(earlier, answers, "zeker")
    assert [p.value for p in line] == [2, 3, 4]  # Tuesday's 1 was replaced by Thursday's 4
    assert chart_due(line, answers, "zeker")
    assert not chart_due(line[1:], answers, "zeker")  # two weeks: no chart yet
    assert not chart_due((*earlier, weeks_back(3, 1)), [], "zeker")  # nothing new this week


def week_of(answers: tuple[WeekAnswer, ...], earlier: tuple[TrendPoint, ...]) -> LearnerWeek:
    return LearnerWeek(1, "Sanne", "nl", MON, (MON, TUE, WED, THU, FRI), answers,
                       earlier_trend=earlier)


def test_a_chart_in_week_three_for_a_learner_who_answered_each_week() -> None:
    week3 = build_learner_summary(week_of((scale(1, THU, 4),), (weeks_back(2, 2), weeks_back(1, 3))))
    assert (week3.chart, week3.trend, week3.trend_key) == (True, (2, 3, 4), "zeker")
    week1 = build_learner_summary(week_of((scale(1, THU, 2),), ()))
    assert (week1.chart, week1.trend, week1.scale_values) == (False, (2,), (2,))


def test_other_scale_questions_never_join_the_line() -> None:
    """A week with only a one-off scale shows its own value; earlier trend values stay out."""
    answers = (scale(1, WED, 5, trend=None, prompt_id="w2-do"),)
    summary = build_learner_summary(week_of(answers, (weeks_back(2, 2), weeks_back(1, 3))))
    assert (summary.trend, summary.chart, summary.trend_key) == ((5,), False, None)
    both = (scale(1, WED, 5, trend=None, prompt_id="w2-do"), scale(2, THU, 4))
    summary = build_learner_summary(week_of(both, (weeks_back(2, 2), weeks_back(1, 3))))
    assert (summary.trend, summary.scale_values, summary.chart) == ((2, 3, 4), (4,), True)
