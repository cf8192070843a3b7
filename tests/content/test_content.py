"""The learning programmes: the shipped files follow the writing rules, and a broken file
is reported with its own message, the right line and a hint, for a non-programmer."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import DEFAULT_CONTENT_DIR
from bot.content import (
    LANGUAGES,
    MAX_PROMPT_CHARS,
    MODEL_STEPS,
    Problem,
    load_file,
    load_programmes,
    parse_file,
)
from bot.content_rules import load_words, rule_problems
from bot.core.programme import Audience, Kind, Programme, Prompt
from bot.messages.render import prompt_text

PROGRAMMES = load_programmes(DEFAULT_CONTENT_DIR)
ALL_PROMPTS = [(p.id, prompt) for p in PROGRAMMES.values() for prompt in p.days]
LONG_ANSWER = "x" * 200  # shortened to 80 characters before it is quoted


def prompt_ids(value: object) -> str:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], Prompt):
        return f"{value[0]}:{value[1].id}"
    return str(value)


def texts_of(prompt: Prompt) -> Iterator[tuple[str, str, str]]:
    """(what, lang, text) for every text a learner can see with this prompt."""
    for lang in LANGUAGES:
        if prompt.kind == Kind.CHECKBACK:
            shown = html.unescape(prompt_text(prompt, lang, LONG_ANSWER))
        else:
            shown = prompt.text[lang]
        yield "text", lang, shown
        for what in ("follow_up", "fallback"):
            extra = getattr(prompt, what)
            if extra is not None:
                yield what, lang, extra[lang]
        for option in prompt.options:
            yield "option", lang, option.label[lang]


# --- the shipped programmes --------------------------------------------------------------


def test_the_shipped_programmes_load() -> None:
    assert {"starter", "leren-op-je-werk", "slim-werken", "feedback", "mentor", "veilig-werken",
            "automatisering"} <= set(PROGRAMMES)


def test_every_shipped_file_validates_on_its_own() -> None:
    files = sorted(DEFAULT_CONTENT_DIR.glob("*.yaml"))
    assert files
    for file in files:
        programme, problems = load_file(file)
        assert problems == [], "\n".join(str(p) for p in problems)
        assert programme is not None and programme.id == file.stem


@pytest.mark.parametrize("programme", PROGRAMMES.values(), ids=lambda p: p.id)
def test_every_programme_has_both_languages(programme: Programme) -> None:
    for texts in (programme.title, programme.description, *(w.theme for w in programme.weeks)):
        assert set(texts) == set(LANGUAGES) and all(texts[lang].strip() for lang in LANGUAGES)
    for prompt in programme.days:
        for _, lang, text in texts_of(prompt):
            assert text.strip(), f"{programme.id}:{prompt.id} has an empty {lang} text"


@pytest.mark.parametrize("programme", PROGRAMMES.values(), ids=lambda p: p.id)
def test_learner_weeks_have_five_days_and_mentor_weeks_one_message(programme: Programme) -> None:
    for week in programme.weeks:
        if programme.audience == Audience.LEARNER:
            assert len(week.days) == 5, week.id
            assert all(d.kind != Kind.MESSAGE for d in week.days)
        else:
            assert [d.kind for d in week.days] == [Kind.MESSAGE], week.id


@pytest.mark.parametrize("item", ALL_PROMPTS, ids=prompt_ids)
def test_every_prompt_fits_on_a_phone_screen(item: tuple[str, Prompt]) -> None:
    _, prompt = item
    for what, lang, text in texts_of(prompt):
        assert len(text) <= MAX_PROMPT_CHARS, f"{what} {lang}: {len(text)} characters"


@pytest.mark.parametrize("item", ALL_PROMPTS, ids=prompt_ids)
def test_every_prompt_asks_at_most_one_question(item: tuple[str, Prompt]) -> None:
    _, prompt = item
    for what, lang, text in texts_of(prompt):
        assert text.count("?") <= 1, f"{what} {lang}: {text}"


FORMAL_YOU = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)


@pytest.mark.parametrize("item", ALL_PROMPTS, ids=prompt_ids)
def test_dutch_never_uses_formal_u(item: tuple[str, Prompt]) -> None:
    _, prompt = item
    for what, lang, text in texts_of(prompt):
        if lang == "nl":
            assert not FORMAL_YOU.search(text), f"{what}: {text}"


def test_dutch_titles_and_themes_never_use_formal_u() -> None:
    for programme in PROGRAMMES.values():
        for texts in (programme.title, programme.description, *(w.theme for w in programme.weeks)):
            assert not FORMAL_YOU.search(texts["nl"]), texts["nl"]


def test_every_checkback_quotes_an_earlier_text_answer() -> None:
    for programme in PROGRAMMES.values():
        seen: dict[str, Prompt] = {}
        for prompt in programme.days:
            if prompt.kind == Kind.CHECKBACK:
                assert prompt.refers_to in seen, f"{programme.id}:{prompt.id}"
                assert seen[prompt.refers_to].kind in (Kind.OPEN, Kind.PLAN)
                assert all("{answer}" in prompt.text[lang] for lang in LANGUAGES)
                assert prompt.fallback is not None
                assert all("{answer}" not in prompt.fallback[lang] for lang in LANGUAGES)
            seen[prompt.id] = prompt


# --- invalid files: one message, one line, one hint each --------------------------------

VALID = """\
id: demo
audience: learner
title:
  nl: Proef
  en: Trial
description:
  nl: Een korte proef.
  en: A short trial.
weeks:
  - id: w1
    theme:
      nl: Thema
      en: Theme
    days:
      - id: d1
        kind: open
        model: {alact: action}
        text:
          nl: Wat deed je vandaag?
          en: What did you do today?
      - id: d2
        kind: scale
        model: {feedback: feed_back}
        text:
          nl: Hoe ging het vandaag?
          en: How did it go today?
        scale:
          low: {nl: zwaar, en: tough}
          high: {nl: goed, en: good}
          low_is: bad
      - id: d3
        kind: choice
        model: {kolb: experience}
        text:
          nl: Van wie leerde je vandaag iets?
          en: Who did you learn from today?
        options:
          - id: collega
            label: {nl: Een collega, en: A colleague}
          - id: klant
            label: {nl: Een klant, en: A customer}
      - id: d4
        kind: plan
        model: {alact: trial}
        text:
          nl: "Wat probeer je morgen? Als ik …, dan …"
          en: "What will you try tomorrow? If I …, then …"
      - id: d5
        kind: checkback
        model: {alact: trial}
        refers_to: d4
        text:
          nl: "Gisteren schreef je: {answer}. Is het gelukt?"
          en: "Yesterday you wrote: {answer}. Did it work?"
        fallback:
          nl: Heb je iets nieuws geprobeerd?
          en: Did you try something new?
"""


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the ``nth`` line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in the test file"
    return hits[nth - 1]


def change(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def write(tmp_path: Path, text: str, name: str = "demo") -> Path:
    file = tmp_path / f"{name}.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def problems_of(tmp_path: Path, text: str, name: str = "demo") -> list[Problem]:
    file = write(tmp_path, text, name)
    programme, problems = load_file(file)
    assert programme is None
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def test_the_valid_example_loads(tmp_path: Path) -> None:
    programme, problems = load_file(write(tmp_path, VALID))
    assert problems == []
    assert programme is not None
    assert [d.id for d in programme.days] == ["d1", "d2", "d3", "d4", "d5"]


def test_missing_translation(tmp_path: Path) -> None:
    text = change("          en: What did you do today?\n", "")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "weeks.0.days.0.text.en: Field required"
    assert problem.hint == "add the en translation"
    assert problem.line == line_of(text, "nl: Wat deed je vandaag?") - 1  # the text: line


def test_missing_dutch_title(tmp_path: Path) -> None:
    text = change("  nl: Proef\n", "")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "title.nl: Field required"
    assert problem.hint == "add the nl translation"
    assert problem.line == line_of(text, "title:")


def test_prompt_over_300_characters(tmp_path: Path) -> None:
    text = change("en: What did you do today?", "en: " + "Tell me more. " * 22 + "What did you do?")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "the en text is 324 characters, over 300"
    assert problem.hint == "shorten it so it fits on a phone screen"
    assert problem.line == line_of(text, "Tell me more.")


def test_checkback_length_counts_an_80_character_answer(tmp_path: Path) -> None:
    # 246 characters as written, but 246 - 8 + 82 = 320 once an answer is quoted in “”.
    long = "Gisteren schreef je: {answer}. " + "Dat is mooi. " * 16 + "Gelukt?"
    assert len(long) == 246
    text = change('nl: "Gisteren schreef je: {answer}. Is het gelukt?"', f'nl: "{long}"')
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "the nl text is 320 characters, over 300"
    assert problem.line == line_of(text, "Dat is mooi.")


def test_more_than_one_question(tmp_path: Path) -> None:
    text = change("nl: Wat deed je vandaag?", "nl: Wat deed je vandaag? En waarom?")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "the nl text asks more than one question"
    assert problem.hint == "one question per message: split it or drop one"
    assert problem.line == line_of(text, "En waarom?")


def test_scale_without_labels(tmp_path: Path) -> None:
    text = change(
        "        scale:\n          low: {nl: zwaar, en: tough}\n          high: {nl: goed, en: good}\n"
        "          low_is: bad\n", ""
    )
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "a scale prompt has no labels"
    assert problem.hint == "add scale: low: and high: in nl and en"
    assert problem.line == line_of(text, "kind: scale")


def test_duplicate_id(tmp_path: Path) -> None:
    text = change("- id: d3", "- id: d2")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "duplicate id 'd2'"
    assert problem.hint == "every id must be unique in the file"
    assert problem.line == line_of(text, "- id: d2", nth=2)


@pytest.mark.parametrize(
    ("target", "why"),
    [("d9", "unknown"), ("d2", "a scale, not a text answer"), ("d5", "itself")],
)
def test_checkback_refers_to_unknown_prompt(tmp_path: Path, target: str, why: str) -> None:
    text = change("refers_to: d4", f"refers_to: {target}")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == f"refers_to '{target}' is not an earlier open or plan prompt", why
    assert problem.hint == "use the id of an open or plan prompt that comes before this one"
    assert problem.line == line_of(text, "refers_to:")


def test_checkback_refers_to_a_later_prompt(tmp_path: Path) -> None:
    # Swap the plan (d4) behind the check-back: it quotes an answer not given yet.
    start, plan_end = VALID.index("      - id: d4"), VALID.index("      - id: d5")
    text = VALID[:start] + VALID[plan_end:] + VALID[start:plan_end]
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "refers_to 'd4' is not an earlier open or plan prompt"
    assert problem.line == line_of(text, "refers_to:")


def test_checkback_without_answer_placeholder(tmp_path: Path) -> None:
    text = change('nl: "Gisteren schreef je: {answer}. Is het gelukt?"', "nl: Is het gelukt?")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "the nl check-back text has no {answer}"
    assert problem.hint == "write {answer} where the earlier answer is quoted"
    assert problem.line == line_of(text, "nl: Is het gelukt?")


def test_checkback_without_fallback(tmp_path: Path) -> None:
    text = change(
        "        fallback:\n          nl: Heb je iets nieuws geprobeerd?\n"
        "          en: Did you try something new?\n", ""
    )
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "a check-back has no fallback text"
    assert problem.line == line_of(text, "kind: checkback")


def test_checkback_fallback_with_answer_placeholder(tmp_path: Path) -> None:
    text = change("nl: Heb je iets nieuws geprobeerd?", 'nl: "Je schreef: {answer}. Is het gelukt?"')
    problem = only(problems_of(tmp_path, text))
    assert "{answer}" in problem.message
    assert problem.line == line_of(text, "Je schreef: {answer}")


def test_checkback_fallback_over_300_characters(tmp_path: Path) -> None:
    text = change("nl: Heb je iets nieuws geprobeerd?", "nl: " + "Dat is mooi. " * 24 + "Gelukt?")
    problem = only(problems_of(tmp_path, text))
    assert problem.message.startswith("the nl ")
    assert problem.line == line_of(text, "Dat is mooi.")


def test_follow_up_with_two_questions(tmp_path: Path) -> None:
    text = change(
        "          en: What did you do today?\n",
        "          en: What did you do today?\n        follow_up:\n"
        "          nl: Waar was je? En met wie?\n          en: Where were you?\n",
    )
    problem = only(problems_of(tmp_path, text))
    assert "more than one question" in problem.message
    assert problem.line == line_of(text, "En met wie?")


def test_week_without_five_work_days(tmp_path: Path) -> None:
    start, end = VALID.index("      - id: d1"), VALID.index("      - id: d2")
    text = VALID[:start] + VALID[end:]
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "week 'w1' has 4 days, not 5"
    assert problem.hint == "a learner programme needs five work days per week"
    assert problem.line == line_of(text, "days:")


def test_choice_with_one_option(tmp_path: Path) -> None:
    text = change("          - id: klant\n            label: {nl: Een klant, en: A customer}\n", "")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "a choice prompt needs 2 to 5 options, not 1"
    assert problem.hint == "add or remove options"
    assert problem.line == line_of(text, "options:")


def test_button_label_too_long(tmp_path: Path) -> None:
    text = change("en: A customer}", "en: A customer who came by the workshop}")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "option label is 35 characters"
    assert problem.hint == "a button label fits in 30 characters"
    assert problem.line == line_of(text, "who came by")


def test_unknown_model_step(tmp_path: Path) -> None:
    text = change("model: {alact: action}", "model: {alact: acting}")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "unknown alact step 'acting'"
    assert problem.hint == "use one of: action, alternatives, awareness, looking_back, trial"
    assert problem.line == line_of(text, "alact: acting")


def test_unknown_model(tmp_path: Path) -> None:
    text = change("model: {kolb: experience}", "model: {korthagen: action}")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "unknown model 'korthagen'"
    assert problem.hint.startswith("use one of: alact, feedback, gibbs, kolb")
    assert problem.line == line_of(text, "korthagen")


def test_unknown_kind(tmp_path: Path) -> None:
    text = change("kind: open", "kind: question")
    problem = only(problems_of(tmp_path, text))
    assert problem.message.startswith("weeks.0.days.0.kind: Input should be 'open', 'scale'")
    assert problem.hint == "use one of the allowed values"
    assert problem.line == line_of(text, "kind: question")


def test_misspelt_field(tmp_path: Path) -> None:
    text = change("        refers_to: d4", "        refer_to: d4")
    problems = problems_of(tmp_path, text)
    extra = [p for p in problems if p.message.startswith("weeks.0.days.4.refer_to:")]
    assert len(extra) == 1
    assert extra[0].hint == "remove this field or check its spelling"
    assert extra[0].line == line_of(text, "refer_to: d4")


def test_not_valid_yaml_bad_indentation(tmp_path: Path) -> None:
    text = change("          en: What did you do today?", "         en: What did you do today?")
    problem = only(problems_of(tmp_path, text))
    assert problem.message.startswith("not valid YAML: ")
    assert problem.hint == "check the indentation and quote texts that contain ':' or '#'"
    assert problem.line == line_of(text, "en: What did you do today?")


def test_not_valid_yaml_unquoted_colon(tmp_path: Path) -> None:
    text = change("nl: Wat deed je vandaag?", "nl: Let op: wat deed je vandaag?")
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "not valid YAML: mapping values are not allowed here"
    assert problem.line == line_of(text, "Let op:")


def test_id_not_matching_the_file_name(tmp_path: Path) -> None:
    problem = only(problems_of(tmp_path, VALID, name="proef"))
    assert problem.message == "programme id 'demo' differs from the file name 'proef'"
    assert problem.hint == "rename the file to demo.yaml or change the id"
    assert problem.line == 1


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = change("model: {alact: action}", "model: {alact: acting}")
    text = change("refers_to: d4", "refers_to: d9", text)
    problems = problems_of(tmp_path, text)
    assert [p.line for p in problems] == [line_of(text, "alact: acting"), line_of(text, "refers_to:")]


def test_problem_reads_file_line_message_hint(tmp_path: Path) -> None:
    problem = Problem(tmp_path / "demo.yaml", 12, "a scale prompt has no labels", "add scale:")
    assert str(problem) == f"{tmp_path / 'demo.yaml'}:12: a scale prompt has no labels (hint: add scale:)"
    assert str(Problem(tmp_path / "demo.yaml", 3, "oops")) == f"{tmp_path / 'demo.yaml'}:3: oops"


# --- the coach content CLI ---------------------------------------------------------------


def test_cli_check_reports_problems_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = change("model: {alact: action}", "model: {alact: acting}")
    file = write(tmp_path, text)
    assert main(["content", "check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    line = line_of(text, "alact: acting")
    assert (
        f"{file}:{line}: unknown alact step 'acting' "
        "(hint: use one of: action, alternatives, awareness, looking_back, trial)"
    ) in err.splitlines()
    assert "1 problem(s) found" in err


def test_cli_check_on_an_empty_folder_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check", "--dir", str(tmp_path)]) == 1
    assert "no programme files" in capsys.readouterr().err


def test_cli_check_passes_on_the_shipped_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "check", "--dir", str(DEFAULT_CONTENT_DIR)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "ok  starter.yaml: starter, 2 weeks, 10 prompts" in captured.out


@pytest.fixture
def default_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No .env and no CONTENT_DIR from the environment: the shipped content is used."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONTENT_DIR", raising=False)


@pytest.mark.usefixtures("default_settings")
def test_cli_preview_shows_a_week_with_buttons(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "preview", "starter", "--lang", "en", "--week", "1"]) == 0
    out = capsys.readouterr().out
    assert "=== Getting started: two weeks of looking back · week 1: A look at your working day ===" in out
    for day in ("--- Mon [open] w1-ma", "--- Tue [scale] w1-di", "--- Fri [checkback] w1-vr"):
        assert day in out
    assert "   [1]  [2]  [3]  [4]  [5]" in out
    assert "[Skip today]" in out
    assert "[From a colleague]" in out and "[Other…]" in out
    assert "How did work go today? 1 = tough, 5 = went well." in out
    assert "Your plan was: “…”." in out
    assert "(without an earlier answer: Did you try anything new at work this week?" in out
    assert "<i>" not in out  # HTML is stripped for the terminal
    assert "week 2" not in out and "w2-ma" not in out


@pytest.mark.usefixtures("default_settings")
def test_cli_preview_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "preview", "starter", "--week", "2"]) == 0
    out = capsys.readouterr().out
    assert "--- ma [plan] w2-ma" in out
    assert "[Vandaag overslaan]" in out
    assert "w1-ma" not in out


@pytest.mark.usefixtures("default_settings")
def test_cli_preview_unknown_programme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "preview", "nope", "--lang", "en"]) == 1
    assert "unknown programme 'nope'; there are: " in capsys.readouterr().err


# --- content/README.md stays true --------------------------------------------------------

README = DEFAULT_CONTENT_DIR.parent / "README.md"


def test_readme_worked_example_passes_the_check(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    after = text.split("Save as `content/programmes/klantgesprek.yaml`:", 1)[1]
    example = after.split("```yaml\n", 1)[1].split("```", 1)[0]
    file = write(tmp_path, example, "klantgesprek")
    programme, problems = load_file(file)
    assert problems == [], "\n".join(str(p) for p in problems)
    assert programme is not None
    parsed, _ = parse_file(file)
    assert parsed is not None
    assert rule_problems(parsed, load_words()) == []
    assert [d.kind for d in programme.days] == [
        Kind.PLAN, Kind.OPEN, Kind.SCALE, Kind.CHOICE, Kind.CHECKBACK
    ]


def test_readme_lists_every_model_and_step() -> None:
    text = README.read_text(encoding="utf-8")
    for model, steps in MODEL_STEPS.items():
        row = next((line for line in text.splitlines() if line.startswith(f"| `{model}`")), "")
        assert row, f"model {model} missing"
        for step in steps:
            assert f"`{step}`" in row, f"{model}: {step} missing"


def test_a_key_given_twice_is_an_error_not_silently_dropped(tmp_path: Path) -> None:
    text = change("nl: Wat deed je vandaag?", "nl: Wat deed je vandaag?\n          nl: Tweede versie")
    problem = only(problems_of(tmp_path, text))
    assert "the key 'nl' appears twice" in problem.message
    assert problem.line == line_of(text, "nl: Tweede versie")
