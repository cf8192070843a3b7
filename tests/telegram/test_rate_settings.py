"""The rate settings: more than Telegram's free 30/s only with paid broadcast."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings


def test_above_thirty_a_second_needs_paid_broadcast() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_PAID_BROADCAST"):
        load_settings(telegram_rate_limit=100)
    settings = load_settings(telegram_rate_limit=1000, telegram_paid_broadcast=True)
    assert settings.telegram_rate_limit == 1000


def test_the_rate_has_telegrams_bounds() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_RATE_LIMIT"):
        load_settings(telegram_rate_limit=5000, telegram_paid_broadcast=True)
    assert load_settings().telegram_rate_limit == 30
