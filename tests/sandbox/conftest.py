from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sandbox.runner import Sandbox
from tests.e2e.harness import PROGRAMMES

MONDAY_8_AMS = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


@pytest.fixture
async def sandbox(tmp_path: Path) -> AsyncIterator[Sandbox]:
    sb = Sandbox(tmp_path / "data" / "sandbox.db", PROGRAMMES, start=MONDAY_8_AMS)
    await sb.open()
    try:
        yield sb
    finally:
        await sb.close()
    assert not sb.world_errors, f"handler errors: {sb.world_errors!r}"
