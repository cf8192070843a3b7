"""The delivery lag model: N learners in one prompt minute at a given rate."""

from __future__ import annotations

from datetime import date, time

from bot.core.delivery import busiest_minute, lag_seconds

WINTER = date(2026, 12, 2)


def test_the_last_prompt_waits_learners_over_rate() -> None:
    assert lag_seconds(100_000, 30) / 60 == 100_000 / 30 / 60  # ~55 minutes
    assert round(lag_seconds(100_000, 1000)) == 100  # paid broadcast: under 2 minutes
    assert lag_seconds(100_000, None) == 0


def test_zones_whose_times_meet_in_utc_share_a_minute() -> None:
    groups = [("Europe/Amsterdam", time(16, 0), 20_000), ("Europe/London", time(15, 0), 10_000),
              ("Europe/Amsterdam", time(9, 0), 25_000)]
    found = busiest_minute(groups, WINTER, 30)
    assert (found.minute_utc, found.learners) == ("15:00", 30_000)
    assert found.too_long and "30000 learners" in found.describe()
    assert not busiest_minute(groups, WINTER, 1000).too_long


def test_a_small_bot_is_not_warned() -> None:
    found = busiest_minute([("Europe/Amsterdam", time(16, 0), 500)], WINTER, 30)
    assert not found.too_long and round(found.seconds) == 17
    assert busiest_minute([], WINTER, 30).learners == 0
