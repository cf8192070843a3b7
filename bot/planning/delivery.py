"""The delivery lag prediction for this database and rate: the run log warns with it at
start, and ``coach stats`` can show it (``predict_lag``)."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.core.delivery import LagPrediction, busiest_minute
from bot.store import Store

log = logging.getLogger(__name__)


def predict_lag(store: Store, rate: float | None, now: datetime) -> LagPrediction:
    """The busiest prompt minute today and how long its last prompt waits at ``rate``."""
    return busiest_minute(store.prompt_time_groups(), now.date(), rate)


def warn_if_lagging(store: Store, rate: float | None, now: datetime) -> LagPrediction:
    """Log a warning when the configured prompt times predict more than 15 minutes."""
    prediction = predict_lag(store, rate, now)
    if prediction.too_long:
        log.warning("%s; spread prompt times or use paid broadcast "
                    "(TELEGRAM_PAID_BROADCAST, TELEGRAM_RATE_LIMIT up to 1000)",
                    prediction.describe())
    return prediction
