"""A coach that reminds once and then steps back: the rules, as plain functions.

Fixed reminder ladders (remind after two hours, pause after five misses) nag the people
they should help. Here: at most one short reminder per prompt, only on the prompt's own
day and never in quiet hours; and after a run of silent prompts the coach stops by
itself and asks once what the learner wants, instead of asking again and again.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

SELF_PAUSE_AFTER = 5


def parse_quiet(text: str) -> tuple[time, time]:
    """``"21:00-07:00"`` → (21:00, 07:00); raises ValueError for anything else."""
    start, _, end = text.replace(" ", "").partition("-")
    hs, ms = start.split(":")
    he, me = end.split(":")
    return time(int(hs), int(ms)), time(int(he), int(me))


def in_quiet_hours(moment: datetime, tz: str, quiet: tuple[time, time]) -> bool:
    start, end = quiet
    local = moment.astimezone(ZoneInfo(tz)).time()
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # the window crosses midnight


def reminder_due(sent_at: datetime, expires_at: datetime | None, now: datetime, tz: str,
                 after: timedelta, quiet: tuple[time, time]) -> bool:
    """An open prompt gets its one reminder once ``after`` has passed, on its own day
    (before it expires), and not in quiet hours."""
    if now < sent_at + after:
        return False
    if expires_at is not None and now >= expires_at:
        return False
    return not in_quiet_hours(now, tz, quiet)


def silent_run(answered_latest_first: list[bool]) -> int:
    """How many of the latest sent prompts in a row got no answer (a skip is an answer)."""
    run = 0
    for answered in answered_latest_first:
        if answered:
            break
        run += 1
    return run


def should_pause_itself(answered_latest_first: list[bool], after: int = SELF_PAUSE_AFTER) -> bool:
    return after > 0 and silent_run(answered_latest_first) >= after
