"""Writing rules that can be counted, for ``coach content check``.

The loader (``bot.content``) refuses a file that has the wrong shape; these rules are
about how a text reads: short, one task, no day names where a day may not fit, plain
words. They do not stop the bot from starting (a sentence of 16 words is not a crash),
but the check reports them and CI fails on them. ``content/README.md`` explains each
rule with a good and a bad example; the word lists live in ``content/words.yaml`` so
writers can change them without touching code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.content import Parsed, Problem
from bot.content_schema import LANGUAGES, ProgrammeIn, PromptIn, TextsIn
from bot.core.programme import Kind

MAX_PROMPT_WORDS = 25
MAX_MENTOR_WORDS = 50  # a mentor tip is read, not answered: a little more room
MAX_SENTENCE_WORDS = 15
MAX_WHY_WORDS = 15
MAX_NOTE_WORDS = 25

DEFAULT_WORDS_FILE = Path(__file__).resolve().parent.parent / "content" / "words.yaml"

_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ’'][0-9A-Za-zÀ-ÿ’'-]*")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]['\"”’]))\s+|\n+")
_IF_THEN = re.compile(r"\b(als|if|when)\b[^.?!]*,\s*(dan|then)\b", re.IGNORECASE)
_NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
            "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_AGO = re.compile(r"\b(een|één|twee|drie|vier|vijf|one|two|three|four|five|\d)\s+"
                  r"(weken|week|weeks)\s+(geleden|ago)\b", re.IGNORECASE)
_IN_WEEK = re.compile(r"\b(?:in|van)\s+week\s+(\d)\b", re.IGNORECASE)
_LAST_WEEK = re.compile(r"\b(vorige week|last week)\b", re.IGNORECASE)
_THIS_WEEK = re.compile(r"\b(eerder deze week|earlier this week)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Words:
    """The lists writers keep in ``content/words.yaml``, per language."""

    jargon: dict[str, tuple[str, ...]]
    weekdays: dict[str, tuple[str, ...]]
    instructions: dict[str, tuple[str, ...]]


def load_words(file: Path = DEFAULT_WORDS_FILE) -> Words:
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) or {}

    def lists(key: str) -> dict[str, tuple[str, ...]]:
        found = raw.get(key) or {}
        return {lang: tuple(str(w).casefold() for w in found.get(lang) or ()) for lang in LANGUAGES}

    return Words(lists("jargon"), lists("weekdays"), lists("instructions"))


def words_in(text: str) -> list[str]:
    """The words a reader reads; a quoted answer (``{answer}``) is the learner's own."""
    return _WORD.findall(text.replace("{answer}", ""))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def is_instruction(sentence: str, verbs: tuple[str, ...]) -> bool:
    """A sentence that starts with an imperative verb and is not itself a question."""
    if sentence.rstrip().endswith("?"):
        return False
    first = words_in(sentence)[:1]
    return bool(first) and first[0].casefold() in verbs


def _has_word(text: str, word: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(word), text.casefold()) is not None


@dataclass(frozen=True)
class Stats:
    """One line of the table ``coach content check`` prints per programme."""

    programme: str
    audience: str
    weeks: int
    prompts: int
    mean_words: float
    max_words: int
    typing_days: int
    tap_days: int
    scales: int
    whys: int
    quotes: int
    if_then: int


def _prompt_texts(day: PromptIn) -> Iterator[tuple[str, TextsIn]]:
    yield "text", day.text
    for field in ("follow_up", "fallback", "why"):
        texts = getattr(day, field)
        if texts is not None:
            yield field, texts


def _all_texts(p: ProgrammeIn) -> Iterator[tuple[tuple[str | int, ...], TextsIn]]:
    """Every text of the file a learner or mentor can read, with its YAML path."""
    yield ("title",), p.title
    yield ("description",), p.description
    for wi, week in enumerate(p.weeks):
        yield ("weeks", wi, "theme"), week.theme
        if week.mentor_note is not None:
            yield ("weeks", wi, "mentor_note"), week.mentor_note
        for di, day in enumerate(week.days):
            path = ("weeks", wi, "days", di)
            for field, texts in _prompt_texts(day):
                yield (*path, field), texts
            for oi, option in enumerate(day.options or []):
                yield (*path, "options", oi, "label"), option.label
            if day.scale is not None:
                yield (*path, "scale", "low"), day.scale.low
                yield (*path, "scale", "high"), day.scale.high
            if day.story is not None:
                yield (*path, "story", "title"), day.story.title
                for si, part in enumerate(day.story.parts):
                    yield (*path, "story", "parts", si, "label"), part.label
                if day.story.closing is not None:
                    yield (*path, "story", "closing"), day.story.closing


def rule_problems(parsed: Parsed, words: Words) -> list[Problem]:
    """Every counted writing rule this file breaks, each with its line and a hint."""
    p = parsed.model
    problems: list[Problem] = []

    def add(path: tuple[str | int, ...], message: str, hint: str) -> None:
        problems.append(Problem(parsed.file, parsed.line(path), message, hint))

    for path, texts in _all_texts(p):
        for lang in LANGUAGES:
            text = getattr(texts, lang)
            for word in words.jargon[lang]:
                if _has_word(text, word):
                    add((*path, lang), f"the {lang} text uses the word '{word}'",
                        "say it in everyday words (the list is in content/words.yaml)")
    learner = p.audience == "learner"
    week_of: dict[str, int] = {}
    for wi, week in enumerate(p.weeks):
        wpath = ("weeks", wi)
        if week.mentor_note is not None:
            problems.extend(_note_rules(parsed, week.mentor_note, (*wpath, "mentor_note")))
        for di, day in enumerate(week.days):
            week_of[day.id] = wi
            path = (*wpath, "days", di)
            problems.extend(_text_rules(parsed, day, path, words, learner))
            problems.extend(_time_rules(parsed, day, path, wi, week_of))
        if learner:
            kinds = [d.kind for d in week.days]
            if Kind.SCALE not in kinds:
                add((*wpath, "days"), f"week '{week.id}' has no scale",
                    "give every week one scale, so the learner's chart has a point each week")
            whys = [d for d in week.days if d.why is not None]
            if len(whys) != 1:
                add((*wpath, "days"), f"week '{week.id}' has {len(whys)} why lines, not 1",
                    "add why: to one prompt of the week (about once a week)")
    return problems


def _text_rules(parsed: Parsed, day: PromptIn, path: tuple[str | int, ...], words: Words,
                learner: bool) -> list[Problem]:
    problems: list[Problem] = []

    def add(sub: tuple[str | int, ...], message: str, hint: str) -> None:
        problems.append(Problem(parsed.file, parsed.line((*path, *sub)), message, hint))

    looks_back = day.kind == Kind.CHECKBACK or day.quotes is not None
    limit = MAX_PROMPT_WORDS if learner else MAX_MENTOR_WORDS
    for field, texts in _prompt_texts(day):
        what = field.replace("_", "-")
        for lang in LANGUAGES:
            text = getattr(texts, lang)
            count = len(words_in(text))
            most = MAX_WHY_WORDS if field == "why" else limit
            if count > most:
                add((field, lang), f"the {lang} {what} has {count} words, over {most}",
                    "cut it down: one task, the example in a few words")
            for sentence in sentences(text):
                n = len(words_in(sentence))
                if n > MAX_SENTENCE_WORDS:
                    add((field, lang), f"a {lang} {what} sentence has {n} words, over "
                        f"{MAX_SENTENCE_WORDS}: “{sentence[:40]}…”", "split it in two sentences")
            told = [s for s in sentences(text) if is_instruction(s, words.instructions[lang])]
            if len(told) > 1:
                add((field, lang), f"the {lang} {what} gives {len(told)} instructions",
                    "one task per message: keep one of “" + "”, “".join(s[:25] for s in told)
                    + "”")
            if field == "why" and ("?" in text or len(sentences(text)) > 1):
                add((field, lang), f"the {lang} why line is not one plain sentence",
                    "say in one sentence why this question helps, without a question mark")
            if looks_back or field in ("follow_up", "fallback"):
                for day_word in words.weekdays[lang]:
                    if re.search(r"\b" + re.escape(day_word) + r"\b", text.casefold()):
                        add((field, lang), f"the {lang} {what} names the day '{day_word}'",
                            "the learner may not have worked that day: write “Je plan was: …” "
                            "or “Eerder schreef je: …”")
    return problems


def _note_rules(parsed: Parsed, note: TextsIn, path: tuple[str | int, ...]) -> list[Problem]:
    """A mentor note is read in a list of learners: short, and about the learner by name."""
    problems: list[Problem] = []
    for lang in LANGUAGES:
        text = getattr(note, lang)
        count = len(words_in(text.replace("{name}", "Sam")))
        if count > MAX_NOTE_WORDS:
            problems.append(Problem(parsed.file, parsed.line((*path, lang)),
                                    f"the {lang} mentor note has {count} words, over "
                                    f"{MAX_NOTE_WORDS}", "one line about the week, one tip"))
        if "{name}" not in text:
            problems.append(Problem(parsed.file, parsed.line((*path, lang)),
                                    f"the {lang} mentor note does not name the learner",
                                    "start with {name}: the overview lists several people"))
    return problems


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.casefold()]


def _time_rules(parsed: Parsed, day: PromptIn, path: tuple[str | int, ...], week: int,
                week_of: dict[str, int]) -> list[Problem]:
    """A quote's time words ("vorige week", "drie weken geleden") match where it comes from."""
    source = day.quotes
    if source is None or source not in week_of:
        return []
    distance = week - week_of[source]
    problems: list[Problem] = []
    for lang in LANGUAGES:
        text = getattr(day.text, lang)
        said = [_number(m.group(1)) for m in _AGO.finditer(text)]
        said += [week - (int(m.group(1)) - 1) for m in _IN_WEEK.finditer(text)]
        said += [1 for _ in _LAST_WEEK.finditer(text)]
        said += [0 for _ in _THIS_WEEK.finditer(text)]
        for weeks_back in said:
            if weeks_back != distance:
                problems.append(Problem(
                    parsed.file, parsed.line((*path, "text", lang)),
                    f"the {lang} text says {weeks_back} week(s) back, but '{source}' is "
                    f"{distance} week(s) back", "make the time words match the quoted prompt"))
    return problems


def stats(parsed: Parsed) -> Stats:
    """The numbers a writer wants to see per programme (the check prints them as a table)."""
    p = parsed.model
    days = [d for w in p.weeks for d in w.days]
    counts = [len(words_in(d.text.nl)) for d in days]
    tap = sum(1 for d in days if d.kind in (Kind.SCALE, Kind.CHOICE))
    typing = sum(1 for d in days if d.kind.takes_text)
    return Stats(
        programme=p.id, audience=p.audience, weeks=len(p.weeks), prompts=len(days),
        mean_words=sum(counts) / len(counts) if counts else 0.0,
        max_words=max(counts, default=0), typing_days=typing, tap_days=tap,
        scales=sum(1 for d in days if d.kind == Kind.SCALE),
        whys=sum(1 for d in days if d.why is not None),
        quotes=sum(1 for d in days if d.quotes is not None),
        if_then=sum(1 for d in days if _IF_THEN.search(d.text.nl)),
    )


def format_table(rows: list[Stats]) -> str:
    """A plain-text table: prompts, mean/max words (Dutch text), typing vs tap days."""
    head = ("programme", "weeks", "prompts", "mean words", "max words", "typing", "tap",
            "scales", "why", "quotes", "if-then")
    body = [(r.programme, str(r.weeks), str(r.prompts), f"{r.mean_words:.1f}", str(r.max_words),
             str(r.typing_days), str(r.tap_days), str(r.scales), str(r.whys), str(r.quotes),
             str(r.if_then)) for r in rows]
    widths = [max(len(row[i]) for row in (head, *body)) for i in range(len(head))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([line(head), *(line(r) for r in body)])
