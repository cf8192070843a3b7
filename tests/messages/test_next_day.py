"""The next work day named as a learner reads it: today, tomorrow, a weekday or later."""

from __future__ import annotations

from datetime import date

from bot.messages.render import name_next_day, next_day_phrase

FRIDAY = date(2026, 12, 4)


def test_the_phrase_follows_the_calendar() -> None:
    assert next_day_phrase("nl", date(2026, 12, 5), FRIDAY) == "morgen"
    assert next_day_phrase("nl", date(2026, 12, 7), FRIDAY) == "maandag"
    assert next_day_phrase("en", date(2026, 12, 7), FRIDAY) == "on Monday"
    assert next_day_phrase("nl", FRIDAY, FRIDAY) == "vandaag"  # a night shift's next shift
    assert next_day_phrase("nl", date(2026, 12, 28), FRIDAY) == "op je volgende werkdag"
    assert next_day_phrase("en", None, FRIDAY) == "on your next work day"


def test_only_the_word_tomorrow_is_replaced_and_a_capital_is_kept() -> None:
    assert name_next_day("Morgen kan ook. Wie zie je morgen?", "nl", "maandag") == \
        "Maandag kan ook. Wie zie je maandag?"
    assert name_next_day("Goedemorgen, 's morgens", "nl", "maandag") == "Goedemorgen, 's morgens"
    assert name_next_day("Who will you see tomorrow?", "en", "on Monday") == \
        "Who will you see on Monday?"
    assert name_next_day("Wie zie je morgen?", "nl", None) == "Wie zie je morgen?"
