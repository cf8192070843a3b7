"""The screens of onboarding, settings and help, as ``Outgoing`` messages.

Handlers decide which screen; these functions decide what it says and which buttons
it has. Button data is short and names the step it belongs to, so a button from an
old screen can be recognised and refused kindly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.core.programme import Programme, pick
from bot.core.records import Button, Outgoing, User
from bot.messages.i18n import Raw, plain, t, tr
from bot.messages.render import day_names, format_clock, when_text

TIME_CHOICES = (
    time(7, 0), time(10, 0), time(12, 0),
    time(15, 0), time(16, 0), time(17, 0),
    time(19, 0), time(20, 0), time(21, 0),
)
COMMON_ZONES = (
    "Europe/Amsterdam", "Europe/Brussels", "Europe/Berlin", "Europe/London",
    "Europe/Paris", "Europe/Warsaw", "Europe/Istanbul", "America/Curacao",
    "America/Paramaribo",
)


def _rows(buttons: Sequence[Button], per_row: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def other_language(lang: str) -> str:
    return "en" if lang == "nl" else "nl"


def welcome(lang: str, name: str) -> Outgoing:
    other = other_language(lang)
    return Outgoing(
        t(lang, "onboarding.welcome", name=name),
        (
            (Button(plain(lang, "onboarding.join"), "ob:join"),),
            (Button(plain(lang, "onboarding.decline"), "ob:decline"),),
            (Button(plain(other, "language.switch_to"), f"ob:lang:{other}"),),
        ),
    )


def days_step(lang: str, selected: frozenset[int]) -> Outgoing:
    toggles = [
        Button(("✅ " if d in selected else "") + plain(lang, f"days.short.{d}"), f"ob:day:{d}")
        for d in range(1, 8)
    ]
    rows = (*_rows(toggles[:5], 5), tuple(toggles[5:]),
            (Button(plain(lang, "onboarding.days_done"), "ob:days"),))
    return Outgoing(t(lang, "onboarding.days"), rows)


def time_buttons(lang: str, prefix: str,
                 choices: tuple[time, ...] = TIME_CHOICES) -> tuple[tuple[Button, ...], ...]:
    """Common times, three a row; the data is ``<prefix><HHMM>``."""
    return _rows([Button(format_clock(at, lang), f"{prefix}{at:%H%M}") for at in choices], 3)


# A mentor reads the digest before or after the shift: morning times first (08:00 default).
DIGEST_TIMES = tuple(time(h) for h in (7, 8, 9, 12, 16, 17))


def time_step(lang: str) -> Outgoing:
    shifts = (Button(plain(lang, "shifts.btn_onboarding"), "sh:menu"),)
    return Outgoing(t(lang, "onboarding.time"), (*time_buttons(lang, "ob:time:"), shifts))


def tz_step(lang: str, tz: str, now: datetime) -> Outgoing:
    local = now.astimezone(ZoneInfo(tz)).time()
    return Outgoing(
        t(lang, "onboarding.tz", tz=tz, time=format_clock(local, lang)),
        (
            (Button(plain(lang, "onboarding.tz_ok"), "ob:tz:ok"),),
            (Button(plain(lang, "onboarding.tz_other"), "ob:tz:other"),),
        ),
    )


def tz_choices(lang: str) -> Outgoing:
    buttons = [Button(zone.split("/")[-1].replace("_", " "), f"ob:tz:{i}")
               for i, zone in enumerate(COMMON_ZONES)]
    return Outgoing(t(lang, "onboarding.tz_choose"), _rows(buttons, 3))


def programme_step(lang: str, programmes: Sequence[Programme], current: str | None) -> Outgoing:
    """One short line per programme, so the list fits a phone screen (the buttons pick)."""
    lines = [
        t(lang, "onboarding.programme_line", title=pick(p.title, lang),
          weeks=len(p.weeks), description=pick(p.description, lang))
        for p in programmes
    ]
    buttons = [
        (Button(("✅ " if p.id == current else "") + pick(p.title, lang), f"ob:prog:{p.id}"),)
        for p in programmes
    ]
    return Outgoing(
        t(lang, "onboarding.programme", programmes=Raw("\n".join(lines))), tuple(buttons)
    )


def language_step(lang: str) -> Outgoing:
    return Outgoing(
        t(lang, "settings.language"),
        ((Button(plain("nl", "language.name"), "ob:lang:nl"),
          Button(plain("en", "language.name"), "ob:lang:en")),),
    )


def done(lang: str, next_at: datetime | None, tz: str, now: datetime, programme: Programme) -> Outgoing:
    when = when_text(next_at, tz, now, lang) if next_at else tr(lang, "when.none")
    return Outgoing(t(lang, "onboarding.done", programme=pick(programme.title, lang), when=when))


def settings_overview(
    user: User, programme: Programme | None, next_at: datetime | None, now: datetime,
    finished: bool = False,
) -> Outgoing:
    lang = user.language
    paused = user.schedule.paused_on(now.astimezone(ZoneInfo(user.tz)).date())
    if finished:  # no "pause or no work days": the programme is simply complete
        status = tr(lang, "lived.settings_finished")
    elif paused:  # a pause whose end date has passed is over
        status = (tr(lang, "settings.paused_until", day=when_text(
            datetime.combine(user.resume_on, user.prompt_time, ZoneInfo(user.tz)),
            user.tz, now, lang)) if user.resume_on else tr(lang, "settings.paused"))
    else:
        status = when_text(next_at, user.tz, now, lang) if next_at else tr(lang, "when.none")
    text = t(
        lang, "settings.overview",
        time=format_clock(user.prompt_time, lang),
        days=day_names(user.work_days, lang),
        tz=user.tz,
        language=plain(lang, "language.name"),
        programme=pick(programme.title, lang) if programme else "–",
        next=status,
        summary=f"{plain(lang, f'days.long.{user.summary_weekday}')} "
                f"{format_clock(user.summary_time, lang)}",
    )
    pause = (Button(plain(lang, "settings.btn_resume"), "set:resume") if paused
             else Button(plain(lang, "settings.btn_pause"), "set:pause"))
    return Outgoing(
        text,
        (
            (Button(plain(lang, "settings.btn_time"), "set:time"),
             Button(plain(lang, "settings.btn_days"), "set:days")),
            (Button(plain(lang, "settings.btn_tz"), "set:tz"),
             Button(plain(lang, "settings.btn_language"), "set:lang")),
            (Button(plain(lang, "settings.btn_programme"), "set:prog"), pause),
            (Button(plain(lang, "shifts.btn_menu"), "sh:menu"),),
            (Button(plain(lang, "settings.btn_summary"), "wk:sum:day:0"),),
        ),
    )


def my_data(lang: str) -> Outgoing:
    return Outgoing(
        t(lang, "privacy.menu"),
        (
            (Button(plain(lang, "privacy.btn_export"), "my:export"),),
            (Button(plain(lang, "privacy.btn_erase"), "my:erase"),),
            (Button(plain(lang, "privacy.btn_notice"), "my:notice"),),
        ),
    )


def privacy_notice(lang: str, operator: str, months: int) -> Outgoing:
    """What is stored, who sees what from when, how long, Telegram, who runs it, rights."""
    name = operator.strip() or plain(lang, "privacy.operator_unknown")
    return Outgoing(t(lang, "privacy.notice", operator=name, months=months))


def erase_confirm(lang: str, nonce: str) -> Outgoing:
    """The last question before erasing; "yes" carries the one-time nonce of this screen."""
    return Outgoing(
        t(lang, "privacy.erase_confirm"),
        (
            (Button(plain(lang, "privacy.btn_erase_yes"), f"my:erase:yes:{nonce}"),),
            (Button(plain(lang, "privacy.btn_erase_no"), "my:erase:no"),),
        ),
    )
