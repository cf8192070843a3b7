"""The send gate: replies before scheduled messages, per-chat spacing, the global rate.

A fake clock moves only when the gate sleeps, so these tests never wait.
"""

from __future__ import annotations

import asyncio

from bot.telegram.lanes import Lane, SendGate


class Time:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def gate(rate: float | None, per_chat: bool = True) -> tuple[SendGate, Time]:
    clock = Time()
    return SendGate(rate, per_chat=per_chat, clock=clock, sleep=clock.sleep), clock


async def test_a_reply_goes_before_scheduled_messages_already_waiting() -> None:
    g, _ = gate(10.0, per_chat=False)
    order: list[str] = []

    async def send(name: str, chat: int, lane: Lane) -> None:
        await g.acquire(chat, lane)
        order.append(name)

    scheduled = [asyncio.ensure_future(send(f"s{i}", 100 + i, Lane.SCHEDULED))
                 for i in range(6)]
    await asyncio.sleep(0)
    reply = asyncio.ensure_future(send("reply", 1, Lane.REPLY))
    await asyncio.gather(reply, *scheduled)
    assert order.index("reply") <= 2  # at most what already held the head of the queue
    assert sorted(order) == sorted(["reply", *(f"s{i}" for i in range(6))])


async def test_the_global_rate_spaces_sends_out() -> None:
    g, clock = gate(30.0, per_chat=False)
    for chat in range(1, 91):
        await g.acquire(chat, Lane.SCHEDULED)
    # 90 sends at 30/s: three seconds, less the small burst the bucket starts with
    assert 2.8 <= clock.now <= 3.0


async def test_a_private_chat_gets_about_one_message_a_second() -> None:
    g, clock = gate(None)
    for _ in range(8):
        await g.acquire(42, Lane.SCHEDULED)
    # a burst of three, then one a second
    assert 4.9 <= clock.now <= 5.1


async def test_a_group_gets_twenty_messages_a_minute() -> None:
    g, clock = gate(None)
    for _ in range(30):
        await g.acquire(-500, Lane.SCHEDULED)
    assert 29.0 <= clock.now <= 30.1  # 20 at once, then one every 3 s


async def test_replies_never_wait_for_the_chat_but_use_its_budget() -> None:
    g, clock = gate(None)
    for _ in range(3):
        await g.acquire(42, Lane.REPLY)
    assert clock.now == 0.0
    await g.acquire(42, Lane.SCHEDULED)  # the three saved-up slots went to the replies
    assert 0.9 <= clock.now <= 1.1


async def test_no_rate_means_no_waiting() -> None:
    g, clock = gate(None, per_chat=False)
    for _ in range(1000):
        await g.acquire(7, Lane.SCHEDULED)
    assert clock.now == 0.0
