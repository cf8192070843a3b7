"""The counted writing rules of ``coach content check``: every shipped file keeps them,
and each rule catches a file that breaks it (a failing fixture per rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import DEFAULT_CONTENT_DIR
from bot.content import Parsed, parse_file
from bot.content_rules import (
    MAX_PROMPT_WORDS,
    MAX_SENTENCE_WORDS,
    is_instruction,
    load_words,
    rule_problems,
    sentences,
    stats,
    words_in,
)

WORDS = load_words()

GOOD = """\
id: demo
audience: learner
title: {nl: Proef, en: Trial}
description: {nl: Een korte proef., en: A short trial.}
weeks:
  - id: w1
    theme: {nl: Thema, en: Theme}
    days:
      - id: d1
        kind: plan
        model: {alact: trial}
        text:
          nl: "Welke klus wil je morgen anders doen?"
          en: "Which job do you want to do differently tomorrow?"
        follow_up:
          nl: "Wat hielp, of wat zat in de weg?"
          en: "What helped, or what got in the way?"
      - id: d2
        kind: scale
        model: {feedback: feed_back}
        text: {nl: "Hoe ging het vandaag?", en: "How did it go today?"}
        scale:
          low: {nl: zwaar, en: tough}
          high: {nl: goed, en: good}
          low_is: bad
        why:
          nl: Zo zie je na een paar weken hoe het gaat.
          en: After a few weeks you can see how it is going.
      - id: d3
        kind: open
        model: {alact: action}
        text: {nl: "Wat deed je vandaag?", en: "What did you do today?"}
      - id: d4
        kind: choice
        model: {kolb: experience}
        text: {nl: "Van wie leerde je iets?", en: "Who did you learn from?"}
        options:
          - {id: collega, label: {nl: Een collega, en: A colleague}}
          - {id: klant, label: {nl: Een klant, en: A customer}}
      - id: d5
        kind: checkback
        model: {alact: trial}
        refers_to: d1
        text:
          nl: "Je plan was: {answer}. Hoe ging het?"
          en: "Your plan was: {answer}. How did it go?"
        fallback:
          nl: Wat heb je deze week geprobeerd?
          en: What did you try this week?
  - id: w2
    theme: {nl: Verder, en: Onwards}
    days:
      - id: e1
        kind: open
        model: {alact: action}
        quote_from: d3
        text:
          nl: "Vorige week schreef je: {answer}. Wat deed je nu?"
          en: "Last week you wrote: {answer}. What did you do now?"
        fallback: {nl: "Wat deed je vandaag?", en: "What did you do today?"}
      - id: e2
        kind: scale
        model: {feedback: feed_back}
        text: {nl: "Hoe zeker ben je?", en: "How sure are you?"}
        scale:
          low: {nl: niet, en: not}
          high: {nl: heel, en: very}
          low_is: bad
        why: {nl: Een cijfer kost je één tik., en: A number takes one tap.}
      - id: e3
        kind: open
        model: {alact: action}
        text: {nl: "Wat lukte er?", en: "What worked?"}
      - id: e4
        kind: open
        model: {alact: action}
        text: {nl: "Wat lukte niet?", en: "What did not work?"}
      - id: e5
        kind: open
        model: {alact: action}
        text: {nl: "Wat neem je mee?", en: "What do you take with you?"}
"""


def change(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def parsed(tmp_path: Path, text: str) -> Parsed:
    file = tmp_path / "demo.yaml"
    file.write_text(text, encoding="utf-8")
    found, problems = parse_file(file)
    assert found is not None, "\n".join(str(p) for p in problems)
    return found


def messages(tmp_path: Path, text: str) -> list[str]:
    return [p.message for p in rule_problems(parsed(tmp_path, text), WORDS)]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_good_fixture_keeps_every_rule(tmp_path: Path) -> None:
    assert messages(tmp_path, GOOD) == []


@pytest.mark.parametrize("file", sorted(DEFAULT_CONTENT_DIR.glob("*.yaml")), ids=lambda f: f.stem)
def test_every_shipped_file_keeps_the_writing_rules(file: Path) -> None:
    found, problems = parse_file(file)
    assert found is not None, "\n".join(str(p) for p in problems)
    assert rule_problems(found, WORDS) == [], "\n".join(
        str(p) for p in rule_problems(found, WORDS))


def test_counting_words_and_sentences() -> None:
    assert words_in("Je plan was: {answer}. Hoe ging het?") == ["Je", "plan", "was", "Hoe",
                                                                 "ging", "het"]
    assert words_in("1 = zwaar, 5 = ging lekker.") == ["1", "zwaar", "5", "ging", "lekker"]
    assert sentences("Zeg: 'Dat ging goed.' Wat deed je?") == ["Zeg: 'Dat ging goed.'",
                                                               "Wat deed je?"]
    assert is_instruction("Schrijf het op.", WORDS.instructions["nl"])
    assert not is_instruction("Do you know?", WORDS.instructions["en"])


def test_a_prompt_over_25_words(tmp_path: Path) -> None:
    long = "Wat deed je vandaag. " + "Ja ja ja ja. " * 6 + "Klaar?"
    text = change('text: {nl: "Wat deed je vandaag?"', f'text: {{nl: "{long}"')
    found = [p for p in rule_problems(parsed(tmp_path, text), WORDS)]
    assert [p.message for p in found] == [f"the nl text has 29 words, over {MAX_PROMPT_WORDS}"]
    assert found[0].line == line_of(text, "Ja ja ja")


def test_a_sentence_over_15_words(tmp_path: Path) -> None:
    long = "Wat deed je vandaag bij de klant in de werkplaats aan de auto met de nieuwe tester?"
    text = change('text: {nl: "Wat deed je vandaag?"', f'text: {{nl: "{long}"')
    assert messages(tmp_path, text) == [
        f"a nl text sentence has 17 words, over {MAX_SENTENCE_WORDS}: “Wat deed je vandaag bij "
        "de klant in de w…”"]


def test_two_instructions(tmp_path: Path) -> None:
    text = change('text: {nl: "Wat lukte er?"', 'text: {nl: "Denk aan vandaag. Schrijf één ding op."')
    assert messages(tmp_path, text) == ["the nl text gives 2 instructions"]


def test_a_weekday_in_a_check_back(tmp_path: Path) -> None:
    text = change('nl: "Je plan was: {answer}. Hoe ging het?"',
                  'nl: "Maandag schreef je: {answer}. Hoe ging het?"')
    assert messages(tmp_path, text) == ["the nl text names the day 'maandag'"]


def test_a_weekday_in_a_follow_up(tmp_path: Path) -> None:
    text = change('en: "What helped, or what got in the way?"',
                  'en: "What happened on Tuesday?"')
    assert messages(tmp_path, text) == ["the en follow-up names the day 'tuesday'"]


def test_yesterday_in_a_fallback(tmp_path: Path) -> None:
    text = change("en: What did you try this week?", "en: What did you try yesterday?")
    assert messages(tmp_path, text) == ["the en fallback names the day 'yesterday'"]


def test_time_words_must_match_the_quoted_week(tmp_path: Path) -> None:
    text = change('nl: "Vorige week schreef je: {answer}. Wat deed je nu?"',
                  'nl: "Twee weken geleden schreef je: {answer}. Wat deed je nu?"')
    assert messages(tmp_path, text) == [
        "the nl text says 2 week(s) back, but 'd3' is 1 week(s) back"]


def test_a_quote_from_a_later_prompt_is_refused_by_the_loader(tmp_path: Path) -> None:
    file = tmp_path / "demo.yaml"
    file.write_text(change("quote_from: d3", "quote_from: e3"), encoding="utf-8")
    found, problems = parse_file(file)
    assert found is None
    assert [p.message for p in problems] == ["quote_from 'e3' is not an earlier open or plan prompt"]


def test_a_week_without_a_scale(tmp_path: Path) -> None:
    text = change("""      - id: e2
        kind: scale
        model: {feedback: feed_back}
        text: {nl: "Hoe zeker ben je?", en: "How sure are you?"}
        scale:
          low: {nl: niet, en: not}
          high: {nl: heel, en: very}
          low_is: bad
""", """      - id: e2
        kind: choice
        model: {feedback: feed_back}
        text: {nl: "Hoe zeker ben je?", en: "How sure are you?"}
        options:
          - {id: niet, label: {nl: niet, en: not}}
          - {id: heel, label: {nl: heel, en: very}}
""")
    assert messages(tmp_path, text) == ["week 'w2' has no scale"]


def test_a_week_without_a_why_line(tmp_path: Path) -> None:
    text = change("        why: {nl: Een cijfer kost je één tik., en: A number takes one tap.}\n", "")
    assert messages(tmp_path, text) == ["week 'w2' has 0 why lines, not 1"]


def test_a_why_line_is_one_sentence(tmp_path: Path) -> None:
    text = change("why: {nl: Een cijfer kost je één tik.,", "why: {nl: Een cijfer. Dat is snel.,")
    assert messages(tmp_path, text) == ["the nl why line is not one plain sentence"]


@pytest.mark.parametrize(("old", "new", "word"), [
    ("nl: Een korte proef.", "nl: Een korte proef over leermomenten.", "leermoment"),
    ('nl: "Wat lukte niet?"', 'nl: "Wat is je STARR-verhaal?"', "starr"),
    ("label: {nl: Een klant,", "label: {nl: Je portfolio,", "portfolio"),
])
def test_jargon_from_the_word_list(tmp_path: Path, old: str, new: str, word: str) -> None:
    assert messages(tmp_path, change(old, new)) == [f"the nl text uses the word '{word}'"]


def test_the_stats_count_typing_and_tap_days(tmp_path: Path) -> None:
    row = stats(parsed(tmp_path, GOOD))
    assert (row.prompts, row.typing_days, row.tap_days, row.scales, row.whys, row.quotes) == \
        (10, 7, 3, 2, 2, 2)
    assert row.max_words == 8


def test_check_prints_the_table_and_fails_on_a_rule(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "programmes"
    folder.mkdir()
    (folder / "demo.yaml").write_text(GOOD, encoding="utf-8")
    assert main(["content", "check", "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "programme  weeks  prompts  mean words  max words  typing  tap" in out
    assert "demo" in out.splitlines()[-1]
    (folder / "demo.yaml").write_text(change("Je plan was:", "Vrijdag schreef je:"),
                                      encoding="utf-8")
    assert main(["content", "check", "--dir", str(folder)]) == 1
    assert "names the day 'vrijdag'" in capsys.readouterr().err


def test_a_mentor_note_names_the_learner_and_stays_short(tmp_path: Path) -> None:
    note = ("    theme: {nl: Verder, en: Onwards}\n    mentor_note:\n"
            "      nl: Deze week vraagt je collega om feedback.\n"
            "      en: \"{name} will ask for feedback this week.\"\n")
    text = change("    theme: {nl: Verder, en: Onwards}\n", note)
    assert messages(tmp_path, text) == ["the nl mentor note does not name the learner"]
