"""Weekly summaries and the mentor's digest: pure building, golden texts, privacy.

Golden files live in ``tests/messages/golden``. After a deliberate change of a text, run
``UPDATE_GOLDEN=1 pytest tests/messages`` and read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import struct
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.privacy import (
    FLAG_DISCUSS,
    FLAG_LOW_SCALE,
    FLAG_NO_ANSWERS,
    LearnerDigest,
    build_mentor_digest,
    learner_digest,
    mentor_view,
)
from bot.core.records import Outgoing
from bot.core.summary import (
    NEXT_KEEP_GOING,
    NEXT_RESTART,
    NEXT_THEME,
    NEXT_TRY_PLAN,
    WITHHELD,
    PlanCheck,
    build_learner_summary,
    sparkline,
)
from bot.core.weekly import (
    LearnerWeek,
    LinkView,
    MentorDigestInput,
    TrendPoint,
    WeekAnswer,
    WeekFeedback,
)
from bot.emulator.html_check import parse_html
from bot.messages.charts import scale_chart_png
from bot.messages.i18n import LANGUAGES, catalog
from bot.messages.summaries import (
    MAX_TEXT,
    chart_spec,
    render_learner_chart,
    render_learner_detail,
    render_learner_summary,
    render_mentor_digest,
    render_mentor_preview,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

MON = date(2026, 11, 30)
TUE, WED, THU, FRI = (MON + timedelta(days=n) for n in range(1, 5))
WORK_WEEK = (MON, TUE, WED, THU, FRI)
SECRET = "GEHEIM-123"
GUILT_WORDS = {"nl": ("helaas", "jammer", "gemist"), "en": ("unfortunately", "missed")}
ALLOWED_TAGS = {"b", "i", "code", "u", "s", "a"}
EARLIER = (TrendPoint(MON - timedelta(days=11), 2), TrendPoint(MON - timedelta(days=4), 3))

# The words of the fixtures in both languages (the learner's and the programme's).
TEXT = {
    "nl": {
        "programme": "Slim werken met nieuwe techniek",
        "plan_q": "Maak de zin af: als ik deze week …, dan …",
        "plan": "Als de diagnosetester een foutcode geeft, dan vraag ik Ahmed om mee te kijken.",
        "open_q": "Wat ging vandaag anders dan je dacht?",
        "open": "De klant snapte het display van haar e-bike niet. Ik heb het stap voor stap "
                "laten zien, en daarna kon ze het zelf.",
        "scale_q": "Hoe zeker ben je met de diagnosetester?",
        "voice_q": "Vertel over een storing van vandaag.",
        "skip_q": "Wie weet veel van de nieuwe software?",
        "check_q": "Maandag schreef je: “{plan}”. Is dat gelukt? Half gelukt telt ook.",
        "check": "Ja. Ahmed liet me zien hoe je het foutlog uitleest.",
        "feedback": "Goed dat je de klant zelf liet proberen. Wat zou je de volgende keer "
                    "als eerste laten zien?",
        "theme": "Storingen en verrassingen",
        "f_open_q": "Welk nieuw apparaat gebruikte je vandaag?",
        "f_open": "De nieuwe scanner voor de heftruck, eerst lastig maar nu gaat het.",
        "f_scale_q": "Hoe druk was je dag?",
        "f_choice_q": "Wat hielp je vandaag het meest?",
        "f_choice": "Een collega",
        "track": "Plan deze week tien minuten met elke deelnemer. Vraag: wat wil je "
                 "volgende week beter doen? Luister eerst, geef daarna één tip.",
    },
    "en": {
        "programme": "Smart work with new technology",
        "plan_q": "Finish the sentence: if this week I …, then I …",
        "plan": "If the diagnostic tester shows an error code, then I ask Ahmed to look with me.",
        "open_q": "What went differently today than you expected?",
        "open": "The customer did not understand the display of her e-bike. I showed it step "
                "by step, and after that she could do it herself.",
        "scale_q": "How confident are you with the diagnostic tester?",
        "voice_q": "Tell me about a fault you had today.",
        "skip_q": "Who knows a lot about the new software?",
        "check_q": "On Monday you wrote: “{plan}”. Did it work? Halfway counts too.",
        "check": "Yes. Ahmed showed me how to read the error log.",
        "feedback": "Good that you let the customer try it herself. What would you show "
                    "first next time?",
        "theme": "Faults and surprises",
        "f_open_q": "Which new device did you use today?",
        "f_open": "The new scanner for the forklift, hard at first but now it works.",
        "f_scale_q": "How busy was your day?",
        "f_choice_q": "What helped you most today?",
        "f_choice": "A colleague",
        "track": "This week, plan ten minutes with each learner. Ask: what do you want to do "
                 "better next week? Listen first, then give one tip.",
    },
}


# --- fixtures ----------------------------------------------------------------------------


def typical_week(lang: str, *, discuss: bool = False) -> LearnerWeek:
    """5 days asked, 4 answered: a plan on Monday, an open answer and a scale on Tuesday,
    a voice note on Wednesday, Thursday skipped, a checkback and the trend question on
    Friday (answered 2 and 3 in the two weeks before)."""
    x = TEXT[lang]
    answers = (
        WeekAnswer(1, MON, "w2-mon", "plan", x["plan_q"], text=x["plan"]),
        WeekAnswer(2, TUE, "w2-tue", "open", x["open_q"], text=x["open"], discuss=discuss),
        WeekAnswer(3, TUE, "w2-tue-s", "scale", x["scale_q"], value=3),
        WeekAnswer(4, WED, "w2-wed", "open", x["voice_q"], media=("voice",)),
        WeekAnswer(5, THU, "w2-thu", "open", x["skip_q"], skipped=True),
        WeekAnswer(6, FRI, "w2-fri", "checkback", x["check_q"].format(plan=x["plan"]),
                   text=x["check"], refers_to_text=x["plan"]),
        WeekAnswer(7, FRI, "w2-fri-s", "scale", x["scale_q"], value=4, trend="zeker"),
    )
    feedback = (
        WeekFeedback(11, "Sanne", "Daan", x["feedback"], datetime(2026, 12, 2, 9, 30, tzinfo=UTC),
                     reaction="thumbs_up"),
    )
    return LearnerWeek(
        learner_id=1, learner_name="Daan", lang=lang, week_start=MON, days_asked=WORK_WEEK,
        answers=answers, feedback=feedback, earlier_trend=EARLIER,
        programme_title=x["programme"], next_theme=x["theme"], streak_days=1,
    )


def figures_week(lang: str) -> LearnerWeek:
    """Fatima shares figures only; she has a low score and a private answer with a secret."""
    x = TEXT[lang]
    answers = (
        WeekAnswer(21, MON, "w2-mon", "open", x["f_open_q"], text=x["f_open"]),
        WeekAnswer(22, TUE, "w2-tue-s", "scale", x["f_scale_q"], value=2),
        WeekAnswer(23, WED, "w2-wed", "open", x["open_q"], text=f"{SECRET} mijn chef schreeuwde",
                   private=True, discuss=True),
        WeekAnswer(24, THU, "w2-thu", "choice", x["f_choice_q"], choice_label=x["f_choice"]),
        WeekAnswer(25, FRI, "w2-fri", "open", x["open_q"], skipped=True),
    )
    return LearnerWeek(
        learner_id=2, learner_name="Fatima", lang=lang, week_start=MON, days_asked=WORK_WEEK,
        answers=answers, programme_title=x["programme"], streak_days=0,
    )


def empty_week(lang: str) -> LearnerWeek:
    return LearnerWeek(
        learner_id=3, learner_name="Ruben", lang=lang, week_start=MON, days_asked=WORK_WEEK,
        answers=(), programme_title=TEXT[lang]["programme"], streak_days=0,
    )


def secret_week(lang: str = "nl") -> LearnerWeek:
    """Every way a private answer could leak: text, choice, scale, discuss, a private plan
    quoted by a shared checkback, a note."""
    x = TEXT[lang]
    plan = f"Als {SECRET} gebeurt, dan bel ik de vakbond."
    answers = (
        WeekAnswer(31, MON, "w2-mon", "plan", x["plan_q"], text=plan, private=True, discuss=True),
        WeekAnswer(32, TUE, "w2-tue", "open", f"{SECRET} prompt", text=f"{SECRET} tekst",
                   private=True, discuss=True, media=("photo",)),
        WeekAnswer(33, TUE, "w2-tue-s", "scale", x["scale_q"], value=1, private=True, discuss=True,
                   trend="zeker"),
        WeekAnswer(34, WED, "w2-wed", "choice", x["f_choice_q"], choice_label=f"{SECRET} keuze",
                   private=True),
        WeekAnswer(35, WED, None, "note", "", text=f"{SECRET} notitie"),
        WeekAnswer(36, THU, "w2-thu", "open", x["open_q"], text="Gedeeld antwoord over de tester."),
        WeekAnswer(37, FRI, "w2-fri", "checkback", x["check_q"].format(plan=plan),
                   text="Het is gelukt.", refers_to_text=plan),
    )
    return LearnerWeek(
        learner_id=4, learner_name="Sem", lang=lang, week_start=MON, days_asked=WORK_WEEK,
        answers=answers, earlier_trend=(TrendPoint(MON - timedelta(days=7), 1),), streak_days=2,
    )


def digest_input(lang: str) -> MentorDigestInput:
    return MentorDigestInput(
        mentor_id=9, mentor_name="Sanne", lang=lang, week_start=MON,
        learners=(
            (typical_week(lang, discuss=True), LinkView(101, "answers")),
            (figures_week(lang), LinkView(102, "figures")),
        ),
        track_message=TEXT[lang]["track"],
    )


# --- helpers -----------------------------------------------------------------------------


def as_text(out: Outgoing) -> str:
    """The message and its buttons, as stored in a golden file."""
    lines = [out.text]
    if out.buttons:
        lines += ["", "--- buttons ---"]
        lines += [" | ".join(f"[{b.label}] → {b.data}" for b in row) for row in out.buttons]
    return "\n".join(lines) + "\n"


def check_golden(name: str, out: Outgoing) -> None:
    check_html(out.text)
    path = GOLDEN / f"{name}.txt"
    actual = as_text(out)
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs (UPDATE_GOLDEN=1 to renew)"


def check_html(text: str) -> str:
    tags = {m.lower() for m in re.findall(r"</?\s*([A-Za-z][\w-]*)", text)}
    assert tags <= ALLOWED_TAGS, f"tags {tags - ALLOWED_TAGS}"
    assert len(text) <= MAX_TEXT
    return parse_html(text).text


def everything(out: Outgoing) -> str:
    return as_text(out)


# --- sparkline, summary rules ------------------------------------------------------------


def test_sparkline_one_block_per_value() -> None:
    assert sparkline([1, 2, 3, 4, 5]) == "▁▃▄▆█"
    assert sparkline([]) == ""
    assert sparkline([3, 3]) == "▄▄"
    assert sparkline([0, 9]) == "▁█"  # clamped


def test_typical_week_summary() -> None:
    s = build_learner_summary(typical_week("nl"))
    x = TEXT["nl"]
    assert (s.answered, s.asked, s.streak) == (4, 5, 1)
    # two scale questions this week: the line follows the trend question (Friday's) only
    assert s.scale_values == (4,)
    assert s.trend == (2, 3, 4) and s.trend_key == "zeker"
    assert s.trend_days == (*(p.day for p in EARLIER), FRI)
    assert s.chart is True
    assert s.scale_question.startswith("Hoe zeker ben je met de diagnosetester?")
    assert s.plans == (PlanCheck(x["plan"], x["check"]),)
    assert s.quotes == (x["open"][:79].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…",)
    assert s.voice_notes == 1 and s.pictures == 0
    assert s.next_step == NEXT_THEME and s.next_step_values == {"theme": x["theme"]}
    assert len(s.feedback) == 1


def test_quotes_prefer_the_longest_three_in_day_order() -> None:
    texts = ["kort", "een wat langer antwoord hier", "middel lang", "het allerlangste antwoord van de week",
             "nog een lang antwoord, best lang"]
    week = replace(empty_week("nl"), answers=tuple(
        WeekAnswer(i, WORK_WEEK[i], None, "open", "", text=txt) for i, txt in enumerate(texts)))
    assert build_learner_summary(week).quotes == (texts[1], texts[3], texts[4])


def test_next_step_rules() -> None:
    base = empty_week("nl")
    assert build_learner_summary(base).next_step == NEXT_RESTART
    assert build_learner_summary(replace(base, next_theme="Storingen")).next_step == NEXT_THEME
    answered = replace(base, answers=(WeekAnswer(1, MON, None, "open", "", text="iets"),))
    assert build_learner_summary(answered).next_step == NEXT_KEEP_GOING
    plan = WeekAnswer(2, TUE, None, "plan", "", text="Als het regent, dan check ik de remmen.")
    with_plan = replace(answered, answers=(*answered.answers, plan), next_theme="Storingen")
    s = build_learner_summary(with_plan)
    assert s.next_step == NEXT_TRY_PLAN
    assert s.next_step_values == {"plan": "Als het regent, dan check ik de remmen."}
    assert s.plans == (PlanCheck("Als het regent, dan check ik de remmen.", None),)


def test_a_checkback_of_last_weeks_plan_counts_as_checked() -> None:
    check = WeekAnswer(1, MON, None, "checkback", "", text="Gelukt!", refers_to_text="Vorige week-plan")
    s = build_learner_summary(replace(empty_week("nl"), answers=(check,)))
    assert s.plans == (PlanCheck("Vorige week-plan", "Gelukt!"),)
    assert s.quotes == ()  # not quoted twice


def test_empty_week_summary() -> None:
    s = build_learner_summary(empty_week("nl"))
    assert (s.answered, s.asked, s.quotes, s.scale_values, s.chart, s.plans) == (0, 5, (), (), False, ())


def test_answers_on_days_not_asked_or_skipped_do_not_count() -> None:
    week = replace(empty_week("nl"), answers=(
        WeekAnswer(1, MON + timedelta(days=5), None, "note", "", text="zaterdag"),
        WeekAnswer(2, MON, None, "open", "", skipped=True),
        WeekAnswer(3, TUE, None, "open", "", text="   "),
    ))
    assert build_learner_summary(week).answered == 0


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("streak", range(6))
@pytest.mark.parametrize("answered", range(6))
def test_the_streak_never_scolds(lang: str, streak: int, answered: int) -> None:
    answers = tuple(WeekAnswer(i, WORK_WEEK[i], None, "open", "", text="iets") for i in range(answered))
    week = replace(empty_week(lang), answers=answers, streak_days=min(streak, answered))
    text = render_learner_summary(week, build_learner_summary(week)).text.lower()
    for word in GUILT_WORDS[lang]:
        assert word not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalog_text_of_the_summary_scolds(lang: str) -> None:
    for key, value in catalog(lang).items():
        if key.startswith(("summary.", "digest.")):
            for word in GUILT_WORDS[lang]:
                assert word not in value.lower(), key


# --- golden files ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_golden_learner_summary_typical(lang: str) -> None:
    week = typical_week(lang)
    check_golden(f"learner_typical_{lang}", render_learner_summary(week, build_learner_summary(week)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_golden_learner_summary_empty(lang: str) -> None:
    week = empty_week(lang)
    check_golden(f"learner_empty_{lang}", render_learner_summary(week, build_learner_summary(week)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_golden_mentor_digest_typical(lang: str) -> None:
    check_golden(f"digest_typical_{lang}", render_mentor_digest(build_mentor_digest(digest_input(lang))))


def test_golden_mentor_preview_nl() -> None:
    part = learner_digest(typical_week("nl", discuss=True), LinkView(101, "answers"))
    check_golden("preview_nl", render_mentor_preview(part, "nl", MON))


def test_golden_learner_detail_nl() -> None:
    part = learner_digest(typical_week("nl", discuss=True), LinkView(101, "answers"))
    check_golden("detail_nl", render_learner_detail(part, "nl"))


def test_preview_shows_exactly_the_digest_block() -> None:
    part = learner_digest(typical_week("nl", discuss=True), LinkView(101, "answers"))
    digest = render_mentor_digest(build_mentor_digest(digest_input("nl"))).text
    preview = render_mentor_preview(part, "nl", MON)
    block = preview.text.split("\n\n")[1]
    in_digest = next(b for b in digest.split("\n\n") if b.startswith("<b>Daan</b>"))
    # the same block, without the lines about the mentor's own feedback, and without
    # "(meer via Details)": only the mentor has that button
    assert block == "\n".join(line for line in in_digest.split("\n")
                              if not line.startswith("🗨") and "Details" not in line)
    assert [[(b.label, b.data) for b in row] for row in preview.buttons] == \
        [[("Deze week niet delen", "hold:20261130")]]


def test_digest_buttons_per_learner_in_input_order() -> None:
    out = render_mentor_digest(build_mentor_digest(digest_input("nl")))
    assert [[b.data for b in row] for row in out.buttons] == [["md:101", "fb:101"], ["md:102", "fb:102"]]
    assert out.buttons[0][0].label == "🔎 Daan" and out.buttons[0][1].label == "💬 Feedback"


# --- privacy -----------------------------------------------------------------------------


def all_mentor_outputs(week: LearnerWeek, link: LinkView, lang: str = "nl") -> tuple[str, LearnerDigest]:
    """Every text a mentor (or the preview) can get, and the digest part behind them."""
    inp = MentorDigestInput(9, "Sanne", lang, MON, ((week, link),), track_message="Tip")
    digest = build_mentor_digest(inp)
    part = digest.learners[0]
    texts = [
        everything(render_mentor_digest(digest)),
        everything(render_learner_detail(part, lang)),
        everything(render_mentor_preview(part, lang, MON)),
        repr(digest),
        repr(mentor_view(week, link)),
    ]
    return "\n".join(texts), part


@pytest.mark.parametrize("mode", ["answers", "figures"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_private_answer_never_reaches_the_mentor(mode: str, lang: str) -> None:
    everything_, part = all_mentor_outputs(secret_week(lang), LinkView(7, mode), lang)
    assert SECRET not in everything_
    assert "vakbond" not in everything_
    assert "notitie" not in everything_
    # the private scale 1 and the private discuss flags do not leak
    assert part.scale_values == () and part.scales == ()
    assert FLAG_DISCUSS not in part.flags and FLAG_LOW_SCALE not in part.flags
    assert part.discuss_days == ()
    # but participation counts the private answers as a number
    assert (part.answered, part.asked) == (5, 5)


def test_private_answers_stay_in_the_learners_own_summary() -> None:
    week = secret_week("nl")
    text = render_learner_summary(week, build_learner_summary(week)).text
    assert SECRET in text  # the learner's own words, shown to the learner only


def test_mentor_view_blanks_private_answers_completely() -> None:
    view = mentor_view(secret_week("nl"), LinkView(7, "answers"))
    assert view is not None
    assert view.earlier_trend == ()
    for a in view.answers[:5]:
        assert a.kind == WITHHELD and a.private
        assert (a.text, a.value, a.choice_label, a.media, a.discuss, a.prompt_text, a.prompt_id) == \
            (None, None, None, (), False, "", None)
    checkback = view.answers[6]
    assert checkback.text == "Het is gelukt." and checkback.refers_to_text is None
    assert SECRET not in checkback.prompt_text and "…" in checkback.prompt_text


def test_a_checkback_may_quote_a_plan_the_mentor_sees_anyway() -> None:
    view = mentor_view(typical_week("nl"), LinkView(7, "answers"))
    assert view is not None
    assert TEXT["nl"]["plan"] in view.answers[5].prompt_text
    assert view.answers[5].refers_to_text is None


@pytest.mark.parametrize("mode", ["answers", "figures"])
def test_a_held_back_week_shows_only_the_name(mode: str) -> None:
    week = typical_week("nl", discuss=True)
    link = LinkView(7, mode, held_back=True)
    assert mentor_view(week, link) is None
    texts, part = all_mentor_outputs(week, link)
    assert part == LearnerDigest(7, "Daan", 0, 0, (), (), "", (), True, ())
    digest = render_mentor_digest(build_mentor_digest(
        MentorDigestInput(9, "Sanne", "nl", MON, ((week, link),))))
    block = digest.text.split("\n\n")[1]
    assert block == "<b>Daan</b>\n<i>Deze week niet gedeeld.</i>"
    for word in ("stap voor stap", "foutlog", "Ahmed", "📅", "📈", "▄", "🙋", "🔸", "🗨", "Goed dat je"):
        assert word not in texts
    assert render_mentor_preview(part, "nl", MON).buttons == ()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_mode_shows_numbers_but_no_words(lang: str) -> None:
    week = typical_week(lang, discuss=True)
    texts, part = all_mentor_outputs(week, LinkView(7, "figures"), lang)
    x = TEXT[lang]
    for words in (x["open"][:30], x["plan"][:30], x["check"][:20], "Ahmed"):
        assert words not in texts
    assert part.shared == ()
    assert (part.answered, part.asked) == (4, 5)
    assert part.scale_values == (3, 4) and part.sparkline == "▄▆"
    digest = render_mentor_digest(build_mentor_digest(
        MentorDigestInput(9, "Sanne", lang, MON, ((week, LinkView(7, "figures")),))))
    assert "▄▆ (3, 4)" in digest.text
    assert ("4 van 5 dagen" if lang == "nl" else "4 of 5 days") in digest.text
    assert FLAG_DISCUSS in part.flags  # a shared answer's discuss flag is the learner's own request


def test_figures_mode_drops_the_learners_reply_to_feedback() -> None:
    week = typical_week("nl")
    fb = replace(week.feedback[0], reply=f"{SECRET} antwoord")
    week = replace(week, feedback=(fb,))
    texts, _ = all_mentor_outputs(week, LinkView(7, "figures"))
    assert SECRET not in texts
    answers_texts, _ = all_mentor_outputs(week, LinkView(7, "answers"))
    assert SECRET in answers_texts  # a reply to the mentor is for the mentor


def test_digest_flags() -> None:
    digest = build_mentor_digest(digest_input("nl"))
    daan, fatima = digest.learners
    assert daan.flags == (FLAG_DISCUSS,)
    assert fatima.flags == (FLAG_LOW_SCALE,)  # her private discuss does not count
    empty = learner_digest(empty_week("nl"), LinkView(3, "answers"))
    assert empty.flags == (FLAG_NO_ANSWERS,)
    paused = learner_digest(replace(empty_week("nl"), days_asked=()), LinkView(3, "answers"))
    assert paused.flags == ()


def test_the_digest_keeps_the_input_order() -> None:
    inp = digest_input("nl")
    reordered = replace(inp, learners=tuple(reversed(inp.learners)))
    assert [p.name for p in build_mentor_digest(reordered).learners] == ["Fatima", "Daan"]


def test_user_values_are_escaped_everywhere() -> None:
    nasty = "<b>Piet</b> & co"  # two words: worth quoting back
    week = replace(typical_week("nl", discuss=True), learner_name=nasty,
                   answers=(WeekAnswer(1, MON, None, "open", nasty, text=nasty),))
    inp = MentorDigestInput(9, nasty, "nl", MON, ((week, LinkView(1, "answers")),), track_message=nasty)
    digest = build_mentor_digest(inp)
    for out in (render_mentor_digest(digest), render_learner_detail(digest.learners[0], "nl"),
                render_mentor_preview(digest.learners[0], "nl", MON),
                render_learner_summary(week, build_learner_summary(week))):
        shown = check_html(out.text)
        assert nasty in shown


# --- size --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_digest_stays_under_4096_with_15_learners_with_long_answers(lang: str) -> None:
    long = "Vandaag heb ik een lastige storing aan de hefbrug opgelost samen met een collega. " * 6
    learners = []
    for n in range(15):
        answers = (
            *(WeekAnswer(n * 10 + i, day, None, "open", "Wat ging vandaag anders dan je dacht? " * 3,
                         text=f"{long} ({i})", discuss=True)
              for i, day in enumerate(WORK_WEEK)),
            WeekAnswer(n * 10 + 9, FRI, None, "scale", "Hoe zeker?", value=1),
        )
        fb = WeekFeedback(n, "Sanne", f"Leerling {n}", long, datetime(2026, 12, 1, tzinfo=UTC), reply=long)
        week = LearnerWeek(n, f"Leerling met een lange naam {n}", lang, MON, WORK_WEEK, answers,
                           feedback=(fb,), streak_days=5)
        learners.append((week, LinkView(n, "answers")))
    digest = build_mentor_digest(MentorDigestInput(9, "Sanne", lang, MON, tuple(learners),
                                                   track_message=long * 3))
    out = render_mentor_digest(digest)
    check_html(out.text)
    assert len(out.text.encode("utf-16-le")) // 2 <= MAX_TEXT
    assert len(out.buttons) == 15
    for n in range(15):
        assert f"Leerling met een lange naam {n}</b>" in out.text  # nobody dropped
    assert ("meer via Details" if lang == "nl" else "more in Details") in out.text
    for part in digest.learners:
        check_html(render_learner_detail(part, lang).text)


def test_a_huge_digest_still_fits_and_keeps_all_buttons() -> None:
    learners = tuple(
        (LearnerWeek(n, f"Deelnemer nummer {n} met een lange naam", "nl", MON, WORK_WEEK, ()),
         LinkView(n, "answers"))
        for n in range(80)
    )
    out = render_mentor_digest(build_mentor_digest(MentorDigestInput(9, "Sanne", "nl", MON, learners)))
    check_html(out.text)
    assert len(out.buttons) == 80
    assert "en nog" in out.text


# --- chart -------------------------------------------------------------------------------


def test_chart_is_a_png_of_phone_size_and_fast() -> None:
    values, labels = [2, 3, 3, 4], ["eerder", "", "di", "vr"]
    scale_chart_png(values, labels, "Je scores (1 tot 5)")  # warm up fonts
    started = time.perf_counter()
    png = scale_chart_png(values, labels, "Je scores (1 tot 5)", highlight_from=2)
    elapsed = time.perf_counter() - started
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (800, 450)
    assert elapsed < 1.0  # typically well under 0.3 s; generous for slow CI machines
    with pytest.raises(ValueError):
        scale_chart_png([], [], "x")


def test_learner_chart_only_with_three_values_and_one_this_week() -> None:
    week = typical_week("nl")
    chart = render_learner_chart(week, build_learner_summary(week))
    assert chart is not None and chart[0].startswith(b"\x89PNG")
    short = replace(week, earlier_trend=EARLIER[1:])  # 2 weeks: no chart
    assert render_learner_chart(short, build_learner_summary(short)) is None
    no_new = replace(empty_week("nl"), earlier_trend=(*EARLIER, TrendPoint(MON - timedelta(days=1), 4)))
    assert build_learner_summary(no_new).chart is False


def test_the_chart_follows_the_trend_question_with_a_date_per_week() -> None:
    summary = build_learner_summary(typical_week("en"))
    found = chart_spec(typical_week("en"), summary)
    assert found is not None
    spec, caption = found
    assert spec["values"] == [2, 3, 4] and spec["highlight_from"] == 2
    assert spec["labels"] == ["19 Nov", "26 Nov", "4 Dec"]
    assert spec["title"] == TEXT["en"]["scale_q"]
    assert "week by week" in caption
    nl = build_learner_summary(typical_week("nl"))
    assert chart_spec(typical_week("nl"), nl)[0]["labels"] == ["19 nov", "26 nov", "4 dec"]  # type: ignore[index]
    text = render_learner_summary(typical_week("nl"), nl).text
    assert "Je score, week na week</b> (1 tot 5): 2 → 3 → <b>4</b>" in text


def test_scales_without_a_trend_never_form_a_line() -> None:
    """Two different scale questions in earlier weeks are no trend: this week only, no chart."""
    week = typical_week("nl")
    plain = replace(week, answers=tuple(replace(a, trend=None) for a in week.answers))
    s = build_learner_summary(plain)
    assert (s.trend, s.scale_values, s.chart, s.trend_key) == ((4,), (4,), False, None)
    assert "→" not in render_learner_summary(plain, s).text
