"""Telegram unreachable for a while: nothing still in time is dropped, nothing doubles."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.planning import daily
from tests.e2e.harness import World

DOWN_AT = datetime(2026, 11, 30, 15, 40, tzinfo=UTC)  # Monday 16:40 in Amsterdam
LEARNERS = range(2001, 2041)  # 40: more than one claim batch


def sign_up(world: World) -> None:
    """Forty learners whose prompt is due at 16:45 (set up directly, not by onboarding)."""
    store, now = world.services.store, world.clock()
    for uid in LEARNERS:
        world.user(uid)
        store.create_user(uid, uid, "Lid", "nl", "Europe/Amsterdam", now)
        store.ensure_progress(uid, "starter", now)
        learner = store.update_user(uid, now, state="ready", onboarded_at=now,
                                    programme_id="starter")
        daily.enqueue_prompt(store, world.services.programmes["starter"], learner,
                             datetime(2026, 11, 30, 15, 45, tzinfo=UTC), now)


@pytest.mark.parametrize("outage", [timedelta(minutes=20), timedelta(hours=3)],
                         ids=["20 minutes", "3 hours"])
async def test_an_outage_delays_the_prompts_and_loses_none(world: World, outage: timedelta) -> None:
    sign_up(world)
    await world.at(DOWN_AT)
    world.emu.set_down(True)
    step = timedelta(minutes=1)
    ticks = 0
    while world.clock() < DOWN_AT + outage:
        await world.tick()
        ticks += 1
        world.clock.advance(seconds=step.total_seconds())
    tries_while_down = len(world.emu.calls_to("sendMessage"))
    statuses = Counter(r["status"] for r in world.rows("SELECT status FROM outbox"))
    assert set(statuses) <= {"retry", "pending"}, statuses  # nothing failed, nothing expired
    # One batch found Telegram gone; after that, one probe per pause (not 40 per tick).
    assert tries_while_down <= 30 + ticks, (tries_while_down, ticks)
    world.emu.set_down(False)
    for _ in range(7):  # the pause is at most 5 minutes
        await world.tick()
        world.clock.advance(minutes=1)
    assert Counter(r["status"] for r in world.rows("SELECT status FROM outbox")) == {"sent": 40}
    delivered = Counter(
        int(c.params["chat_id"]) for c in world.emu.calls_to("sendMessage")
        if c.status == 200 and "dag 1 van" in str(c.params.get("text")))
    assert delivered == dict.fromkeys(LEARNERS, 1)
    assert max(r["attempts"] for r in world.rows("SELECT attempts FROM outbox")) >= 2
