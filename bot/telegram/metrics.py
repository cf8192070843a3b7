"""The counters of ``/metrics``, kept only when the health server runs (HEALTH_PORT).

Apart from ``health`` so that a bot without HEALTH_PORT never imports prometheus_client
(~16 ms and ~1 MB of every start, for counters nobody could read). Metrics come from a
registry of this application's own (tests build many apps in one process), read at
scrape time; nothing here ever exposes a person or a message.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.telegram.services import Services

STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)


class Metrics:
    """The counters the bot updates as it works, plus what is read when scraped."""

    def __init__(self, services: Services) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.updates = Counter("coach_updates", "Updates received from Telegram",
                               registry=self.registry)
        self.tick_seconds = Histogram("coach_tick_seconds", "Duration of one tick",
                                      registry=self.registry,
                                      buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.scraped = _Scraped(services)
        self.registry.register(self.scraped)

    async def render(self, timeout: float) -> bytes:
        """The backlog is read in the store thread first; the rest is in memory."""
        svc = self.scraped.services
        try:
            self.scraped.backlog = await asyncio.wait_for(
                svc.call(svc.store.backlog, svc.now()), timeout)
        except (TimeoutError, sqlite3.Error):
            self.scraped.backlog = None
        return generate_latest(self.registry)


class _Scraped(Collector):
    def __init__(self, services: Services) -> None:
        self.services = services
        self.backlog: int | None = None

    def collect(self) -> Iterator[Any]:
        sends = CounterMetricFamily("coach_sends", "Outbox rows by outcome since start",
                                    labels=["outcome"])
        for outcome, count in sorted(self.services.dispatcher.outcomes.items()):
            sends.add_metric([outcome], count)
        yield sends
        if self.backlog is not None:
            backlog = GaugeMetricFamily("coach_outbox_backlog",
                                        "Outbox rows due and not yet sent")
            backlog.add_metric([], self.backlog)
            yield backlog
