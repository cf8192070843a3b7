"""The mentor's week: which days a digest covers, how a question and a learner's state
read, so the preview, the digest, /leerlingen and the details agree."""

from __future__ import annotations

from datetime import date

from bot.core.mentorweek import (
    STATE_NOT_STARTED,
    STATE_PAUSED,
    Period,
    digest_period,
    preview_period,
    question_of,
    shown_days,
    voice_length,
)
from bot.core.privacy import build_mentor_digest, learner_digest
from bot.core.weekly import LearnerWeek, LinkView, MentorDigestInput, WeekAnswer
from bot.messages.summaries import render_learner_details, render_mentor_digest

MON = date(2026, 11, 23)


def d(day: int, month: int = 11) -> date:
    return date(2026, month, day)


def test_a_monday_digest_covers_last_week() -> None:
    assert digest_period(d(30), None) == Period(d(23), d(29))
    assert digest_period(d(30), d(22)) == Period(d(23), d(29))


def test_a_digest_moved_mid_week_covers_the_days_since_the_last_one() -> None:
    assert digest_period(d(25), d(22)) == Period(d(23), d(24))  # Mon → Wed: Mon and Tue
    assert digest_period(d(2, 12), d(24)) == Period(d(25), d(1, 12))  # then Wed to Tue
    assert digest_period(d(25), d(24)) is None  # a second digest the same day


def test_the_first_digest_or_one_after_a_long_gap() -> None:
    assert digest_period(d(26), None) == Period(d(16), d(22))  # Thursday: last week
    assert digest_period(d(27), None) == Period(d(23), d(26))  # Friday: this week so far
    assert digest_period(d(30), d(1)) == Period(d(23), d(29))  # a month without digests


def test_the_preview_counts_the_days_of_the_coming_digest_up_to_today() -> None:
    assert preview_period(d(27), d(30), d(22)) == Period(d(23), d(27))
    assert preview_period(d(27), d(2, 12), d(24)) == Period(d(25), d(27))
    assert preview_period(d(27), None, None) == Period(d(23), d(27))


def test_the_label_leaves_out_a_weekend_nobody_worked() -> None:
    week = Period(d(23), d(29))
    assert shown_days(week, [d(23), d(27)]) == Period(d(23), d(27))
    assert shown_days(week, [d(28)]) == Period(d(23), d(28))


def test_the_question_without_welcome_example_or_quote() -> None:
    intro = ("Welkom! Ik stel je elke werkdag één korte vraag. Om te beginnen: wat heb je "
             "vandaag vooral gedaan? Eén zin is genoeg, bijvoorbeeld: storingen gezocht.")
    assert question_of(intro) == "Om te beginnen: wat heb je vandaag vooral gedaan?"
    assert question_of("Je doel is: …. Wat lukte daar vandaag al van?") == \
        "Wat lukte daar vandaag al van?"
    assert question_of("Deze week let je op leermomenten. Hoe onthoud je ze?") == \
        "Deze week let je op leermomenten. Hoe onthoud je ze?"
    assert question_of("Schrijf één zin.") == "Schrijf één zin."
    assert voice_length(42) == "0:42" and voice_length(75) == "1:15" and voice_length(None) == ""


def _week(answers: tuple[WeekAnswer, ...], asked: tuple[date, ...]) -> LearnerWeek:
    return LearnerWeek(7, "Daan", "nl", MON, asked, answers)


def test_choice_voice_photo_and_a_long_answer_as_the_mentor_sees_them() -> None:
    long = "Een lang verhaal over de compressor. " * 40
    answers = (
        WeekAnswer(1, d(23), "c", "choice", "Wanneer leer jij het meest? Kies er één.",
                   choice_label="Als een collega iets voordoet"),
        WeekAnswer(2, d(24), "o", "open", "Wat was nieuw?", media=("voice",), voice_seconds=42),
        WeekAnswer(3, d(25), "o", "open", "Wat deed je?", media=("photo",)),
        WeekAnswer(4, d(26), "p", "plan", "Wat is je plan?", text=long),
    )
    part = learner_digest(_week(answers, (d(23), d(24), d(25), d(26))), LinkView(9, "answers"))
    digest = render_mentor_digest(build_mentor_digest(MentorDigestInput(
        1, "Marieke", "nl", MON, ((_week(answers, (d(23), d(24), d(25), d(26))),
                                   LinkView(9, "answers")),), period=Period(d(23), d(29)))),
        d(30))
    assert digest.text.startswith("📋 <b>Overzicht</b> · vorige week, 23–27 november")
    assert "Wanneer leer jij het meest? → <b>Als een collega iets voordoet</b>" in digest.text
    assert "“Als een collega" not in digest.text  # a choice is not quoted as own words
    assert "🎙 spraakbericht (0:42)" in digest.text and "📷 foto" in digest.text
    details = render_learner_details(part, "nl", Period(d(23), d(29)))
    assert " ".join("".join(m.text for m in details).split()).count("compressor") == 40
    assert all(len(m.text) <= 4096 for m in details)
    labels = [b.label for row in details[-1].buttons for b in row]
    assert labels == ["▶️ Spraakbericht van di afspelen", "📷 Foto van wo bekijken"]


def test_not_started_and_paused_say_so_instead_of_no_questions() -> None:
    empty = _week((), ())
    part = learner_digest(empty, LinkView(9, "answers", state=STATE_NOT_STARTED))
    assert part.state == STATE_NOT_STARTED and not part.flags
    paused = learner_digest(empty, LinkView(9, "answers", state=STATE_PAUSED,
                                            resume_on=d(7, 12)))
    for state, line in ((part, "🌱 was nog niet begonnen"),
                        (paused, "⏸ heeft pauze tot 7 december")):
        text = render_mentor_digest(build_mentor_digest(MentorDigestInput(
            1, "Marieke", "nl", MON, ((empty, LinkView(9, "answers", state=state.state,
                                                       resume_on=state.resume_on)),),
            period=Period(d(23), d(29)))), d(30)).text
        assert line in text and "geen vragen" not in text
