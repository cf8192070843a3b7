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

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from babel.dates import format_date

from bot.core.progress import shorten
from bot.core.records import Outgoing
from bot.core.team import (
    MIN_ANSWERS,
    SCALE,
    DayCount,
    Distribution,
    SharedAnswer,
    TeamDigest,
    TeamWeekInput,
    TooFew,
    for_group,
)
from bot.messages.i18n import Raw, normalise, plain, t
from bot.messages.render import join_lines, join_paragraphs, text_size

MAX_TEXT = 4096  # Telegram's limit for a message text
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


_LEVELS: tuple[_Level, ...] = (
    _Level(200, 100, None, 120, None),
    _Level(120, 60, None, 80, None),
    _Level(80, 0, None, 60, None),
    _Level(60, 0, 12, 60, None),
    _Level(40, 0, 6, 40, None),
    _Level(40, 0, 6, 40, 8),
    _Level(40, 0, 3, 40, 4),
    _Level(40, 0, 0, 40, 2),
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


def _name(shared: SharedAnswer, lang: str) -> str:
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
        lines = [t(lang, "team.scale_line", value=value, bar=_dist_bar(n, largest), count=n)
                 for value, n in counts]
    else:
        lines = [t(lang, "team.choice_line", label=label, bar=_dist_bar(n, largest), count=n)
                 for label, n in counts]
    return join_lines([head, *lines])


def _too_few_block(item: TooFew, lang: str, prompt_chars: int) -> str:
    return t(lang, "team.too_few", day=_day(item.day, lang), prompt=shorten(item.text, prompt_chars))


def _dist_section(digest: TeamDigest, lang: str, level: _Level) -> list[str]:
    items: list[tuple[date, int, str]] = [
        (d.day, i, distribution_block(d, lang, level.dist_prompt_chars))
        for i, d in enumerate(digest.distributions)
    ]
    items += [
        (f.day, len(items) + i, _too_few_block(f, lang, level.dist_prompt_chars))
        for i, f in enumerate(digest.too_few)
    ]
    if not items:
        return []
    items.sort(key=lambda item: (item[0], item[1]))
    shown = items if level.max_prompts is None else items[: level.max_prompts]
    blocks = [text for _, _, text in shown]
    hidden = len(items) - len(shown)
    if hidden:
        blocks.append(t(lang, "team.more_prompts", count=hidden))
    blocks.append(t(lang, "team.threshold_note", min=MIN_ANSWERS))
    return [t(lang, "team.dist_title") + "\n" + join_paragraphs(blocks)]


def _shared_item(s: SharedAnswer, lang: str, quote_chars: int, prompt_chars: int) -> str:
    text = shorten(s.text, quote_chars)
    if prompt_chars and s.prompt.strip():
        return t(lang, "team.shared_item", name=_name(s, lang),
                 prompt=shorten(s.prompt, prompt_chars), text=text)
    return t(lang, "team.shared_short", name=_name(s, lang), text=text)


def _shared_section(digest: TeamDigest, inp: TeamWeekInput, level: _Level) -> str:
    lang = inp.lang
    if not digest.shared:
        return join_lines([t(lang, "team.shared_title"),
                       t(lang, "team.shared_none_final" if inp.final else "team.shared_none")])
    shared = digest.shared
    if level.max_shared is not None and len(shared) > level.max_shared:
        # the final report keeps the latest (the retrospective comes last), a week the first
        shared = shared[len(shared) - level.max_shared:] if inp.final else shared[: level.max_shared]
    items = [_shared_item(s, lang, level.quote_chars, level.prompt_chars) for s in shared]
    hidden = len(digest.shared) - len(shared)
    if hidden and inp.final:
        items.insert(0, t(lang, "team.shared_more_earlier", count=hidden))
    elif hidden:
        items.append(t(lang, "team.shared_more", count=hidden))
    joiner = "\n\n" if level.prompt_chars else "\n"
    return t(lang, "team.shared_title") + "\n" + joiner.join(items)


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


def _fit(build: Callable[[_Level], str]) -> Outgoing:
    """The first level whose text fits in one message (the last level in any case)."""
    text = ""
    for level in _LEVELS:
        text = build(level)
        if text_size(text) <= MAX_TEXT:
            break
    return Outgoing(text)


# --- the lead's digest and the final reports ---------------------------------------------


def render_team_digest(d: TeamDigest, inp: TeamWeekInput) -> Outgoing:
    """The lead's weekly digest, or the final report when ``inp.final``.

    Counts per day (per week in the final report), distributions or "too few answers to
    show", the answers members shared with the team (with their first name), and a note
    on what the lead does and does not see. Kept under 4,096 characters: shared answers
    and prompts get shorter, then fewer shared answers, then fewer distributions."""
    lang = inp.lang

    def build(level: _Level) -> str:
        parts = [
            _header(inp, "team.intro_final" if inp.final else "team.intro"),
            _days_block(d, inp),
            *_dist_section(d, lang, level),
            _shared_section(d, inp, level),
            t(lang, "team.final_tip") if inp.final else "",
            t(lang, "team.footer_lead"),
        ]
        return join_paragraphs(parts)

    return _fit(build)


def render_final_report_member(d: TeamDigest, inp: TeamWeekInput) -> Outgoing:
    """The final report for a member: the same aggregate as the lead's, names only next to
    answers shared with the team, and a thank-you."""
    lang = inp.lang
    final = inp if inp.final else replace(inp, final=True)

    def build(level: _Level) -> str:
        team = shorten(final.team_name, TEAM_CHARS)
        head = join_lines([t(lang, "team.title_final", team=team), t(lang, "team.intro_member_final")])
        parts = [
            head,
            _days_block(d, final),
            *_dist_section(d, lang, level),
            _shared_section(d, final, level),
            t(lang, "team.member_thanks"),
            t(lang, "team.member_next"),
        ]
        return join_paragraphs(parts)

    return _fit(build)


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
            _shared_item(s, lang, GROUP_QUOTE_CHARS, 0) for s in short.shared
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

