"""/healthz and /metrics over real HTTP, from a running bot."""

from __future__ import annotations

import socket

import aiohttp

from tests.e2e.harness import World


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}{path}") as r:
        return r.status, await r.text()


async def test_healthz_flips_to_503_when_the_database_is_read_only_and_back(world: World) -> None:
    port = free_port()
    world.extra_settings["health_port"] = port
    await world.restart()
    await world.tick()
    status, body = await get(port, "/healthz")
    assert status == 200 and '"database_writable": true' in body and '"outbox_backlog": 0' in body
    world.db.execute("PRAGMA query_only = ON")  # what a read-only file or a full disk looks like
    status, body = await get(port, "/healthz")
    assert status == 503 and '"database_writable": false' in body
    world.db.execute("PRAGMA query_only = OFF")
    assert (await get(port, "/healthz"))[0] == 200


async def test_healthz_says_503_when_the_tick_stopped(world: World) -> None:
    port = free_port()
    world.extra_settings["health_port"] = port
    await world.restart()
    await world.tick()
    world.clock.advance(minutes=40)  # tick_seconds is 600 in tests: three missed ticks and more
    status, body = await get(port, "/healthz")
    assert status == 503 and '"ticking": false' in body


async def test_metrics_count_updates_sends_and_ticks(world: World) -> None:
    port = free_port()
    world.extra_settings["health_port"] = port
    await world.restart()
    user = world.user()
    await user.send("/help")
    await user.next_message()
    await world.tick()
    status, text = await get(port, "/metrics")
    assert status == 200
    assert "coach_updates_total 1.0" in text
    assert 'coach_sends_total{outcome="sent"} 1.0' in text
    assert "coach_tick_seconds_count 1.0" in text
    assert "coach_outbox_backlog 0.0" in text
    assert "Sanne" not in text and "help" not in text.lower().replace("# help", "")
