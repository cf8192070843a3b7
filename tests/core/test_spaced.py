"""The spaced-return rule: 1, 3 and 8 weeks, one a week, never private, not in a pause."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.spaced import Reflection, due_return

TODAY = date(2026, 12, 2)


def ago(days: int, answer_id: int = 1, **flags: bool) -> Reflection:
    return Reflection(answer_id, TODAY - timedelta(days=days), **{"private": False, **flags})


def test_an_answer_comes_back_after_one_three_and_eight_weeks() -> None:
    for weeks in (1, 3, 8):
        found = due_return([ago(weeks * 7)], TODAY, None, set(), paused=False)
        assert found is not None and found[1] == weeks
    assert due_return([ago(14)], TODAY, None, set(), paused=False) is None
    assert due_return([ago(5 * 7)], TODAY, None, set(), paused=False) is None


def test_a_day_or_three_late_is_fine_but_each_interval_comes_once() -> None:
    assert due_return([ago(24)], TODAY, None, set(), paused=False) is not None
    assert due_return([ago(25)], TODAY, None, set(), paused=False) is None
    assert due_return([ago(21)], TODAY, None, {(1, 3)}, paused=False) is None


def test_at_most_one_a_week() -> None:
    assert due_return([ago(7)], TODAY, TODAY - timedelta(days=6), set(), paused=False) is None
    assert due_return([ago(7)], TODAY, TODAY - timedelta(days=7), set(), paused=False) is not None


def test_never_a_private_answer_and_nothing_during_a_pause() -> None:
    assert due_return([ago(7, private=True)], TODAY, None, set(), paused=False) is None
    assert due_return([ago(7)], TODAY, None, set(), paused=True) is None


def test_plans_then_discussed_then_goal_answers_go_first() -> None:
    plain, goal, discuss, plan = (ago(7, 1), ago(7, 2, goal=True), ago(21, 3, discuss=True),
                                  ago(56, 4, plan=True))
    order = []
    left = [plain, goal, discuss, plan]
    while (found := due_return(left, TODAY, None, set(), paused=False)) is not None:
        order.append(found[0].answer_id)
        left.remove(found[0])
    assert order == [4, 3, 2, 1]
