"""What a team reads around its weekly messages: the Details behind a digest or final
report, the lead's (or member's) past sprints, and the line that says a paused programme
picks up again.

The weekly messages themselves stay short (``bot.messages.team``); everything they leave
out is here, in full, for whoever taps Details. The same privacy rules apply: only what
``bot.core.team`` put in the digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.records import Button, Outgoing
from bot.core.team import MIN_ANSWERS, SHARED_CHARS, TeamDigest, TeamWeekInput
from bot.messages.i18n import Raw, plain, t
from bot.messages.render import format_day, join_paragraphs, text_size
from bot.messages.team import MAX_TEXT, distribution_block, shared_groups

DETAIL_PROMPT_CHARS = 200


def render_team_details(d: TeamDigest, inp: TeamWeekInput) -> list[Outgoing]:
    """Every distribution and every shared answer in full, each under its question; split
    over messages when it is longer than one."""
    lang = inp.lang
    title = (t(lang, "teamweek.details_final", team=inp.team_name) if inp.final
             else t(lang, "teamweek.details_week", team=inp.team_name, week=inp.week_number))
    blocks = [distribution_block(x, lang, DETAIL_PROMPT_CHARS) for x in d.distributions]
    if d.distributions:
        blocks.append(t(lang, "teamweek.rule_note", min=MIN_ANSWERS))
    elif d.too_few:
        blocks.append(t(lang, "teamweek.rule_held", min=MIN_ANSWERS))
    blocks.append(t(lang, "team.shared_title") if d.shared else
                  t(lang, "team.shared_none_final" if inp.final else "team.shared_none"))
    blocks += shared_groups(d.shared, lang, SHARED_CHARS, DETAIL_PROMPT_CHARS)
    return [Outgoing(text) for text in _chunks([title, *blocks])]


def _chunks(blocks: list[str]) -> list[str]:
    """Paragraphs packed into as few messages as fit Telegram's limit."""
    out: list[str] = []
    current = ""
    for block in blocks:
        if text_size(block) > MAX_TEXT // 2:  # a long group of answers: its lines may split
            pieces = block.split("\n")
            block = pieces[0]
            for line in pieces[1:]:
                if text_size(f"{block}\n{line}") > MAX_TEXT // 2:
                    out, current = _add(out, current, block)
                    block = line
                else:
                    block = f"{block}\n{line}"
        out, current = _add(out, current, block)
    if current:
        out.append(current)
    return out


def _add(out: list[str], current: str, block: str) -> tuple[list[str], str]:
    joined = join_paragraphs([current, block])
    if current and text_size(joined) > MAX_TEXT:
        return [*out, current], block
    return out, joined


@dataclass(frozen=True)
class PastSprint:
    sprint_id: int
    team: str
    programme: str
    start: date
    end: date


def render_past_sprints(past: list[PastSprint], lang: str) -> Outgoing:
    """After a sprint: which sprints are over (the report of each one tap away), and a
    new sprint to start."""
    lines = [t(lang, "teamweek.past_title")]
    lines += [t(lang, "teamweek.past_line", team=p.team, programme=p.programme,
                start=format_day(p.start, lang), end=format_day(p.end, lang)) for p in past]
    lines.append(t(lang, "teamweek.past_new"))
    rows = [(Button(plain(lang, "teamweek.btn_report").format(team=p.team), f"td:{p.sprint_id}:r"),)
            for p in past[1:]]
    rows.append((Button(plain(lang, "teamweek.btn_new"), "sl:new:0"),))
    return Outgoing("\n".join(lines), tuple(rows))


def own_programme_line(lang: str, programme: str, when: Raw | None) -> str:
    """One line for a member who paused their own programme: it picks up again."""
    if when is None:
        return t(lang, "teamweek.own_resumes_plain", programme=programme)
    return t(lang, "teamweek.own_resumes", programme=programme, when=when)
