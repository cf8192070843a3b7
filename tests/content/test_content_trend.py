"""Trend questions in content: the same scale question, in the same words, week after
week; the check refuses anything that would draw a line through different questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import DEFAULT_CONTENT_DIR
from bot.content import ContentError, load_file, load_programmes
from bot.core.programme import Audience, Kind
from bot.core.trend import trend_prompts
from tests.content.test_content import VALID, change, line_of, only, problems_of, write

SCALE = "        kind: scale\n"
WEEK_ONE = VALID[VALID.index("  - id: w1\n"):]


def two_weeks(text: str = VALID, second: str | None = None) -> str:
    """The valid example with a second week: the same five prompts under new ids."""
    week = second if second is not None else WEEK_ONE
    for old, new in (("id: w1", "id: w2"), ("id: d", "id: e"), ("refers_to: d4", "refers_to: e4")):
        week = week.replace(old, new)
    return text + week


def with_trend(text: str, key: str = "mood") -> str:
    return text.replace(SCALE, SCALE + f"        trend: {key}\n")


def test_a_trend_asked_in_two_weeks_loads(tmp_path: Path) -> None:
    programme, problems = load_file(write(tmp_path, with_trend(two_weeks())))
    assert problems == [] and programme is not None
    assert [p.id for p in programme.days if p.trend == "mood"] == ["d2", "e2"]
    assert trend_prompts([programme], "mood") == {("demo", "d2"), ("demo", "e2")}


def test_a_trend_on_an_open_prompt(tmp_path: Path) -> None:
    text = two_weeks(change("        kind: open\n", "        kind: open\n        trend: mood\n"))
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "a open prompt cannot be a trend question"
    assert problem.hint == "only a scale prompt can have trend:"
    assert problem.line == line_of(text, "trend: mood")


def test_a_trend_asked_in_other_words(tmp_path: Path) -> None:
    second = WEEK_ONE.replace("Hoe ging het vandaag?", "Hoe druk was het vandaag?")
    text = with_trend(two_weeks(second=second))
    problem = only(problems_of(tmp_path, text))
    assert problem.message == "trend 'mood' is asked in other words than in 'd2'"
    assert problem.line == line_of(text, "text:", nth=7)  # the second week's scale text


def test_a_trend_with_another_scale(tmp_path: Path) -> None:
    second = WEEK_ONE.replace("low_is: bad", "low_is: good")
    problem = only(problems_of(tmp_path, with_trend(two_weeks(second=second))))
    assert "asked in other words" in problem.message


def test_a_trend_twice_in_one_week(tmp_path: Path) -> None:
    scale = VALID[VALID.index("      - id: d2\n"):VALID.index("      - id: d3\n")]
    choice = VALID[VALID.index("      - id: d3\n"):VALID.index("      - id: d4\n")]
    text = with_trend(two_weeks(change(choice, scale.replace("id: d2", "id: d3"))))
    problems = problems_of(tmp_path, text)
    assert "trend 'mood' is asked twice in one week" in [p.message for p in problems]


def test_a_trend_in_only_one_week_is_no_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, with_trend(VALID))
    with pytest.raises(ContentError, match="trend 'mood' is asked in only one week"):
        load_programmes(tmp_path)
    assert main(["content", "check", "--dir", str(tmp_path)]) == 1
    assert "trend 'mood' is asked in only one week" in capsys.readouterr().err


def test_two_programmes_share_a_trend_only_in_the_same_words(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, with_trend(VALID).replace("id: demo", "id: aaa"), "aaa")  # a week each: one line
    other = with_trend(VALID).replace("id: demo", "id: bbb")
    write(tmp_path, other, "bbb")
    assert {p.id for p in load_programmes(tmp_path).values()} == {"aaa", "bbb"}
    file = write(tmp_path, other.replace("Hoe ging het vandaag?", "Hoe druk was het?"), "bbb")
    assert main(["content", "check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{file}:" in err and "trend 'mood' is asked in other words than in aaa 'd2'" in err


def test_every_shipped_learner_programme_has_a_trend_in_more_than_one_week() -> None:
    programmes = load_programmes(DEFAULT_CONTENT_DIR)
    for programme in programmes.values():
        if programme.audience != Audience.LEARNER:
            continue
        weeks = {key: [w.id for w in programme.weeks if any(d.trend == key for d in w.days)]
                 for key in {d.trend for d in programme.days if d.trend}}
        assert weeks, f"{programme.id} has no trend question"
        assert all(d.kind == Kind.SCALE for d in programme.days if d.trend)
        shared = {key for key in weeks if len(trend_prompts(programmes.values(), key)) > 1}
        assert shared == set(weeks), programme.id


def test_the_demo_programme_asks_its_trend_every_week() -> None:
    """Leren op je werk follows one question all six weeks: a line without holes."""
    leren = load_programmes(DEFAULT_CONTENT_DIR)["leren-op-je-werk"]
    asked = [w.id for w in leren.weeks if any(d.trend == "zeker" for d in w.days)]
    assert asked == [w.id for w in leren.weeks]
