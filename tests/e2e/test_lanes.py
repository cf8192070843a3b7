"""Two lanes: a reply to what a user just did is not queued behind a broadcast."""

from __future__ import annotations

import asyncio

from bot.core.records import Outgoing
from bot.telegram.lanes import SendGate
from tests.e2e.harness import World


async def test_a_reply_overtakes_a_broadcast_and_both_are_recorded(world: World) -> None:
    svc = world.services
    svc.dispatcher.gate = SendGate(20.0, per_chat=False)  # 25 messages: over a second
    now = world.clock()
    others = [world.user(5000 + i, name=f"Lid{i}") for i in range(25)]
    for other in others:
        svc.store.enqueue(chat_id=other.id, user_id=None, kind="announcement",
                          message=Outgoing("Nieuws"), due_at=now, now=now)
    sanne = world.user()
    broadcast = asyncio.ensure_future(svc.dispatcher.send_due())
    await world.emu.wait_for(lambda c: c.method == "sendMessage")  # it has begun
    await sanne.send("/help")
    await sanne.next_message()
    await broadcast
    sends = [c for c in world.emu.calls if c.method == "sendMessage"]
    help_at = next(i for i, c in enumerate(sends) if c.params["chat_id"] == sanne.id)
    assert help_at < len(sends) - 5  # not behind the whole broadcast
    statuses = world.rows("SELECT kind, status FROM outbox")
    assert {(r["kind"], r["status"]) for r in statuses} == {("announcement", "sent"),
                                                            ("reply", "sent")}


async def test_paid_broadcast_is_asked_for_scheduled_messages_only(world: World) -> None:
    svc = world.services
    svc.dispatcher.paid_broadcast = True
    now = world.clock()
    other = world.user(5001, name="Lid")
    svc.store.enqueue(chat_id=other.id, user_id=None, kind="announcement",
                      message=Outgoing("Nieuws"), due_at=now, now=now)
    await svc.dispatcher.send_due()
    sanne = world.user()
    await sanne.send("/help")
    await sanne.next_message()
    paid = {c.params["chat_id"]: c.params.get("allow_paid_broadcast")
            for c in world.emu.calls if c.method == "sendMessage"}
    assert paid == {other.id: True, sanne.id: None}
