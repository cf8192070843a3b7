"""The operator is warned at start when prompt times predict more than 15 minutes of lag."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot.planning.delivery import predict_lag, warn_if_lagging
from bot.store import Store

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def learners_at_four(store: Store, count: int) -> None:
    for uid in range(1, count + 1):
        store.create_user(uid, uid, f"L{uid}", "nl", "Europe/Amsterdam", NOW)
        store.update_user(uid, NOW, state="ready", programme_id="starter", onboarded_at=NOW,
                          prompt_time=time(16, 0))


def test_a_crowded_prompt_minute_is_logged_as_a_warning(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    store = Store.open(tmp_path / "coach.db")
    learners_at_four(store, 200)
    with caplog.at_level(logging.WARNING):
        found = warn_if_lagging(store, 0.2, NOW)  # 200 prompts at 0.2/s: ~17 minutes
    assert (found.minute_utc, found.learners) == ("15:00", 200)
    assert "200 learners share the prompt minute 15:00 UTC" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        warn_if_lagging(store, 30, NOW)
    assert caplog.text == ""
    assert round(predict_lag(store, 30, NOW).seconds) == 7
