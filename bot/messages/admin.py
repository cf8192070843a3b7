"""What an operator reads: use figures, announcement previews and their reports.

Everything here is built from ``bot.core.stats`` figures, which already withhold any
number about fewer than five people; this module only words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.core.programme import Programme
from bot.core.records import Button, Outgoing
from bot.core.stats import Figure, Stats
from bot.messages.i18n import Raw, plain, t, tr
from bot.messages.render import format_day


def _figure(lang: str, figure: Figure) -> Raw | int:
    return figure.value if figure.value is not None else tr(lang, "admin.hidden")


def stats_text(lang: str, stats: Stats, programmes: Mapping[str, Programme], today: date) -> str:
    lines = [t(lang, "admin.stats_title", date=format_day(today, lang)), ""]
    lines.append(t(lang, "admin.learners", active=_figure(lang, stats.learners_active),
                   paused=_figure(lang, stats.learners_paused),
                   finished=_figure(lang, stats.learners_finished),
                   stopped=_figure(lang, stats.learners_stopped)))
    if stats.days:
        sent = sum(d.sent for d in stats.days)
        answered = sum(d.answered for d in stats.days)
        rate = round(100 * answered / sent) if sent else 0
        lines.append(t(lang, "admin.days_line", sent=sent, answered=answered, rate=rate))
    else:
        lines.append(t(lang, "admin.days_hidden"))
    if stats.programmes:
        lines += ["", t(lang, "admin.programmes_title")]
        for p in stats.programmes:
            programme = programmes.get(p.programme_id)
            title = programme.title[lang] if programme else p.programme_id
            if p.learners.value is None:
                lines.append(t(lang, "admin.programme_small", title=title))
            else:
                shown = f"{p.answer_rate}%" if p.answer_rate is not None else "–"
                lines.append(t(lang, "admin.programme_line", title=title, learners=p.learners.value,
                               rate=shown))
    lines += ["", t(lang, "admin.others", links=_figure(lang, stats.mentor_links),
                    sprints=stats.sprints_running)]
    lines.append(t(lang, "admin.delivery", failed=stats.failed, expired=stats.expired,
                   retrying=stats.retrying, backlog=stats.backlog))
    if stats.busiest_at:
        minutes = max(1, round(stats.predicted_lag_seconds / 60)) if stats.predicted_lag_seconds else 0
        lines.append(t(lang, "admin.lag", at=stats.busiest_at, minutes=minutes))
        if stats.lag_warning:
            lines.append(t(lang, "admin.lag_warning"))
    if stats.withheld:
        lines += ["", t(lang, "admin.small_note")]
    return "\n".join(lines)


def stats_chart(lang: str, stats: Stats) -> dict[str, Any] | None:
    """The arguments of ``answers_per_day_png``, or None when the days are withheld."""
    if not stats.days:
        return None
    return {
        "labels": [f"{d.day.day}/{d.day.month}" for d in stats.days],
        "answered": [d.answered for d in stats.days],
        "members": max((d.sent for d in stats.days), default=0) or 1,
        "title": plain(lang, "admin.chart_title"),
    }


def announcement_html(lang: str, text: str) -> str:
    """The announcement exactly as recipients get it (their text escaped, never HTML)."""
    return t(lang, "admin.announcement", text=text)


def audience_menu(lang: str, everyone: int, per_programme: list[tuple[Programme, int]]) -> Outgoing:
    rows = [(Button(plain(lang, "admin.announce_all").format(count=everyone), "adm:aud:all"),)]
    rows += [
        (Button(plain(lang, "admin.announce_programme").format(title=p.title[lang], count=n),
                f"adm:aud:{p.id}"),)
        for p, n in per_programme if n
    ]
    return Outgoing(t(lang, "admin.announce_ask"), tuple(rows))


def preview_question(lang: str, announcement_id: int, count: int) -> Outgoing:
    return Outgoing(t(lang, "admin.announce_preview", count=count), ((
        Button(plain(lang, "admin.announce_send"), f"adm:send:{announcement_id}"),
        Button(plain(lang, "admin.announce_cancel"), f"adm:cancel:{announcement_id}"),
    ),))
