"""``/healthz`` and ``/metrics`` on a local port, so a supervisor or Prometheus can watch.

Health is three facts an operator acts on: the database takes a write, the tick ran
recently, and how much is waiting in the outbox. 200 when the first two hold, else 503.
The database is asked through the store thread, never on the event loop, so
``/healthz`` answers at once even while another process holds the database's lock:
while the lock has lasted less than the store thread's patience (``LOCK_GRACE`` at
most) the bot is healthy: work is delayed, nothing is given up. After that updates
are being turned away, and it is 503 with the reason.
The counters of ``/metrics`` are in ``bot.telegram.metrics``; nothing here ever exposes
a person or a message.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.store import Store
from bot.telegram.services import Services

if TYPE_CHECKING:  # the server's module is imported when the server starts (HEALTH_PORT)
    from aiohttp import web

    from bot.telegram.metrics import Metrics

log = logging.getLogger(__name__)
STORE_THREAD_ONLY = True  # async store work goes through the store thread (store/guard.py)

START_GRACE = timedelta(minutes=2)  # no tick yet right after start is not a failure
LOCK_GRACE = 30.0  # seconds of waiting for another process's lock that are still healthy
ASK_TIMEOUT = 0.5  # seconds /healthz waits for the store thread


async def health(services: Services, started_at: datetime) -> tuple[int, dict[str, Any]]:
    """The status code and the JSON body of ``/healthz``."""
    now = services.now()
    waited = services.thread.waited()
    reason = None
    backlog = None
    if waited:  # the store thread is waiting for a lock: asking it would wait too
        writable = waited < min(LOCK_GRACE, services.thread.patience)
        if not writable:
            reason = f"database locked by another process for {waited:.0f} s"
    else:
        try:
            writable, backlog = await asyncio.wait_for(
                services.call(_probe, services.store, now), ASK_TIMEOUT)
        except TimeoutError:
            waited = services.thread.waited()  # a lock that began just before the probe
            writable = 0 < waited < min(LOCK_GRACE, services.thread.patience)
            if not writable:
                reason = f"database did not answer within {ASK_TIMEOUT:g} s"
        if not writable and reason is None:
            reason = "database cannot be written"
    last = services.last_tick_at
    limit = timedelta(seconds=3 * services.settings.tick_seconds) + timedelta(seconds=30)
    ticking = (now - last <= limit) if last is not None else (now - started_at <= START_GRACE)
    body = {
        "database_writable": writable,
        "last_tick_at": last.isoformat() if last else None,
        "seconds_since_tick": round((now - last).total_seconds()) if last else None,
        "ticking": ticking,
        "outbox_backlog": backlog,
        "database_waiting_seconds": round(waited, 1),
    }
    if reason is not None:
        body["reason"] = reason
    elif not ticking:
        body["reason"] = "no tick for too long"
    return (200 if writable and ticking else 503), body


def _probe(store: Store, now: datetime) -> tuple[bool, int | None]:
    """In the store thread: a real write (rolled back) and the backlog."""
    writable = store.writable(now)
    return writable, (store.backlog(now) if writable else None)


class HealthServer:
    """A tiny aiohttp server beside PTB's own; started and stopped with the application."""

    def __init__(self, services: Services, metrics: Metrics, host: str, port: int) -> None:
        self.services = services
        self.metrics = metrics
        self.host = host
        self.port = port
        self.started_at = services.now()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        from aiohttp import web

        app = web.Application()
        app.router.add_get("/healthz", self._health)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        log.info("health endpoint on http://%s:%s/healthz", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _health(self, request: web.Request) -> web.Response:
        from aiohttp import web

        status, body = await health(self.services, self.started_at)
        return web.json_response(body, status=status)

    async def _metrics(self, request: web.Request) -> web.Response:
        started = time.perf_counter()
        body = await self.metrics.render(ASK_TIMEOUT)
        log.debug("metrics rendered in %.1f ms", 1000 * (time.perf_counter() - started))
        from aiohttp import web

        return web.Response(body=body, content_type="text/plain", charset="utf-8",
                            headers={"X-Content-Type-Options": "nosniff"})
