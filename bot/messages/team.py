"""Team messages as HTML text: the lead's weekly digest and final report, the members'
final report, the group's Monday and Friday posts, the last day's retrospective and the
chart of answers per day.

Pure rendering over ``bot.core.team`` results and the catalogs: no Telegram, no store.
Every user-provided value (team name, names, prompts, shared answers) goes through
``t()``, which escapes it; composed pieces are passed on as ``Raw``. What a message may
contain is decided in ``bot.core.team``: counts, distributions from at least
``MIN_ANSWERS`` answers, and words only of answers a member shared with the team.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.core.progress import shorten
from bot.core.records import Button, Outgoing
from bot.core.team import (
    MIN_ANSWERS,
    SCALE,
    SMALL_COUNT,
    DayCount,
    Distribution,
    SharedAnswer,
    TeamDigest,
    TeamWeekInput,
    for_group,
    shown_count,
)
from bot.messages.dates import format_date
from bot.messages.i18n import Raw, normalise, plain, t
from bot.messages.render import join_lines, join_paragraphs, text_size

MAX_TEXT = 4096  # Telegram's limit for a message text
WEEKLY_MAX = 1000  # a weekly message reads on a phone without scrolling; the rest is Details
NAME_CHARS = 24
TEAM_CHARS = 60
THEME_CHARS = 80
BAR_BLOCKS = 10  # the longest bar
DAY_FULL, DAY_EMPTY = "▰", "▱"
DIST_BLOCK = "▇"
GROUP_QUOTE_CHARS = 120
GROUP_PROMPT_CHARS = 80


@dataclass(frozen=True)
class _Level:
    """How much of a long digest is kept: the digest shrinks level by level."""

    quote_chars: int  # length of a shared answer
    prompt_chars: int  # length of a prompt above a shared answer (0: no prompt)
    max_shared: int | None  # shared answers shown (None: all)
    dist_prompt_chars: int  # length of a prompt above a distribution
    max_prompts: int | None  # distributions and "too few" lines shown (None: all)


DETAIL = _Level(600, 200, None, 200, None)  # everything, for the Details button
_LEVELS: tuple[_Level, ...] = (
    _Level(200, 100, None, 120, None),
    _Level(120, 60, None, 80, None),
    _Level(80, 0, None, 60, None),
    _Level(60, 0, 12, 60, None),
    _Level(40, 0, 6, 40, None),
    _Level(40, 0, 6, 40, 8),
    _Level(40, 0, 3, 40, 4),
    _Level(40, 0, 0, 40, 2),
    _Level(40, 0, 0, 40, 1),
    _Level(40, 0, 0, 40, 0),
)


def _day(day: date, lang: str) -> str:
    """``di 1 dec`` / ``Tue 1 Dec``."""
    short = plain(lang, f"days.short.{day.isoweekday()}")
    return f"{short} {format_date(day, 'd MMM', locale=normalise(lang))}"


def _answers(count: int, lang: str) -> str:
    return t(lang, "team.answers_one") if count == 1 else t(lang, "team.answers_many", count=count)


def _length(weeks: int, lang: str) -> str:
    return t(lang, "team.weeks_one") if weeks == 1 else t(lang, "team.weeks_many", count=weeks)


def shared_name(shared: SharedAnswer, lang: str) -> str:
    return shorten(shared.name, NAME_CHARS) if shared.name else plain(lang, "team.someone")


# --- pieces ------------------------------------------------------------------------------


def _day_bar(answered: int, members: int) -> str:
    if members <= 0:
        return ""
    width = min(members, BAR_BLOCKS)
    full = round(answered * width / members)
    if answered and not full:
        full = 1
    return DAY_FULL * full + DAY_EMPTY * (width - full)


def _days_block(digest: TeamDigest, inp: TeamWeekInput) -> str:
    lang = inp.lang
    lines = [t(lang, "team.days_title")]
    if not digest.days:
        lines.append(t(lang, "team.no_days"))
        return join_lines(lines)
    if inp.final:
        weeks: dict[int, list[DayCount]] = {}
        for d in digest.days:
            weeks.setdefault((d.day - inp.week_start).days // 7 + 1, []).append(d)
        for week, days in sorted(weeks.items()):
            counts = " · ".join(str(d.answered) for d in days)
            lines.append(t(lang, "team.week_line", week=week, counts=counts,
                           members=max(d.members for d in days)))
    else:
        lines += [
            t(lang, "team.day_line", day=_day(d.day, lang), bar=_day_bar(d.answered, d.members),
              answered=d.answered, members=d.members)
            for d in digest.days
        ]
    lines.append(t(lang, "team.total", answered=digest.answered, possible=digest.possible))
    return join_lines(lines)


def _dist_bar(count: int, largest: int) -> str:
    if count <= 0:
        return ""
    if count < SMALL_COUNT:  # rounded: one block whether it is 1 or 2
        return DIST_BLOCK + " "
    blocks = count if largest <= BAR_BLOCKS else max(1, round(count * BAR_BLOCKS / largest))
    return DIST_BLOCK * blocks + " "


def distribution_block(dist: Distribution, lang: str, prompt_chars: int = 120) -> str:
    """A prompt and how many chose each value or option, as text bars."""
    head = t(lang, "team.dist_head", day=_day(dist.day, lang),
             prompt=shorten(dist.text, prompt_chars), answers=Raw(_answers(dist.total, lang)))
    counts = list(dist.counts)
    if dist.other:
        counts.append((plain(lang, "team.other_label"), dist.other))
    largest = max((n for _, n in counts), default=0)
    if dist.kind == SCALE:
        lines = [t(lang, "team.scale_line", value=value, bar=_dist_bar(n, largest),
                   count=shown_count(n)) for value, n in counts]
    else:
        lines = [t(lang, "team.choice_line", label=label, bar=_dist_bar(n, largest),
                   count=shown_count(n)) for label, n in counts]
    return join_lines([head, *lines])


def _dist_section(digest: TeamDigest, lang: str, level: _Level, final: bool = False
                  ) -> list[str]:
    """Distributions (at most ``max_prompts``) and the one line that explains the rule;
    prompts with too few answers are never listed one by one. A final report leaves
    them to Details: the team's own words matter more there."""
    items = sorted(digest.distributions, key=lambda d: d.day)
    if not items:
        return [t(lang, "teamweek.rule_held", min=MIN_ANSWERS)] if digest.too_few else []
    if final:
        return [t(lang, "teamweek.dist_in_details", count=len(items))]
    shown = items if level.max_prompts is None else items[: level.max_prompts]
    blocks = [distribution_block(d, lang, level.dist_prompt_chars) for d in shown]
    hidden = len(items) - len(shown)
    if hidden:
        blocks.append(t(lang, "team.more_prompts", count=hidden))
    blocks.append(t(lang, "teamweek.rule_note", min=MIN_ANSWERS))
    return [t(lang, "team.dist_title") + "\n" + join_paragraphs(blocks)]


def shared_groups(shared: Sequence[SharedAnswer], lang: str, quote_chars: int,
                  prompt_chars: int, apart: bool = False) -> list[str]:
    """Shared answers under their question, once per question and day (day order);
    ``apart``: each answer its own block (long answers, split over messages)."""
    groups: dict[tuple[date, str], list[SharedAnswer]] = {}
    for item in shared:
        groups.setdefault((item.day, item.prompt), []).append(item)
    blocks = []
    for (day, prompt), items in sorted(groups.items(), key=lambda g: g[0][0]):
        lines = [t(lang, "team.shared_short", name=shared_name(s, lang),
                   text=shorten(s.text, quote_chars)) for s in items]
        if prompt_chars and prompt.strip():
            lines[0] = join_lines([t(lang, "teamweek.shared_head", day=_day(day, lang),
                                     question=shorten(prompt, prompt_chars)), lines[0]])
        blocks += lines if apart else [join_lines(lines)]
    return blocks


def _shared_section(digest: TeamDigest, inp: TeamWeekInput, level: _Level) -> str:
    """The answers members shared; the final report shows the last day's (the
    retrospective) and counts the earlier ones, which are behind Details."""
    lang = inp.lang
    if not digest.shared:
        return join_lines([t(lang, "team.shared_title"),
                       t(lang, "team.shared_none_final" if inp.final else "team.shared_none")])
    shared = digest.shared
    title = t(lang, "team.shared_title")
    if inp.final and digest.days:
        last = digest.days[-1].day
        retro = tuple(s for s in shared if s.day == last)
        if retro:
            shared, title = retro, t(lang, "teamweek.shared_retro_title")
    if level.max_shared is not None and len(shared) > level.max_shared:
        shared = shared[: level.max_shared]
    blocks = shared_groups(shared, lang, level.quote_chars, level.prompt_chars)
    hidden = len(digest.shared) - len(shared)
    if hidden:
        blocks.append(t(lang, "teamweek.shared_more_one" if hidden == 1
                        else "teamweek.shared_more", count=hidden))
    return title + "\n" + ("\n\n" if level.prompt_chars else "\n").join(blocks)


def _header(inp: TeamWeekInput, intro_key: str) -> str:
    lang = inp.lang
    team = shorten(inp.team_name, TEAM_CHARS)
    theme = shorten(inp.theme, THEME_CHARS) if inp.theme and inp.theme.strip() else ""
    if inp.final:
        title = t(lang, "team.title_final", team=team)
        length = Raw(_length(inp.weeks, lang))
        subtitle = (t(lang, "team.subtitle_final", theme=theme, length=length) if theme
                    else t(lang, "team.subtitle_final_plain", length=length))
    else:
        title = t(lang, "team.title", team=team)
        subtitle = (t(lang, "team.subtitle_week", week=inp.week_number, weeks=inp.weeks, theme=theme)
                    if theme else t(lang, "team.subtitle_week_plain", week=inp.week_number, weeks=inp.weeks))
    return join_lines([title, subtitle, t(lang, intro_key, lead=shorten(inp.lead_name, NAME_CHARS))])


def visible(text: str) -> str:
    """The text as the phone shows it: without tags, entities read as characters."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _earlier_shared(d: TeamDigest, inp: TeamWeekInput) -> bool:
    """The final report shows the last day's shared answers: are there earlier ones?"""
    return inp.final and bool(d.days) and any(s.day != d.days[-1].day for s in d.shared)


def _fit(build: Callable[[_Level], str], details: str | None = None, lang: str = "nl",
         more: bool = False) -> Outgoing:
    """The first level whose text fits in a weekly message (the last level in any case).

    When something was shortened or left out (or ``more`` says so) and ``details`` (button
    data) is given, a Details button opens the full version."""
    text = ""
    for level in _LEVELS:
        text = build(level)
        if text_size(visible(text)) <= WEEKLY_MAX:
            break
    if details is None or (not more and text == build(DETAIL)):
        return Outgoing(text)
    return Outgoing(text, ((Button(plain(lang, "teamweek.btn_details"), details),),))


# --- the lead's digest and the final reports ---------------------------------------------


def render_team_digest(d: TeamDigest, inp: TeamWeekInput, details: str | None = None
                       ) -> Outgoing:
    """The lead's weekly digest, or the final report when ``inp.final``.

    Counts per day (per week in the final report), distributions or "too few answers to
    show", the answers members shared with the team (with their first name), and a note
    on what the lead does and does not see. Kept under ``WEEKLY_MAX`` characters: shared
    answers and prompts get shorter, then fewer shared answers, then fewer distributions;
    the rest is behind the Details button (``details``: its data)."""
    lang = inp.lang

    def build(level: _Level) -> str:
        parts = [
            _header(inp, "team.intro_final" if inp.final else "team.intro"),
            _days_block(d, inp),
            *_dist_section(d, lang, level, inp.final),
            _shared_section(d, inp, level),
            t(lang, "team.final_tip") if inp.final else "",
            t(lang, "team.footer_lead"),
        ]
        return join_paragraphs(parts)

    return _fit(build, details, lang, _earlier_shared(d, inp))


def render_final_report_member(d: TeamDigest, inp: TeamWeekInput, details: str | None = None,
                               extra: str = "") -> Outgoing:
    """The final report for a member: the same aggregate as the lead's, names only next to
    answers shared with the team, a thank-you, and ``extra`` (a line about what comes next)."""
    lang = inp.lang
    final = inp if inp.final else replace(inp, final=True)

    def build(level: _Level) -> str:
        team = shorten(final.team_name, TEAM_CHARS)
        head = join_lines([t(lang, "team.title_final", team=team), t(lang, "team.intro_member_final")])
        parts = [
            head,
            _days_block(d, final),
            *_dist_section(d, lang, level, True),
            _shared_section(d, final, level),
            t(lang, "team.member_thanks"),
            t(lang, "team.member_next"),
            extra,
        ]
        return join_paragraphs(parts)

    return _fit(build, details, lang, _earlier_shared(d, final))


# --- the group chat ----------------------------------------------------------------------


def render_group_week_start(team_name: str, week_number: int, weeks: int, theme: str,
                            lang: str) -> Outgoing:
    """Monday in the team's group: the week's theme, and that answers stay private."""
    head = t(lang, "team.group_start", team=shorten(team_name, TEAM_CHARS), week=week_number,
             weeks=weeks, theme=shorten(theme, THEME_CHARS))
    return Outgoing(join_paragraphs([head, t(lang, "team.group_start_how"),
                                 t(lang, "team.group_start_privacy")]))


def render_group_week_end(d: TeamDigest, inp: TeamWeekInput) -> Outgoing:
    """Friday in the team's group: the week's number of answers, at most one distribution
    and at most three answers shared with the team. Nothing else."""
    lang = inp.lang
    short = for_group(d)
    title = t(lang, "team.group_end_title", team=shorten(inp.team_name, TEAM_CHARS),
              week=inp.week_number)
    total = (t(lang, "team.group_end_total", answers=Raw(_answers(short.answered, lang)))
             if short.answered else t(lang, "team.group_end_none"))
    parts = [join_lines([title, total])]
    parts += [distribution_block(x, lang, GROUP_PROMPT_CHARS) for x in short.distributions]
    if short.shared:
        parts.append(join_lines([t(lang, "team.shared_title")] + [
            t(lang, "team.shared_short", name=shared_name(s, lang),
              text=shorten(s.text, GROUP_QUOTE_CHARS)) for s in short.shared
        ]))
    return Outgoing(join_paragraphs(parts))


# --- the last day and the chart ----------------------------------------------------------


def retro_prompt_text(lang: str) -> str:
    """The retrospective of the sprint's last day: one question, plain text (≤ 300 chars)."""
    return plain(lang, "team.retro")


def team_chart_spec(d: TeamDigest, inp: TeamWeekInput) -> tuple[dict[str, Any], str] | None:
    """The arguments of ``answers_per_day_png`` and the caption; None without days yet.

    Kept as plain data so the outbox can record the chart before it is drawn and sent."""
    if not d.days:
        return None
    lang = inp.lang
    labels: list[str] = []
    for day in d.days:
        if inp.final:
            week = (day.day - inp.week_start).days // 7 + 1
            monday = day.day.isoweekday() == 1
            labels.append(plain(lang, "team.chart_week").format(week=week) if monday else "")
        else:
            labels.append(plain(lang, f"days.short.{day.day.isoweekday()}"))
    members = max([d.members, *(day.members for day in d.days)])
    spec: dict[str, Any] = {
        "labels": labels,
        "answered": [day.answered for day in d.days],
        "members": members,
        "title": plain(lang, "team.chart_title_final" if inp.final else "team.chart_title"),
    }
    return spec, t(lang, "team.chart_caption", members=members)


def render_team_chart(d: TeamDigest, inp: TeamWeekInput) -> tuple[bytes, str] | None:
    """The PNG chart of answers per day and its caption, or None without days."""
    found = team_chart_spec(d, inp)
    if found is None:
        return None
    from bot.messages.charts import answers_per_day_png  # matplotlib is slow to import: only when needed

    spec, caption = found
    return answers_per_day_png(**spec), caption

