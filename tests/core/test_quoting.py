"""What of a learner's words is quoted back, and how the day it was written is named."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.quoting import EARLIER, TODAY, YESTERDAY, answer_quote, day_reference, plan_quote

STORY = ("Vandaag moest ik met Erik een pomp vervangen bij een klant in Zwolle. Eerst hebben "
         "we alles drukloos gemaakt, dat duurde lang. Toen zag ik dat de pakking ook kapot was.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ik let op de klant. Als een klant iets vraagt, dan vraag ik door.",
         "Als een klant iets vraagt, dan vraag ik door."),
        ("als het weer gebeurt dan schrijf ik het op", "als het weer gebeurt dan schrijf ik het op"),
        ("Eerst koffie. When a customer asks, then I listen first!",
         "When a customer asks, then I listen first!"),
        (STORY, "Vandaag moest ik met Erik een pomp vervangen bij een klant in Zwolle."),
        ("Foto maken van elke storing", "Foto maken van elke storing"),
    ],
)
def test_a_plan_is_quoted_by_its_plan_part(text: str, expected: str) -> None:
    assert plan_quote(text) == expected


@pytest.mark.parametrize("text", [None, "", "ok", "3", "ja hoor", "👍", "Ok!"])
def test_no_plan_no_quote(text: str | None) -> None:
    assert plan_quote(text) is None


def test_a_long_plan_is_shortened_at_a_word() -> None:
    quote = plan_quote("Als " + "de machine weer stilstaat en niemand weet waarom " * 4 + "dan bel ik")
    assert quote is not None and len(quote) <= 80 and quote.endswith("…")


def test_an_answer_needs_words_to_be_quoted() -> None:
    assert answer_quote("3") is None and answer_quote("ok") is None
    assert answer_quote("Zelf de remmen afgesteld.") == "Zelf de remmen afgesteld."


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (date(2026, 12, 9), TODAY),
        (date(2026, 12, 8), YESTERDAY),
        (date(2026, 12, 7), 1),  # Monday, two days before this Wednesday
        (date(2026, 12, 3), 4),  # last Thursday: six days ago, still one Thursday it can be
        (date(2026, 12, 2), EARLIER),  # a week ago: "vorige keer"
        (date(2026, 11, 20), EARLIER),  # before a pause
    ],
)
def test_the_day_is_named_so_it_cannot_be_wrong(written: date, expected: object) -> None:
    assert day_reference(written, date(2026, 12, 9)) == expected


def test_a_check_back_on_an_earlier_story_is_not_a_plan_in_the_summary() -> None:
    from bot.core.summary import build_learner_summary
    from bot.core.weekly import LearnerWeek, WeekAnswer

    wed = date(2027, 1, 6)
    check = WeekAnswer(1, wed, "w4-vr", "checkback", "Gaat dat nu makkelijker?",
                       text="Ja, het gaat al iets beter.",
                       refers_to_text="Zelf de remmen afgesteld van een heftruck.",
                       refers_to_plan=False)
    summary = build_learner_summary(LearnerWeek(1, "Daan", "nl", date(2027, 1, 4), (wed,),
                                                (check,)))
    assert summary.plans == ()
    assert summary.quotes == ("Ja, het gaat al iets beter.",)
