"""The shift screens: choose a roster, say where in it you are today, tell next week's shifts."""

from __future__ import annotations

from datetime import date, timedelta

from bot.core.records import Button, Outgoing
from bot.core.shifts import CODES, KNOWN_CYCLES, OFF, ShiftPlan
from bot.messages.i18n import plain, t
from bot.messages.render import format_day

LETTERS = {"nl": {"E": "V", "L": "L", "N": "N", "-": "–"}, "en": {"E": "E", "L": "L", "N": "N", "-": "–"}}


def cycle_text(cycle: str, lang: str) -> str:
    return " ".join(LETTERS[lang].get(c, c) for c in cycle)


def current(plan: ShiftPlan | None, lang: str) -> str:
    if plan is None:
        return plain(lang, "shifts.summary_none")
    if plan.weekly:
        return plain(lang, "shifts.summary_weekly")
    return plain(lang, "shifts.summary_cycle").format(cycle=cycle_text(plan.cycle, lang))


def menu(lang: str, plan: ShiftPlan | None) -> Outgoing:
    text = t(lang, "shifts.menu") + "\n\n" + t(lang, "shifts.menu_current", current=current(plan, lang))
    rows = [(Button(plain(lang, f"shifts.btn_{key}"), f"sh:cyc:{key}"),) for key in KNOWN_CYCLES]
    rows += [(Button(plain(lang, "shifts.btn_type"), "sh:type"),),
             (Button(plain(lang, "shifts.btn_weekly"), "sh:weekly"),),
             (Button(plain(lang, "shifts.btn_off"), "sh:off"),)]
    return Outgoing(text, tuple(rows))


def position_question(lang: str, cycle: str) -> Outgoing:
    """One button per day of the cycle: '1e vroeg', '2e vroeg', … '4e vrije dag'."""
    seen: dict[str, int] = {}
    buttons = []
    for index, code in enumerate(cycle):
        seen[code] = seen.get(code, 0) + 1
        if code == OFF:
            label = plain(lang, "shifts.off_label").format(n=seen[code])
        else:
            shift = plain(lang, f"shifts.name_{code}")
            label = plain(lang, "shifts.day_label").format(n=seen[code], shift=shift)
        buttons.append(Button(label, f"sh:pos:{index}"))
    rows = tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2))
    return Outgoing(t(lang, "shifts.position_ask"), rows)


def week_question(lang: str, monday: date, told: dict[date, str]) -> Outgoing:
    """Seven rows, one per day: the day, then a button per shift (the chosen one ticked)."""
    rows = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        chosen = told.get(day, OFF)
        label = format_day(day, lang).split(" ")[0][:2]
        cells = [Button(f"{label} {day.day}", "sh:noop")]
        for code in (*CODES, OFF):
            name = LETTERS[lang][code] if code != OFF else plain(lang, "shifts.off_short")
            mark = "✅ " if chosen == code else ""
            cells.append(Button(f"{mark}{name}", f"sh:wk:{day:%Y%m%d}:{code}"))
        rows.append(tuple(cells))
    rows.append((Button(plain(lang, "shifts.btn_done"), f"sh:wkdone:{monday:%Y%m%d}"),))
    return Outgoing(t(lang, "shifts.week_ask", day=format_day(monday, lang)), tuple(rows))
