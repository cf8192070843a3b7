"""Load and validate ``content/programmes/*.yaml`` into immutable core objects.

The files are written by HR and learning staff, not programmers, so every problem is
reported with the file, the line and a hint, and all problems are collected at once
rather than stopping at the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.content_problems import ContentError, Problem
from bot.content_schema import (
    CHECKBACK_SAMPLE,
    LANGUAGES,
    MAX_BUTTON_CHARS,
    MAX_PROMPT_CHARS,
    MODEL_STEPS,
    ProgrammeIn,
    PromptIn,
    StoryIn,
    TextsIn,
)
from bot.content_trend import trend_clashes, trend_findings
from bot.content_yaml import Path_, read_yaml
from bot.core.programme import (
    Audience,
    Kind,
    LowIs,
    Option,
    Programme,
    Prompt,
    Story,
    StoryPart,
    Texts,
    Week,
)

__all__ = [
    "LANGUAGES", "MAX_PROMPT_CHARS", "MODEL_STEPS", "ContentError", "Problem",
    "load_file", "load_programmes",
]


def _line_of(lines: dict[Path_, int], path: Iterable[str | int]) -> int:
    """The line of ``path`` or of its nearest ancestor that has one."""
    parts = tuple(path)
    while parts:
        if parts in lines:
            return lines[parts]
        parts = parts[:-1]
    return 1


_HINTS = {
    "missing": "add this field",
    "extra_forbidden": "remove this field or check its spelling",
    "string_pattern_mismatch": "use lower-case letters, digits, - and _ only",
    "enum": "use one of the allowed values",
    "literal_error": "use one of the allowed values",
    "too_short": "add at least one item",
    "string_too_short": "write a text here",
}
_FIELD_HINTS = {
    "low_is": "say what a low score means: low_is: bad, good or neutral",
}


def _texts(t: TextsIn) -> Texts:
    return {"nl": t.nl, "en": t.en}


def _semantic_problems(p: ProgrammeIn, file: Path, lines: dict[Path_, int]) -> list[Problem]:
    """Rules a schema cannot express: ids, lengths, one question, week shape, references."""
    problems: list[Problem] = []

    def add(path: Path_, message: str, hint: str = "") -> None:
        problems.append(Problem(file, _line_of(lines, path), message, hint))

    if p.id != file.stem:
        add(("id",), f"programme id '{p.id}' differs from the file name '{file.stem}'",
            f"rename the file to {p.id}.yaml or change the id")
    seen: dict[str, Path_] = {}
    earlier_text_prompts: set[str] = set()
    for wi, week in enumerate(p.weeks):
        wpath: Path_ = ("weeks", wi)
        if week.id in seen:
            add((*wpath, "id"), f"duplicate id '{week.id}'", "every id must be unique in the file")
        seen[week.id] = wpath
        expected = 5 if p.audience == "learner" else 1
        if len(week.days) != expected:
            what = "five work days" if expected == 5 else "exactly one message"
            add((*wpath, "days"), f"week '{week.id}' has {len(week.days)} days, not {expected}",
                f"a {p.audience} programme needs {what} per week")
        for di, day in enumerate(week.days):
            path: Path_ = (*wpath, "days", di)
            if day.id in seen:
                add((*path, "id"), f"duplicate id '{day.id}'", "every id must be unique in the file")
            seen[day.id] = path
            problems.extend(_prompt_problems(p, day, path, earlier_text_prompts, file, lines))
            if day.kind in (Kind.OPEN, Kind.PLAN):
                earlier_text_prompts.add(day.id)
        if week.mentor_note is not None and p.audience != "learner":
            add((*wpath, "mentor_note"), "a mentor programme cannot have a mentor_note",
                "mentor notes belong to the weeks of a learner programme")
    for path, message, hint in trend_findings(p):
        add(path, message, hint)
    return problems


def _prompt_problems(
    p: ProgrammeIn, day: PromptIn, path: Path_, earlier: set[str],
    file: Path, lines: dict[Path_, int],
) -> list[Problem]:
    problems: list[Problem] = []

    def add(sub: Path_, message: str, hint: str = "") -> None:
        problems.append(Problem(file, _line_of(lines, (*path, *sub)), message, hint))

    for model, step in day.model.items():
        if model not in MODEL_STEPS:
            add(("model", model), f"unknown model '{model}'",
                "use one of: " + ", ".join(sorted(MODEL_STEPS)))
        elif step not in MODEL_STEPS[model]:
            add(("model", model), f"unknown {model} step '{step}'",
                "use one of: " + ", ".join(sorted(MODEL_STEPS[model])))
    is_mentor = p.audience == "mentor"
    if is_mentor != (day.kind == Kind.MESSAGE):
        add(("kind",), f"kind '{day.kind}' does not fit a {p.audience} programme",
            "mentor programmes use kind message; learner programmes never do")
    texts = [("text", day.text), ("follow_up", day.follow_up), ("fallback", day.fallback),
             ("why", day.why)]
    for field, texts_in in texts:
        if texts_in is None:
            continue
        what = "text" if field == "text" else field.replace("_", "-")
        for lang in LANGUAGES:
            text = getattr(texts_in, lang)
            measured = text
            if day.quotes and field == "text":
                measured = text.replace("{answer}", f"“{CHECKBACK_SAMPLE}”")
            if len(measured) > MAX_PROMPT_CHARS:
                add((field, lang), f"the {lang} {what} is {len(measured)} characters, over "
                    f"{MAX_PROMPT_CHARS}", "shorten it so it fits on a phone screen")
            if text.count("?") > 1:
                add((field, lang), f"the {lang} {what} asks more than one question",
                    "one question per message: split it or drop one")
            if field != "text" and "{answer}" in text:
                add((field, lang), f"the {lang} {what} contains {{answer}}",
                    "only the prompt's text can quote the answer; write the fallback without it")
    if day.kind == Kind.SCALE and day.scale is None:
        add(("kind",), "a scale prompt has no labels", "add scale: low: and high: in nl and en")
    if day.kind != Kind.SCALE and day.scale is not None:
        add(("scale",), f"a {day.kind} prompt cannot have a scale", "remove scale: or use kind scale")
    if day.kind == Kind.CHOICE:
        n = len(day.options or [])
        if not 2 <= n <= 5:
            add(("options",), f"a choice prompt needs 2 to 5 options, not {n}",
                "add or remove options")
        ids = [o.id for o in day.options or []]
        if len(set(ids)) != len(ids):
            add(("options",), "two options have the same id", "give every option its own id")
        for oi, option in enumerate(day.options or []):
            for lang in LANGUAGES:
                label = getattr(option.label, lang)
                if len(label) > MAX_BUTTON_CHARS:
                    add(("options", oi, "label", lang), f"option label is {len(label)} characters",
                        f"a button label fits in {MAX_BUTTON_CHARS} characters")
    elif day.options is not None or day.other:
        add(("options",), f"a {day.kind} prompt cannot have options", "use kind choice")
    problems.extend(_quote_problems(day, path, earlier, file, lines))
    if day.story is not None:
        for si, part in enumerate(day.story.parts):
            if part.from_ not in earlier and part.from_ != day.id:
                add(("story", "parts", si, "from"),
                    f"story part from '{part.from_}' is not an earlier open or plan prompt",
                    "use the id of an open or plan prompt up to this one")
        if day.story and not day.kind.takes_text:
            add(("story",), f"a {day.kind} prompt cannot end with a story",
                "put the story on a prompt the learner answers by typing")
    if is_mentor and day.why is not None:
        add(("why",), "a mentor message cannot have a why line", "remove why:")
    if day.follow_up is not None and not day.kind.takes_text:
        add(("follow_up",), f"a {day.kind} prompt cannot have a follow-up",
            "follow-ups are for open, plan and check-back prompts")
    return problems


def _quote_problems(
    day: PromptIn, path: Path_, earlier: set[str], file: Path, lines: dict[Path_, int],
) -> list[Problem]:
    """A prompt that quotes (a check-back, or any kind with quote_from) quotes the past."""
    problems: list[Problem] = []

    def add(sub: Path_, message: str, hint: str = "") -> None:
        problems.append(Problem(file, _line_of(lines, (*path, *sub)), message, hint))

    if day.kind == Kind.CHECKBACK and day.refers_to is None and day.quote_from is None:
        add(("kind",), "a check-back does not say which answer it quotes",
            "add refers_to: with the id of an earlier open or plan prompt")
    if day.refers_to is not None and day.kind != Kind.CHECKBACK:
        add(("refers_to",), f"a {day.kind} prompt cannot have refers_to",
            "use quote_from: to quote an earlier answer in any kind of prompt")
    if day.refers_to is not None and day.quote_from is not None:
        add(("quote_from",), "a prompt has both refers_to and quote_from", "keep one of them")
    field = "refers_to" if day.refers_to is not None else "quote_from"
    source = day.quotes
    if source is not None and source not in earlier:
        add((field,), f"{field} '{source}' is not an earlier open or plan prompt",
            "use the id of an open or plan prompt that comes before this one")
    if source is not None:
        if day.fallback is None:
            what = "check-back" if day.kind == Kind.CHECKBACK else "prompt that quotes"
            add(("kind",), f"a {what} has no fallback text",
                "add fallback: for when there is no earlier answer")
        for lang in LANGUAGES:
            if "{answer}" not in getattr(day.text, lang):
                what = "check-back" if day.kind == Kind.CHECKBACK else "quoting"
                add(("text", lang), f"the {lang} {what} text has no {{answer}}",
                    "write {answer} where the earlier answer is quoted")
    elif day.fallback is not None:
        add(("fallback",), f"a {day.kind} prompt that quotes nothing cannot have a fallback",
            "add quote_from: or remove fallback:")
    else:
        for lang in LANGUAGES:
            if "{answer}" in getattr(day.text, lang):
                add(("text", lang), f"the {lang} text has {{answer}} but quotes nothing",
                    "add quote_from: with the id of an earlier open or plan prompt")
    return problems


def _story(s: StoryIn | None) -> Story | None:
    if s is None:
        return None
    return Story(
        title=_texts(s.title),
        parts=tuple(StoryPart(part.from_, _texts(part.label)) for part in s.parts),
        closing=_texts(s.closing) if s.closing else None,
    )


def _to_core(p: ProgrammeIn) -> Programme:
    weeks = []
    for week in p.weeks:
        days = tuple(
            Prompt(
                id=d.id,
                kind=d.kind,
                text=_texts(d.text),
                model=dict(d.model),
                follow_up=_texts(d.follow_up) if d.follow_up else None,
                scale_low=_texts(d.scale.low) if d.scale else None,
                scale_high=_texts(d.scale.high) if d.scale else None,
                options=tuple(Option(o.id, _texts(o.label)) for o in d.options or []),
                other=d.other,
                refers_to=d.refers_to,
                fallback=_texts(d.fallback) if d.fallback else None,
                quote_from=d.quote_from,
                low_is=d.scale.low_is if d.scale else LowIs.NEUTRAL,
                why=_texts(d.why) if d.why else None,
                story=_story(d.story),
                trend=d.trend,
            )
            for d in week.days
        )
        weeks.append(Week(week.id, _texts(week.theme), days,
                          _texts(week.mentor_note) if week.mentor_note else None))
    return Programme(
        id=p.id,
        audience=Audience(p.audience),
        order=p.order,
        title=_texts(p.title),
        description=_texts(p.description),
        weeks=tuple(weeks),
    )


@dataclass(frozen=True)
class Parsed:
    """A file that has the right shape: its model, and the line of every YAML path."""

    file: Path
    model: ProgrammeIn
    lines: dict[Path_, int]

    def line(self, path: Iterable[str | int]) -> int:
        return _line_of(self.lines, path)


def load_file(file: Path) -> tuple[Programme | None, list[Problem]]:
    """One programme file, or the problems that keep it from loading."""
    parsed, problems = parse_file(file)
    if parsed is None:
        return None, problems
    return _to_core(parsed.model), []


def parse_file(file: Path) -> tuple[Parsed | None, list[Problem]]:
    """The file's validated model (shape and references), or the problems found."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(file, 1, f"cannot read the file: {exc}")]
    try:
        raw, lines = read_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, [Problem(file, line, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                              "check the indentation and quote texts that contain ':' or '#'")]
    if not isinstance(raw, dict):
        return None, [Problem(file, 1, "the file is not a programme", "start with id: and title:")]
    try:
        parsed = ProgrammeIn.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(x) for x in loc) or "file"
            missing_lang = err["type"] == "missing" and loc and loc[-1] in LANGUAGES
            hint = (f"add the {loc[-1]} translation" if missing_lang
                    else _FIELD_HINTS.get(str(loc[-1]) if loc else "")
                    or _HINTS.get(err["type"], ""))
            problems.append(Problem(file, _line_of(lines, loc), f"{where}: {err['msg']}", hint))
        return None, problems
    problems = _semantic_problems(parsed, file, lines)
    if problems:
        return None, problems
    return Parsed(file, parsed, lines), []


def cross_file_problems(parsed: Sequence[Parsed]) -> list[Problem]:
    """Rules between files: a trend key asked in other words by two programmes."""
    return [Problem(parsed[i].file, parsed[i].line(path), message, hint)
            for i, (path, message, hint) in trend_clashes([p.model for p in parsed])]


def load_programmes(directory: Path) -> dict[str, Programme]:
    """Every programme in ``directory``; raises ContentError listing all problems."""
    programmes: dict[str, Programme] = {}
    problems: list[Problem] = []
    files = sorted(directory.glob("*.yaml"))
    if not files:
        problems.append(Problem(directory, 0, "no programme files found", "add a .yaml file"))
    parsed: list[Parsed] = []
    for file in files:
        one, found = parse_file(file)
        problems.extend(found)
        if one is not None:
            parsed.append(one)
            programmes[one.model.id] = _to_core(one.model)
    problems.extend(cross_file_problems(parsed))
    if problems:
        raise ContentError(problems)
    return programmes


