"""Fixtures every folder of tests can use: a running bot against the emulator (``world``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.emulator import BotApiEmulator
from bot.store.guard import SharedConnection
from tests.e2e.harness import World

# A store call on the event loop that meets a job of the store thread fails the test
# (in production it waits): async code must hand its store work to the thread.
SharedConnection.strict = True

MONDAY_8_AMS = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # Monday 30 Nov 2026, 08:00 in Amsterdam


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    clock = FakeClock(MONDAY_8_AMS)
    async with BotApiEmulator(clock=lambda: clock().timestamp()) as emu:
        w = World(emu, tmp_path / "data" / "coach.db", clock)
        await w.start()
        try:
            yield w
        finally:
            if w.app is not None:
                await w.stop()
        assert not w.errors, f"handler errors: {w.errors!r}"
