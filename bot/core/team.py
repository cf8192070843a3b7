"""The team digest of a learning sprint: what a team lead (and the team) may see. Pure.

No I/O, no clock, no catalog: ``build_team_digest`` turns one ``TeamWeekInput`` into
numbers, distributions and the answers members shared with the team;
``bot/team_render.py`` turns that into messages.

Rules (the works council and the EDPB: no monitoring of people, the member decides):

1. **Counts, never people.** Per sprint day: how many members answered, out of the
   active members who had joined by that day (``joined``; one definition, so a week's
   digest and the final report show the same numbers for the same day). An answer
   counts when it is not skipped and has content (text, a scale value, a choice or
   media). A member counts once per day, however many answers.
   A private answer counts here, as a number only. There is no per-person participation,
   no list of who did or did not answer, and no ranking anywhere in the result.
2. **Distributions need ``MIN_ANSWERS`` (5) answers.** In a small team a distribution
   points at people (three bars of 1 in a team of three), so for each scale or choice
   prompt only answers that are *not private* are counted (one per member: the last
   one), and only with at least 5 of them does the digest show how many chose each
   value (scale: 1..5, all listed) or each option (in the programme's order, all
   listed). Even then a count of 1 or 2 could point at someone: it is shown rounded,
   as "1–2" (``shown_count``). Typed "other" answers to a choice (a label that is not
   one of the options, or text without a label) only count in ``other``: their words
   are never shown. With 1 to 4 such answers the prompt is listed in ``too_few``, which
   a message explains in one line, never per prompt; with none it is left out.
3. **Shared answers** are the only words of members in the digest, and the only place a
   name appears: answers with ``share_team`` that are not private (private always wins,
   also when ``share_team`` is set), not skipped, with text or a choice label, given to
   one of the period's prompts. They come in day order (within a day, input order),
   shortened to ``SHARED_CHARS``. A voice note or photo alone is not quoted.
4. **Prompt texts** are the programme's own, shown as their question (``question_of``:
   "Wat heb je vandaag vooral gedaan?", not the welcome before it); a check-back's
   ``{answer}`` (a member's earlier words) is replaced by "“…”": callers must never pass
   a prompt text filled in with a member's answer.
5. **The group post** (``for_group``) is shorter: at most one distribution (the one
   with the most answers, on a tie the later day), at most ``MAX_GROUP_SHARED`` shared
   answers (one per member first, then the rest, in day order), no ``too_few``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from bot.core.progress import shorten

MIN_ANSWERS = 5
SMALL_COUNT = 3  # counts below this (but above 0) are shown rounded
ROUNDED = "1–2"
LEAD_IN_WORDS = 6  # "Om te beginnen:", "Take a moment to look back:"
MAX_GROUP_DISTRIBUTIONS = 1
MAX_GROUP_SHARED = 3
SHARED_CHARS = 600
SCALE_VALUES = (1, 2, 3, 4, 5)
SCALE = "scale"
CHOICE = "choice"
ANSWER_PLACEHOLDER = "{answer}"


@dataclass(frozen=True)
class TeamAnswer:
    """One member's answer on a sprint day, as the store hands it over."""

    member_id: int
    day: date
    prompt_id: str
    kind: str
    value: int | None = None
    choice_label: str | None = None  # the option's label in the reader's language
    text: str | None = None
    skipped: bool = False
    private: bool = False
    share_team: bool = False
    media: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamPrompt:
    """The prompt of one sprint day, in the reader's language (plain text)."""

    prompt_id: str
    day: date
    text: str
    kind: str
    option_labels: tuple[str, ...] = ()  # choice: the options in the programme's order


@dataclass(frozen=True)
class TeamWeekInput:
    team_name: str
    lead_name: str
    lang: str  # the reader's language
    week_start: date  # Monday of the week (the final report: the sprint's start)
    week_number: int  # 1-based
    weeks: int  # the sprint's length in weeks
    theme: str | None  # the week's theme (the final report: the programme's title)
    members: int  # active members
    prompts: tuple[TeamPrompt, ...]  # the sprint days of the period that have passed
    answers: tuple[TeamAnswer, ...]
    names: Mapping[int, str]  # first names; used ONLY next to answers shared with the team
    final: bool = False  # the whole sprint, for the final report
    joined: Mapping[int, date] = field(default_factory=dict)  # member -> first sprint day


@dataclass(frozen=True)
class DayCount:
    day: date
    answered: int  # members with at least one real answer that day (private ones included)
    members: int  # active members (never fewer than ``answered``)


@dataclass(frozen=True)
class Distribution:
    prompt_id: str
    day: date
    text: str
    kind: str  # scale or choice
    counts: tuple[tuple[str, int], ...]  # (value or option label, count), all listed
    other: int = 0  # choice answers outside the options: counted, never shown in words

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts) + self.other


def shown_count(count: int) -> str:
    """A count as others may read it: 1 or 2 could point at a person, so it is rounded."""
    return ROUNDED if 0 < count < SMALL_COUNT else str(count)


@dataclass(frozen=True)
class TooFew:
    """A scale or choice prompt with 1 to 4 (non-private) answers: nothing is shown."""

    prompt_id: str
    day: date
    text: str
    kind: str


@dataclass(frozen=True)
class SharedAnswer:
    """An answer a member shared with the team: the only place a name appears."""

    member_id: int
    name: str
    day: date
    prompt: str
    text: str


@dataclass(frozen=True)
class TeamDigest:
    days: tuple[DayCount, ...]  # one per prompt day, in day order
    distributions: tuple[Distribution, ...]
    too_few: tuple[TooFew, ...]
    shared: tuple[SharedAnswer, ...]
    answered: int  # the sum of ``days[].answered``
    possible: int  # the sum of ``days[].members``
    members: int


def has_content(answer: TeamAnswer) -> bool:
    """A real answer: not skipped, and something in it."""
    if answer.skipped:
        return False
    return (
        bool(answer.text and answer.text.strip())
        or answer.value is not None
        or bool(answer.choice_label and answer.choice_label.strip())
        or bool(answer.media)
    )


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def question_of(text: str) -> str:
    """The question of a prompt, as a heading above answers: the first sentence that ends
    with "?", without a lead-in such as "Om te beginnen:" (not the welcome or the example).
    Without a question mark: the text itself."""
    for sentence in _SENTENCE.split(" ".join(text.split())):
        if sentence.endswith("?"):
            head, colon, rest = sentence.partition(": ")
            if colon and rest.endswith("?") and len(head.split()) <= LEAD_IN_WORDS:
                return rest[:1].upper() + rest[1:]
            return sentence
    return text.strip()


def prompt_shown(text: str) -> str:
    """The prompt text as others may see it: a check-back's quoted answer is left out."""
    return text.replace(ANSWER_PLACEHOLDER, "“…”")


def _prompt_of(answer: TeamAnswer, by_id: Mapping[str, Sequence[TeamPrompt]]) -> TeamPrompt | None:
    found = by_id.get(answer.prompt_id)
    if not found:
        return None
    return next((p for p in found if p.day == answer.day), found[0])


def _by_prompt(inp: TeamWeekInput) -> list[tuple[TeamAnswer, TeamPrompt]]:
    """The answers to the period's prompts, each with its prompt, in day order."""
    by_id: dict[str, list[TeamPrompt]] = {}
    for prompt in inp.prompts:
        by_id.setdefault(prompt.prompt_id, []).append(prompt)
    pairs = [(a, p) for a in inp.answers if (p := _prompt_of(a, by_id)) is not None]
    indexed = sorted(enumerate(pairs), key=lambda item: (item[1][1].day, item[0]))
    return [pair for _, pair in indexed]


def _day_counts(inp: TeamWeekInput, pairs: Sequence[tuple[TeamAnswer, TeamPrompt]]) -> tuple[DayCount, ...]:
    who: dict[date, set[int]] = {p.day: set() for p in inp.prompts}
    for a, p in pairs:
        if has_content(a):
            who[p.day].add(a.member_id)
    members = max(0, inp.members)

    def members_on(day: date) -> int:
        late = sum(1 for first in inp.joined.values() if first > day)
        return max(0, members - late)

    return tuple(
        DayCount(day, len(ids), max(members_on(day), len(ids)))
        for day, ids in sorted(who.items())
    )


def _distribution(prompt: TeamPrompt, answers: Sequence[TeamAnswer]) -> Distribution | TooFew | None:
    last: dict[int, TeamAnswer] = {}
    for a in answers:
        if a.private or a.skipped:
            continue
        if (prompt.kind == SCALE and a.value is not None) or (prompt.kind == CHOICE and (
            (a.choice_label and a.choice_label.strip()) or (a.text and a.text.strip())
        )):
            last[a.member_id] = a
    if not last:
        return None
    text = question_of(prompt_shown(prompt.text))
    if len(last) < MIN_ANSWERS:
        return TooFew(prompt.prompt_id, prompt.day, text, prompt.kind)
    chosen = list(last.values())
    if prompt.kind == SCALE:
        values = [min(5, max(1, int(a.value))) for a in chosen if a.value is not None]
        counts = tuple((str(v), values.count(v)) for v in SCALE_VALUES)
        return Distribution(prompt.prompt_id, prompt.day, text, SCALE, counts)
    labels = [(a.choice_label or "").strip() for a in chosen]
    options = list(dict.fromkeys(label.strip() for label in prompt.option_labels if label.strip()))
    counts = tuple((option, labels.count(option)) for option in options)
    other = sum(1 for label in labels if label not in options)
    return Distribution(prompt.prompt_id, prompt.day, text, CHOICE, counts, other)


def _words(answer: TeamAnswer) -> str:
    return (answer.text or "").strip() or (answer.choice_label or "").strip()


def build_team_digest(inp: TeamWeekInput) -> TeamDigest:
    """The lead's digest of the period (a week, or the whole sprint when ``final``).

    See the module docstring for the rules: counts per day, distributions only from
    ``MIN_ANSWERS`` non-private answers, and only answers shared with the team in words."""
    pairs = _by_prompt(inp)
    days = _day_counts(inp, pairs)

    distributions: list[Distribution] = []
    too_few: list[TooFew] = []
    for prompt in sorted(inp.prompts, key=lambda p: p.day):
        if prompt.kind not in (SCALE, CHOICE):
            continue
        result = _distribution(prompt, [a for a, p in pairs if p is prompt])
        if isinstance(result, Distribution):
            distributions.append(result)
        elif isinstance(result, TooFew):
            too_few.append(result)

    shared = tuple(
        SharedAnswer(
            member_id=a.member_id,
            name=(inp.names.get(a.member_id) or "").strip(),
            day=p.day,
            prompt=question_of(prompt_shown(p.text)),
            text=shorten(_words(a), SHARED_CHARS),
        )
        for a, p in pairs
        if a.share_team and not a.private and not a.skipped and _words(a)
    )
    answered = sum(d.answered for d in days)
    return TeamDigest(
        days=days,
        distributions=tuple(distributions),
        too_few=tuple(too_few),
        shared=shared,
        answered=answered,
        possible=sum(d.members for d in days),
        members=max(0, inp.members),
    )


def _group_shared(shared: Sequence[SharedAnswer]) -> tuple[SharedAnswer, ...]:
    picked: list[int] = []
    seen: set[int] = set()
    for i, s in enumerate(shared):  # one per member first
        if len(picked) < MAX_GROUP_SHARED and s.member_id not in seen:
            picked.append(i)
            seen.add(s.member_id)
    for i in range(len(shared)):  # then fill up in day order
        if len(picked) < MAX_GROUP_SHARED and i not in picked:
            picked.append(i)
    return tuple(shared[i] for i in sorted(picked))


def for_group(digest: TeamDigest) -> TeamDigest:
    """The shorter digest of the group post (applying it twice changes nothing)."""
    ranked = sorted(
        range(len(digest.distributions)),
        key=lambda i: (digest.distributions[i].total, digest.distributions[i].day, i),
        reverse=True,
    )
    keep = sorted(ranked[:MAX_GROUP_DISTRIBUTIONS])
    return replace(
        digest,
        distributions=tuple(digest.distributions[i] for i in keep),
        too_few=(),
        shared=_group_shared(digest.shared),
    )


def group_aggregate(inp: TeamWeekInput) -> TeamDigest:
    """What the team's group chat gets at the end of the week."""
    return for_group(build_team_digest(inp))
