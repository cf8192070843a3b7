"""The end of a programme: congratulations and the next programme to choose, with buttons.

Shown right after the last answer, and again whenever a finished learner asks for a
prompt (/vandaag, /hervat), so the end of a programme is never a silent dead end.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.programme import Programme, pick
from bot.core.records import Button, Outgoing
from bot.messages.i18n import plain, t

MAX_CHOICES = 4


def next_buttons(lang: str, choices: Sequence[Programme]) -> tuple[tuple[Button, ...], ...]:
    """One button per programme still to do, and one to stop for now."""
    rows = [(Button(pick(p.title, lang), f"nx:{p.id}"),) for p in choices[:MAX_CHOICES]]
    rows.append((Button(plain(lang, "lived.btn_not_now"), "nx:-"),))
    return tuple(rows)


def finished(lang: str, name: str, programme: Programme,
             choices: Sequence[Programme]) -> Outgoing:
    """Right after the last answer of ``programme``."""
    key = "programme.finished" if choices else "lived.finished_all"
    return Outgoing(t(lang, key, title=pick(programme.title, lang), name=name),
                    next_buttons(lang, choices))


def still_finished(lang: str, programme: Programme, choices: Sequence[Programme]) -> Outgoing:
    """A finished learner asks for a prompt: there is none until they choose again."""
    return Outgoing(t(lang, "lived.today_finished", title=pick(programme.title, lang)),
                    next_buttons(lang, choices))
