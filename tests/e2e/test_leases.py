"""The kill -9 window: few sends in flight, short leases, prompt takeover after a crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.planning import daily
from bot.telegram.dispatch import Dispatcher, in_flight_for
from tests.e2e.harness import World

DUE = datetime(2026, 11, 30, 15, 45, tzinfo=UTC)  # Monday 16:45 in Amsterdam
LEARNERS = range(3001, 3021)


def sign_up(world: World) -> None:
    store, now = world.services.store, world.clock()
    for uid in LEARNERS:
        world.user(uid)
        store.create_user(uid, uid, "Lid", "nl", "Europe/Amsterdam", now)
        store.ensure_progress(uid, "starter", now)
        learner = store.update_user(uid, now, state="ready", onboarded_at=now,
                                    programme_id="starter")
        daily.enqueue_prompt(store, world.services.programmes["starter"], learner, DUE, now)


async def test_a_slow_bot_api_never_has_a_whole_batch_in_flight(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_up(world)
    await world.at(DUE)
    for _ in LEARNERS:
        world.emu.delay_next("sendMessage", 0.05)
    in_flight, most = 0, 0
    real = Dispatcher.deliver

    async def counted(self: Dispatcher, item: Any, **kwargs: Any) -> None:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            await real(self, item, **kwargs)
        finally:
            in_flight -= 1

    monkeypatch.setattr(Dispatcher, "deliver", counted)
    await world.tick()
    assert world.rows("SELECT DISTINCT status FROM outbox WHERE kind = 'prompt'") == [
        {"status": "sent"}]
    # The pool follows the measured round trip (50 ms plus this machine's own time);
    # a whole claimed batch (all 20) used to be in flight, and a kill -9 doubled them.
    # On the wire at once: what the rate needs at this round trip (30/s x ~0.1 s, plus
    # the gate's burst), never all 20; these are the sends a kill -9 could double.
    assert most <= in_flight_for(30.0) < len(LEARNERS), most


async def test_after_a_crash_only_rows_whose_lease_ran_out_are_sent_again(world: World) -> None:
    sign_up(world)
    await world.at(DUE)
    store = world.services.store
    # A process claimed five rows and died; another still holds three with a live lease.
    dead = store.claim_due(DUE, "w-dead", 5)
    alive = store.claim_due(DUE, "w-alive", 3)
    await world.at(DUE + timedelta(seconds=20))
    store.renew_claims("w-alive", world.clock())
    await world.tick()
    claimed = {r["chat_id"]: r["claimed_by"] for r in world.rows(
        "SELECT chat_id, claimed_by FROM outbox WHERE status = 'sending'")}
    assert set(claimed.values()) == {"w-dead", "w-alive"}  # leases still running: untouched
    await world.at(DUE + timedelta(seconds=31))
    store.renew_claims("w-alive", world.clock())
    await world.tick()
    rows = {r["chat_id"]: r["status"] for r in world.rows("SELECT chat_id, status FROM outbox")}
    assert all(rows[i.chat_id] == "sent" for i in dead)  # half a minute, not five
    assert all(rows[i.chat_id] == "sending" for i in alive)  # the live process's own
