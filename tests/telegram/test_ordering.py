"""Updates of different people run at once; one person's stay in the order sent."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.telegram.ordering import PerSenderOrder


def message(update_id: int, user_id: int) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": "hoi",
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "X"}}}, None)


async def test_a_slow_update_holds_back_only_its_senders_next_update() -> None:
    processor = PerSenderOrder(8)
    done: list[int] = []
    slow = asyncio.Event()

    async def handle(update_id: int, wait: asyncio.Event | None = None) -> None:
        if wait is not None:
            await wait.wait()
        done.append(update_id)

    tasks = [
        asyncio.ensure_future(processor.process_update(message(1, 1001), handle(1, slow))),
        asyncio.ensure_future(processor.process_update(message(2, 1001), handle(2))),
        asyncio.ensure_future(processor.process_update(message(3, 1002), handle(3))),
    ]
    for _ in range(5):
        await asyncio.sleep(0)
    assert done == [3]  # Bram's went ahead; Sanne's second waits for her first
    slow.set()
    await asyncio.gather(*tasks)
    assert done == [3, 1, 2]


async def test_no_more_than_the_bound_run_at_once() -> None:
    processor = PerSenderOrder(2)
    running, most = 0, 0
    gate = asyncio.Event()

    async def handle() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await gate.wait()
        running -= 1

    tasks = [asyncio.ensure_future(processor.process_update(message(i, 2000 + i), handle()))
             for i in range(6)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert most == 2
    gate.set()
    await asyncio.gather(*tasks)
    assert running == 0
