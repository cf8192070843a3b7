"""Check-backs name the real day of the quoted answer and never double punctuation."""

from __future__ import annotations

from datetime import date

from bot.messages.render import day_phrase, fill_quote, name_the_day

WEDNESDAY = date(2026, 12, 9)


def test_a_written_weekday_becomes_the_real_one() -> None:
    phrase = day_phrase("nl", date(2026, 12, 7), WEDNESDAY)  # written on Monday
    assert name_the_day("Donderdag schreef je: “x”.", "nl", phrase) == "Maandag schreef je: “x”."
    after_pause = day_phrase("nl", date(2026, 11, 26), WEDNESDAY)
    assert name_the_day("Maandag schreef je: “x”.", "nl", after_pause) == "Vorige keer schreef je: “x”."
    assert name_the_day("{day} schreef je: “x”.", "nl", day_phrase("nl", date(2026, 12, 8),
                                                                    WEDNESDAY)) == \
        "Gisteren schreef je: “x”."


def test_english_drops_the_on_for_yesterday_and_last_time() -> None:
    assert name_the_day("On Monday you wrote: “x”.", "en",
                        day_phrase("en", date(2026, 12, 8), WEDNESDAY)) == "Yesterday you wrote: “x”."
    assert name_the_day("On Monday you wrote: “x”.", "en",
                        day_phrase("en", date(2026, 12, 7), WEDNESDAY)) == "On Monday you wrote: “x”."
    assert name_the_day("On Monday you wrote: “x”.", "en",
                        day_phrase("en", date(2026, 11, 1), WEDNESDAY)) == "Last time you wrote: “x”."


def test_no_doubled_punctuation_after_a_quote() -> None:
    assert fill_quote("Je schreef: {answer}. Gelukt?", "“Lukt het terug?”") == \
        "Je schreef: “Lukt het terug?” Gelukt?"
    assert fill_quote("Je schreef: {answer}. Gelukt?", "“Foto maken”") == \
        "Je schreef: “Foto maken”. Gelukt?"


def test_week_words_follow_the_calendar_not_the_programme() -> None:
    from bot.messages.render import weeks_phrase

    tuesday, thursday = date(2027, 1, 5), date(2027, 1, 7)
    phrase = day_phrase("nl", tuesday, thursday)
    assert name_the_day("Vorige week schreef je: {answer}.", "nl", phrase,
                        weeks_phrase("nl", tuesday, thursday)) == "Dinsdag schreef je: {answer}."
    assert name_the_day("Drie weken geleden schreef je: {answer}.", "nl", phrase,
                        weeks_phrase("nl", date(2026, 12, 3), date(2027, 1, 6))) == \
        "Vijf weken geleden schreef je: {answer}."
    assert weeks_phrase("en", date(2026, 12, 30), date(2027, 1, 6)) == "last week"
