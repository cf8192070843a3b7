"""When the weekly summary may go: after the day's prompt has had its answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.timing import ANSWER_WINDOW, POLL, QUIET, DayPrompt, summary_wait

CHOSEN = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)  # Friday 16:00 Amsterdam
PROMPT = CHOSEN + timedelta(minutes=30)  # the day's prompt at 16:30


def test_never_before_the_chosen_time() -> None:
    assert summary_wait(CHOSEN, None, CHOSEN - timedelta(hours=1)) == CHOSEN


def test_no_prompt_that_day_goes_at_the_chosen_time() -> None:
    assert summary_wait(CHOSEN, None, CHOSEN) is None
    closed = DayPrompt(PROMPT, sent=False, closed=True)
    assert summary_wait(CHOSEN, closed, CHOSEN) is None


def test_a_later_prompt_is_waited_for_and_then_its_answer() -> None:
    planned = DayPrompt(PROMPT, sent=False, closed=False)
    assert summary_wait(CHOSEN, planned, CHOSEN) == PROMPT + POLL
    sent = DayPrompt(PROMPT, sent=True, closed=False)
    now = PROMPT + POLL
    assert summary_wait(CHOSEN, sent, now) == now + POLL


def test_after_the_answer_there_is_time_for_the_follow_up() -> None:
    answered = DayPrompt(PROMPT, sent=True, closed=False, answered_at=PROMPT + timedelta(minutes=9))
    assert summary_wait(CHOSEN, answered, PROMPT + timedelta(minutes=10)) == \
        PROMPT + timedelta(minutes=9) + QUIET
    assert summary_wait(CHOSEN, answered, PROMPT + timedelta(minutes=9) + QUIET) is None


def test_an_answer_that_does_not_come_is_waited_for_a_few_hours_only() -> None:
    sent = DayPrompt(PROMPT, sent=True, closed=False)
    assert summary_wait(CHOSEN, sent, PROMPT + ANSWER_WINDOW - timedelta(minutes=5)) == \
        PROMPT + ANSWER_WINDOW
    assert summary_wait(CHOSEN, sent, PROMPT + ANSWER_WINDOW) is None


def test_a_prompt_answered_before_the_chosen_time_does_not_delay_it() -> None:
    early = DayPrompt(CHOSEN - timedelta(hours=8), sent=True, closed=False,
                      answered_at=CHOSEN - timedelta(hours=7))
    assert summary_wait(CHOSEN, early, CHOSEN) is None
