"""The team digest of a sprint: counts, never people; distributions only from five
answers, small counts rounded; words only of answers shared with the team; private answers never leave.

Golden files live in ``tests/messages/golden``. After a deliberate change of a text, run
``UPDATE_GOLDEN=1 pytest tests/messages`` and read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import string
import struct
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.core.records import Outgoing
from bot.core.team import (
    MIN_ANSWERS,
    DayCount,
    Distribution,
    TeamAnswer,
    TeamDigest,
    TeamPrompt,
    TeamWeekInput,
    TooFew,
    build_team_digest,
    for_group,
    group_aggregate,
    question_of,
    shown_count,
)
from bot.emulator.html_check import parse_html
from bot.messages.charts import answers_per_day_png
from bot.messages.i18n import LANGUAGES, catalog
from bot.messages.team import (
    MAX_TEXT,
    WEEKLY_MAX,
    render_final_report_member,
    render_group_week_end,
    render_group_week_start,
    render_team_chart,
    render_team_digest,
    retro_prompt_text,
    team_chart_spec,
)
from bot.messages.teamweek import render_team_details

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
ALLOWED_TAGS = {"b", "i", "code", "u", "s", "a"}
GUILT_WORDS = {"nl": ("helaas", "jammer", "gemist"), "en": ("unfortunately", "missed")}

SPRINT_START = date(2026, 11, 23)  # a two-week sprint; the fixture week is its second week
MON = date(2026, 11, 30)
TUE, WED, THU, FRI = (MON + timedelta(days=n) for n in range(1, 5))
SECRET = "PRIVE-XYZ"

DAAN, FATIMA, RUBEN, JOOST, NOOR, PRIYA = 1, 2, 3, 4, 5, 6
NAMES = {DAAN: "Daan", FATIMA: "Fatima", RUBEN: "Ruben", JOOST: "Joost", NOOR: "Mila", PRIYA: "Priya"}
NEVER_SHARED = ("Joost", "Mila", "Priya")  # they never shared an answer with the team

OPTIONS = {
    "nl": ("Een collega", "De handleiding", "Zelf uitproberen"),
    "en": ("A colleague", "The manual", "Trying it myself"),
}
TEXT = {
    "nl": {
        "team": "Werkplaats Noord",
        "theme": "Storingen en verrassingen",
        "programme": "Slim werken met nieuwe techniek",
        "mon_q": "Welke storing kwam je vandaag tegen? Eén zin is genoeg.",
        "tue_q": "Hoe zeker ben je met de diagnosetester? 1 = nog niet, 5 = heel zeker.",
        "wed_q": "Wat hielp je vandaag het meest bij een storing?",
        "thu_q": "Hoe druk was je dag? 1 = rustig, 5 = heel druk.",
        "fri_q": "Maandag schreef je: {answer}. Is het gelukt? Half gelukt telt ook.",
        "daan_mon": "De accu van een e-bike gaf een foutcode die ik nog niet kende.",
        "fatima_mon": "Een sensor aan lijn 2 gaf steeds een valse melding.",
        "priya_other": "Een filmpje op YouTube",
        "fatima_fri": "Ja, gelukt: ik vroeg Ahmed om mee te kijken en nu snap ik het foutlog.",
        "w1_q": "Wat deed je vandaag vooral?",
        "daan_retro": "Wat werkte: samen kijken. Ik neem mee dat ik eerder vraag. Ik wil nog leren uitlezen.",
    },
    "en": {
        "team": "Workshop North",
        "theme": "Faults and surprises",
        "programme": "Smart work with new technology",
        "mon_q": "Which fault did you come across today? One sentence is enough.",
        "tue_q": "How confident are you with the diagnostic tester? 1 = not yet, 5 = very.",
        "wed_q": "What helped you most with a fault today?",
        "thu_q": "How busy was your day? 1 = calm, 5 = very busy.",
        "fri_q": "On Monday you wrote: {answer}. Did it work? Halfway counts too.",
        "daan_mon": "An e-bike battery showed an error code I did not know yet.",
        "fatima_mon": "A sensor on line 2 kept giving a false alarm.",
        "priya_other": "A video on YouTube",
        "fatima_fri": "Yes, it worked: I asked Ahmed to look with me and now I understand the error log.",
        "w1_q": "What did you mostly do today?",
        "daan_retro": "What worked: looking together. I take away asking sooner. "
                      "I still want to learn reading logs.",
    },
}


# --- fixtures ----------------------------------------------------------------------------------


def week_prompts(lang: str) -> tuple[TeamPrompt, ...]:
    x = TEXT[lang]
    return (
        TeamPrompt("w2-ma", MON, x["mon_q"], "open"),
        TeamPrompt("w2-di", TUE, x["tue_q"], "scale"),
        TeamPrompt("w2-wo", WED, x["wed_q"], "choice", OPTIONS[lang]),
        TeamPrompt("w2-do", THU, x["thu_q"], "scale"),
        TeamPrompt("w2-vr", FRI, x["fri_q"], "checkback"),
    )


def week_answers(lang: str) -> tuple[TeamAnswer, ...]:
    """Six members. Joost answers every day, always private (and presses "share with team"
    too: private wins). Mila and Priya answer but never share. Daan, Ruben and Fatima
    each share one answer."""
    x = TEXT[lang]
    collega, handleiding, zelf = OPTIONS[lang]
    return (
        # Monday, open: 3 answered (Mila skipped)
        TeamAnswer(DAAN, MON, "w2-ma", "open", text=x["daan_mon"], share_team=True),
        TeamAnswer(FATIMA, MON, "w2-ma", "open", text=x["fatima_mon"]),
        TeamAnswer(JOOST, MON, "w2-ma", "open", text=f"{SECRET} mijn chef", private=True, share_team=True),
        TeamAnswer(NOOR, MON, "w2-ma", "open", skipped=True),
        # Tuesday, scale: 5 visible answers → a distribution; Joost's private 1 is not in it
        TeamAnswer(DAAN, TUE, "w2-di", "scale", value=4),
        TeamAnswer(PRIYA, TUE, "w2-di", "scale", value=4),
        TeamAnswer(FATIMA, TUE, "w2-di", "scale", value=3),
        TeamAnswer(RUBEN, TUE, "w2-di", "scale", value=4),
        TeamAnswer(NOOR, TUE, "w2-di", "scale", value=2),
        TeamAnswer(JOOST, TUE, "w2-di", "scale", value=1, private=True, share_team=True),
        # Wednesday, choice: 5 visible answers (one typed "other"); Joost's private choices not in it
        TeamAnswer(DAAN, WED, "w2-wo", "choice", choice_label=collega),
        TeamAnswer(NOOR, WED, "w2-wo", "choice", choice_label=collega),
        TeamAnswer(FATIMA, WED, "w2-wo", "choice", choice_label=collega),
        TeamAnswer(RUBEN, WED, "w2-wo", "choice", choice_label=zelf, share_team=True),
        TeamAnswer(PRIYA, WED, "w2-wo", "choice", text=x["priya_other"]),
        TeamAnswer(JOOST, WED, "w2-wo", "choice", choice_label=handleiding, private=True),
        TeamAnswer(JOOST, WED, "w2-wo", "choice", choice_label=f"{SECRET} keuze", private=True,
                   share_team=True),
        # Thursday, scale: only 2 visible answers → too few; Joost's private 1 does not count
        TeamAnswer(DAAN, THU, "w2-do", "scale", value=3),
        TeamAnswer(RUBEN, THU, "w2-do", "scale", value=5),
        TeamAnswer(JOOST, THU, "w2-do", "scale", value=1, private=True),
        # Friday, check-back: Fatima shares; Daan sends a voice note only; Joost private
        TeamAnswer(FATIMA, FRI, "w2-vr", "checkback", text=x["fatima_fri"], share_team=True),
        TeamAnswer(DAAN, FRI, "w2-vr", "checkback", media=("voice",), share_team=True),
        TeamAnswer(JOOST, FRI, "w2-vr", "checkback", text=f"{SECRET} niet gelukt", private=True,
                   share_team=True),
        TeamAnswer(NOOR, FRI, "w2-vr", "checkback", text=f"{SECRET} bijna", private=True),
    )


def week_input(lang: str) -> TeamWeekInput:
    x = TEXT[lang]
    return TeamWeekInput(
        team_name=x["team"], lead_name="Sanne", lang=lang, week_start=MON, week_number=2, weeks=2,
        theme=x["theme"], members=6, prompts=week_prompts(lang), answers=week_answers(lang),
        names=NAMES,
    )


def final_input(lang: str) -> TeamWeekInput:
    """The whole two-week sprint: week 1 with open prompts, week 2 of the fixture with the
    retrospective on the last Friday instead of the check-back."""
    x = TEXT[lang]
    week1 = tuple(
        TeamPrompt(f"w1-{n}", SPRINT_START + timedelta(days=n), x["w1_q"], "open") for n in range(5)
    )
    week1_answers = tuple(
        TeamAnswer(member, SPRINT_START + timedelta(days=n), f"w1-{n}", "open",
                   text=f"{SECRET} dag {n}" if member == JOOST else f"antwoord {n}",
                   private=member == JOOST)
        for n in range(5) for member in (DAAN, FATIMA, RUBEN, JOOST, NOOR, PRIYA)[: 6 - n]
    )
    retro = TeamPrompt("retro", FRI, retro_prompt_text(lang), "open")
    prompts = (*week1, *week_prompts(lang)[:4], retro)
    answers = (
        *week1_answers,
        *(a for a in week_answers(lang) if a.day != FRI),
        TeamAnswer(DAAN, FRI, "retro", "open", text=x["daan_retro"], share_team=True),
        TeamAnswer(JOOST, FRI, "retro", "open", text=f"{SECRET} retro", private=True, share_team=True),
        TeamAnswer(NOOR, FRI, "retro", "open", text="Niet gedeeld, wel geteld."),
    )
    return replace(week_input(lang), week_start=SPRINT_START, week_number=2, theme=x["programme"],
                   prompts=prompts, answers=answers, final=True)


# --- helpers ---------------------------------------------------------------------------------


def as_text(out: Outgoing) -> str:
    lines = [out.text]
    if out.buttons:
        lines += ["", "--- buttons ---"]
        lines += [" | ".join(f"[{b.label}] → {b.data}" for b in row) for row in out.buttons]
    return "\n".join(lines) + "\n"


def check_html(text: str) -> str:
    tags = {m.lower() for m in re.findall(r"</?\s*([A-Za-z][\w-]*)", text)}
    assert tags <= ALLOWED_TAGS, f"tags {tags - ALLOWED_TAGS}"
    assert len(text.encode("utf-16-le")) // 2 <= MAX_TEXT
    return parse_html(text).text


def check_golden(name: str, out: Outgoing) -> None:
    check_html(out.text)
    path = GOLDEN / f"{name}.txt"
    actual = as_text(out)
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs (UPDATE_GOLDEN=1 to renew)"


def every_output(inp: TeamWeekInput) -> str:
    """Everything the lead, the members and the group can get from this input."""
    digest = build_team_digest(inp)
    group = group_aggregate(inp)
    final = replace(inp, final=True)
    texts = [
        as_text(render_team_digest(digest, inp)),
        as_text(render_team_digest(digest, final)),
        as_text(render_final_report_member(digest, final)),
        as_text(render_group_week_end(group, inp)),
        as_text(render_group_week_end(digest, inp)),
        repr(digest),
        repr(group),
        repr(team_chart_spec(digest, inp)),
    ]
    return "\n".join(texts)


# --- the rules ---------------------------------------------------------------------------------


def test_counts_per_day_include_private_answers_as_a_number() -> None:
    d = build_team_digest(week_input("nl"))
    assert d.days == (
        DayCount(MON, 3, 6), DayCount(TUE, 6, 6), DayCount(WED, 6, 6), DayCount(THU, 3, 6),
        DayCount(FRI, 4, 6),
    )
    assert (d.answered, d.possible, d.members) == (22, 30, 6)


def test_a_late_joiner_counts_from_their_first_day() -> None:
    """One definition for a week's digest and the final report: a day counts the members
    who had joined by then."""
    d = build_team_digest(replace(week_input("nl"), joined={PRIYA: WED}))
    assert [x.members for x in d.days] == [5, 6, 6, 6, 6]
    assert d.possible == 29 and d.days[1] == DayCount(TUE, 6, 6)  # she answered: never 6 of 5


def test_distributions_only_from_five_non_private_answers() -> None:
    d = build_team_digest(week_input("nl"))
    tue, wed = d.distributions
    assert tue.prompt_id == "w2-di" and tue.kind == "scale"
    assert tue.counts == (("1", 0), ("2", 1), ("3", 1), ("4", 3), ("5", 0))  # Joost's private 1 is not in it
    assert wed.counts == (("Een collega", 3), ("De handleiding", 0), ("Zelf uitproberen", 1))
    assert wed.other == 1 and wed.total == 5  # Priya's typed answer: counted, not shown
    assert d.too_few == (TooFew("w2-do", THU, "Hoe druk was je dag?", "scale"),)
    assert tue.text == "Hoe zeker ben je met de diagnosetester?"  # the question, not the scale's help


def test_small_counts_are_rounded_and_the_rule_is_one_line() -> None:
    assert [shown_count(n) for n in (0, 1, 2, 3, 7)] == ["0", "1–2", "1–2", "3", "7"]
    inp = week_input("nl")
    text = render_team_digest(build_team_digest(inp), inp).text
    assert "2: ▇ 1–2" in text and "4: ▇▇▇ 3" in text  # one block for 1 or 2, whichever it is
    assert text.count("Zo is niemand te herkennen") == 1
    assert "Te weinig" not in text


@pytest.mark.parametrize("kind", ["scale", "choice"])
def test_four_answers_show_no_distribution_five_do(kind: str) -> None:
    prompt = TeamPrompt("p", MON, "Vraag?", kind, ("A", "B"))

    def answer(member: int, private: bool = False) -> TeamAnswer:
        return TeamAnswer(member, MON, "p", kind, value=4 if kind == "scale" else None,
                          choice_label="A" if kind == "choice" else None, private=private)

    four_ids = (1, 2, 3, 4)
    base = replace(week_input("nl"), prompts=(prompt,), answers=tuple(answer(m) for m in four_ids))
    four = build_team_digest(base)
    assert four.distributions == () and [f.prompt_id for f in four.too_few] == ["p"]
    text = render_team_digest(four, base).text
    assert "welke keuze gaven, zie je pas als minstens 5 mensen antwoordden" in text
    assert "▇" not in text and "Te weinig" not in text
    with_private = replace(base, answers=(*base.answers, answer(5, private=True)))
    assert build_team_digest(with_private).distributions == ()  # a private answer does not make five
    five = build_team_digest(replace(base, answers=(*base.answers, answer(5))))
    assert five.too_few == () and len(five.distributions) == 1
    assert five.distributions[0].total == MIN_ANSWERS == 5
    one = build_team_digest(replace(base, answers=(answer(1),)))
    assert one.distributions == () and len(one.too_few) == 1
    none = build_team_digest(replace(base, answers=(answer(1, private=True),)))
    assert none.distributions == () and none.too_few == ()


def test_a_member_counts_once_in_a_distribution() -> None:
    prompt = TeamPrompt("p", MON, "Vraag?", "scale")
    answers = tuple(TeamAnswer(1, MON, "p", "scale", value=v) for v in (1, 2, 5))
    inp = replace(week_input("nl"), prompts=(prompt,), answers=answers)
    d = build_team_digest(inp)
    assert d.distributions == () and len(d.too_few) == 1  # one member, three taps: one answer
    assert d.days == (DayCount(MON, 1, 6),)


def test_shared_answers_in_day_order_with_names() -> None:
    d = build_team_digest(week_input("nl"))
    x = TEXT["nl"]
    assert [(s.name, s.day, s.text) for s in d.shared] == [
        ("Daan", MON, x["daan_mon"]),
        ("Ruben", WED, "Zelf uitproberen"),
        ("Fatima", FRI, x["fatima_fri"]),
    ]
    # a check-back's {answer} (a member's earlier words) never shows in a prompt
    assert d.shared[2].prompt == "Is het gelukt?"  # the question, not the quote before it


@pytest.mark.parametrize(("text", "question"), [
    ("Welkom! Ik stel je elke werkdag één korte vraag. Om te beginnen: wat heb je vandaag "
     "vooral gedaan? Eén zin is genoeg.", "Wat heb je vandaag vooral gedaan?"),
    ("Nieuwe week. Wat wil je deze week beter doen? Schrijf het als: als …, dan …",
     "Wat wil je deze week beter doen?"),
    ("Laatste dag van de sprint! Kijk even terug: wat werkte, wat neem je mee en wat wil je "
     "nog leren? Eén zin per punt is genoeg.", "Wat werkte, wat neem je mee en wat wil je nog leren?"),
    ("Schrijf één zin over je dag.", "Schrijf één zin over je dag."),
])
def test_the_question_of_a_prompt(text: str, question: str) -> None:
    assert question_of(text) == question


def test_the_group_gets_one_distribution_and_at_most_three_shared_answers() -> None:
    inp = week_input("nl")
    answers = inp.answers + tuple(
        TeamAnswer(DAAN, day, pid, "open", text=f"Daan deelt {pid}", share_team=True)
        for day, pid in ((TUE, "w2-di"), (WED, "w2-wo"), (THU, "w2-do"))
    )
    g = group_aggregate(replace(inp, answers=answers))
    assert len(g.distributions) == 1 and g.too_few == ()
    assert g.distributions[0].prompt_id == "w2-wo"  # 5 answers each: the later day
    assert [s.name for s in g.shared] == ["Daan", "Ruben", "Fatima"]  # one per member first
    assert for_group(g) == g
    text = render_group_week_end(g, inp).text
    assert text.count("“") == 3
    assert "Te weinig" not in text and "van 6" not in text


# --- privacy --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_private_answer_never_leaves(lang: str) -> None:
    for inp in (week_input(lang), final_input(lang)):
        everything = every_output(inp)
        assert SECRET not in everything
        assert "mijn chef" not in everything and "keuze" not in everything
    d = build_team_digest(week_input(lang))
    handleiding = OPTIONS[lang][1]
    assert dict(d.distributions[1].counts)[handleiding] == 0  # Joost's private choice
    assert dict(d.distributions[0].counts)["1"] == 0  # Joost's private scale


@pytest.mark.parametrize("lang", LANGUAGES)
def test_names_only_next_to_shared_answers(lang: str) -> None:
    for inp in (week_input(lang), final_input(lang)):
        everything = every_output(inp)
        for name in NEVER_SHARED:
            assert name not in everything
        assert TEXT[lang]["priya_other"] not in everything  # a typed "other": counted only
        assert TEXT[lang]["fatima_mon"] not in everything  # answered, not shared
    # names are only ever next to a shared answer: each name line quotes something
    text = render_team_digest(build_team_digest(week_input(lang)), week_input(lang)).text
    for name in ("Daan", "Ruben", "Fatima"):
        lines = [line for line in text.split("\n") if name in line]
        assert lines and all(line.startswith(f"<b>{name}</b>") for line in lines)


def test_no_per_person_fields_in_the_digest() -> None:
    """Counts and shared answers only: nothing says who answered or who did not."""
    fields = set(TeamDigest.__dataclass_fields__)
    assert fields == {"days", "distributions", "too_few", "shared", "answered", "possible", "members"}
    assert set(DayCount.__dataclass_fields__) == {"day", "answered", "members"}
    assert set(Distribution.__dataclass_fields__) == {"prompt_id", "day", "text", "kind", "counts", "other"}


def test_the_members_own_order_does_not_matter() -> None:
    inp = week_input("nl")
    again = replace(inp, answers=tuple(sorted(inp.answers, key=lambda a: (a.day, -a.member_id))))
    one, two = build_team_digest(inp), build_team_digest(again)
    assert (one.days, one.distributions, one.too_few) == (two.days, two.distributions, two.too_few)


# --- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_golden_lead_digest(lang: str) -> None:
    inp = week_input(lang)
    check_golden(f"lead_digest_{lang}", render_team_digest(build_team_digest(inp), inp))


def test_golden_group_week_end_nl() -> None:
    inp = week_input("nl")
    check_golden("group_week_end_nl", render_group_week_end(group_aggregate(inp), inp))


def test_golden_group_week_start_nl() -> None:
    check_golden("group_week_start_nl", render_group_week_start("Werkplaats Noord", 2, 4,
                                                                "Storingen en verrassingen", "nl"))


def test_golden_final_report_nl() -> None:
    inp = final_input("nl")
    d = build_team_digest(inp)
    check_golden("final_lead_nl", render_team_digest(d, inp))
    check_golden("final_member_nl", render_final_report_member(d, inp))


def test_final_report_titles() -> None:
    for lang, title in (("nl", "Eindverslag"), ("en", "Final report")):
        inp = final_input(lang)
        d = build_team_digest(inp)
        assert title in render_team_digest(d, inp).text
        assert title in render_final_report_member(d, inp).text
        assert title not in render_team_digest(d, replace(inp, final=False)).text


# --- texts --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_retrospective_is_one_short_question(lang: str) -> None:
    text = retro_prompt_text(lang)
    assert len(text) <= 300 and text.count("?") == 1
    assert not set(text) & set("<>&")


def test_team_catalog_keys_match() -> None:
    nl = {k: v for k, v in catalog("nl").items() if k.startswith("team.")}
    en = {k: v for k, v in catalog("en").items() if k.startswith("team.")}
    assert nl.keys() == en.keys() and nl

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key in nl:
        assert fields(nl[key]) == fields(en[key]), key
    week_nl = {k for k in catalog("nl") if k.startswith("teamweek.")}
    assert week_nl and week_nl == {k for k in catalog("en") if k.startswith("teamweek.")}
    for lang, texts in (("nl", nl), ("en", en)):
        for key, value in texts.items():
            for word in GUILT_WORDS[lang]:
                assert word not in value.lower(), key


def test_user_values_are_escaped_everywhere() -> None:
    nasty = "<b>x</b> & co"
    inp = replace(week_input("nl"), team_name=nasty, lead_name=nasty, theme=nasty,
                  names={**NAMES, DAAN: nasty},
                  prompts=tuple(replace(p, text=nasty) for p in week_prompts("nl")),
                  answers=(TeamAnswer(DAAN, MON, "w2-ma", "open", text=nasty, share_team=True),))
    d = build_team_digest(inp)
    outs = (render_team_digest(d, inp), render_team_digest(d, replace(inp, final=True)),
            render_final_report_member(d, inp), render_group_week_end(d, inp),
            render_group_week_start(nasty, 1, 2, nasty, "nl"))
    for out in outs:
        assert nasty in check_html(out.text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_big_team_with_long_shared_answers_fits(lang: str) -> None:
    long = "Vandaag heb ik een lastige storing aan de hefbrug opgelost samen met een collega. " * 4
    members = range(1, 21)
    prompts = tuple(
        TeamPrompt(f"p{w}-{n}", SPRINT_START + timedelta(days=7 * w + n), "Een lange vraag? " * 10,
                   "scale" if n % 2 else "open")
        for w in range(6) for n in range(5)
    )
    answers = tuple(
        TeamAnswer(m, p.day, p.prompt_id, p.kind, value=3 if p.kind == "scale" else None,
                   text=None if p.kind == "scale" else long, share_team=True)
        for p in prompts for m in members
    )
    names = {m: f"{m} teamlid met een lange naam" for m in members}
    inp = TeamWeekInput("Team " * 20, "Sanne", lang, SPRINT_START, 6, 6, "Thema " * 20, 20,
                        prompts, answers, names, final=True)
    d = build_team_digest(inp)
    for out in (render_team_digest(d, inp), render_final_report_member(d, inp),
                render_group_week_end(d, inp), render_team_digest(d, replace(inp, final=False))):
        check_html(out.text)
    final = render_team_digest(d, inp, "td:1:f")
    week = replace(inp, final=False, prompts=prompts[-5:], week_start=prompts[-5].day,
                   answers=tuple(a for a in answers if a.day >= prompts[-5].day))
    weekly = render_team_digest(build_team_digest(week), week, "td:1:5")
    member = render_final_report_member(d, inp, "td:1:f")
    for out in (final, weekly, member):  # short enough for a phone, the rest behind a button
        assert len(check_html(out.text)) <= WEEKLY_MAX and out.buttons[0][0].data.startswith("td:1:")
    assert ("gedeelde antwoorden" if lang == "nl" else "more shared answers") in final.text
    details = render_team_details(d, inp)
    assert len(details) > 1 and all(len(m.text) <= MAX_TEXT for m in details)
    assert sum(m.text.count("<b>20 teamlid") for m in details) == 18  # every shared answer


def test_an_empty_week() -> None:
    inp = replace(week_input("nl"), prompts=(), answers=())
    d = build_team_digest(inp)
    assert d.days == () and d.possible == 0
    assert "Nog geen dagen van de sprint" in render_team_digest(d, inp).text
    assert "geen antwoorden binnen" in render_group_week_end(d, inp).text
    assert team_chart_spec(d, inp) is None and render_team_chart(d, inp) is None


# --- chart ---------------------------------------------------------------------------------------


def test_chart_is_a_png_of_phone_size() -> None:
    inp = week_input("nl")
    found = render_team_chart(build_team_digest(inp), inp)
    assert found is not None
    png, caption = found
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (800, 450)
    assert "van de 6" in caption
    spec, _ = team_chart_spec(build_team_digest(inp), inp) or ({}, "")
    assert spec["labels"] == ["ma", "di", "wo", "do", "vr"] and spec["answered"] == [3, 6, 6, 3, 4]
    final = final_input("nl")
    spec, _ = team_chart_spec(build_team_digest(final), final) or ({}, "")
    assert spec["labels"][0] == "wk 1" and spec["labels"][5] == "wk 2" and spec["labels"][1] == ""
    long = answers_per_day_png([""] * 30, list(range(30)), 25, "Antwoorden per dag")
    assert long.startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        answers_per_day_png([], [], 3, "x")
