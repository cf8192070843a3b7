"""The content check's rules for trend questions (``trend: <key>`` on a scale prompt).

A trend's answers are drawn as one line in the weekly chart, week after week and across
programmes (``bot/core/trend.py``). That line is only true when every point answers the
same question: so every prompt with one key has the same text and the same scale, in
this file and in every other file; if it quotes, it quotes the same earlier prompt each
time (the learner's own goal, say), with the same fallback. It comes at most once a
week, and in at least two weeks (of one programme, or of two that share it).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content_schema import ProgrammeIn, PromptIn
from bot.core.programme import Kind

Path_ = tuple[str | int, ...]
Finding = tuple[Path_, str, str]
"""Where in the file (a YAML path), what is wrong, and how to fix it."""

MIN_WEEKS = 2


def _same(a: PromptIn, b: PromptIn) -> bool:
    """The same words, scale and quoted answer: the same question."""
    return (a.text, a.scale, a.quotes, a.fallback) == (b.text, b.scale, b.quotes, b.fallback)


def _trend_prompts(p: ProgrammeIn) -> list[tuple[Path_, int, PromptIn]]:
    return [(("weeks", wi, "days", di), wi, day)
            for wi, week in enumerate(p.weeks) for di, day in enumerate(week.days)
            if day.trend is not None]


def trend_findings(p: ProgrammeIn) -> list[Finding]:
    """The trend rules inside one programme file."""
    found: list[Finding] = []
    first: dict[str, PromptIn] = {}
    weeks: dict[str, set[int]] = {}
    for path, wi, day in _trend_prompts(p):
        key = day.trend or ""
        if day.kind != Kind.SCALE:
            found.append(((*path, "trend"), f"a {day.kind} prompt cannot be a trend question",
                          "only a scale prompt can have trend:"))
            continue
        if wi in weeks.setdefault(key, set()):
            found.append(((*path, "trend"), f"trend '{key}' is asked twice in one week",
                          "ask a trend question at most once a week"))
        weeks[key].add(wi)
        if key not in first:
            first[key] = day
        elif not _same(first[key], day):
            found.append(((*path, "text"), f"trend '{key}' is asked in other words than "
                          f"in '{first[key].id}'",
                          "copy its text, scale and quote_from, or use another trend key"))
    return found


def trend_clashes(programmes: Sequence[ProgrammeIn]) -> list[tuple[int, Finding]]:
    """Between files: a trend key asked in other words by two programmes, or in only one
    week of all of them; as (index of the programme, finding)."""
    found: list[tuple[int, Finding]] = []
    first: dict[str, tuple[str, PromptIn]] = {}
    weeks: dict[str, set[tuple[int, int]]] = {}
    where: dict[str, tuple[int, Path_]] = {}
    for index, p in enumerate(programmes):
        for path, wi, day in _trend_prompts(p):
            key = day.trend or ""
            weeks.setdefault(key, set()).add((index, wi))
            where.setdefault(key, (index, path))
            if key not in first:
                first[key] = (p.id, day)
            elif first[key][0] != p.id and not _same(first[key][1], day):
                other, prompt = first[key]
                found.append((index, ((*path, "text"),
                              f"trend '{key}' is asked in other words than in {other} "
                              f"'{prompt.id}'",
                              "a trend is one line across programmes: copy that text and "
                              "scale, or use another trend key")))
    for key, asked in weeks.items():
        if len(asked) < MIN_WEEKS:  # one point is no line
            index, path = where[key]
            found.append((index, ((*path, "trend"), f"trend '{key}' is asked in only one week",
                                  f"ask it in at least {MIN_WEEKS} weeks (of any programme), "
                                  "or remove trend:")))
    return found
